import { AttestationKind, LoanState, Role, Status, nameOf } from "../lib/enums";
import { kindName, kindsOfMask } from "../lib/attestations";
import { OWING_STATES } from "../lib/lifecycle";
import { schedulePosition, totalDue } from "../lib/schedule";
import type { ContractAddresses } from "../lib/contracts";
import { indexedChain } from "./chain";
import { committeeView } from "./committee";
import { getCursor, getMeta } from "./db";
import { entitledOf, heldFor, type AttestationRow, type LoanRow, type ParticipantRow } from "./ledger";
import { memoized, statementKey } from "./memo";
import type { Sql, SqlParam } from "./sql";
import { attestationFromDb, loanFromDb, participantFromDb, policyFromDb, positionFromDb } from "./store";
import type {
  AttestationView,
  BalanceView,
  CommitteeView,
  EventKind,
  EventView,
  IndexStatus,
  LoanView,
  MovementView,
  ParticipantView,
  PolicyView,
  PositionView,
  RegulatorActionView,
} from "./wire";

/**
 * The query API of the ledger index, for the app, the command line and the audit report. Every method returns
 * plain JSON-ready objects, of the types in indexer/wire.ts: addresses in lower case, token amounts as decimal strings of token units (6
 * decimals), times as unix seconds, enums as numbers with their names beside them. "Now" is the time of the
 * last indexed block, so that answers depend on the index only, never on the clock of the machine reading it.
 *
 *   const views = new LedgerViews(await openIndex({ network, readonly: true }));
 *   await views.loans({ state: "Late" });
 */

const lower = (s: string) => s.toLowerCase();

/** Whether an attestation was valid at time `t` (its author's admission as it stands in `author`). */
export function attestationValidAt(a: AttestationRow, author: ParticipantRow | undefined, t: number, revokedBefore: boolean): boolean {
  if (revokedBefore) return false;
  if (a.expiresAt !== 0 && t >= a.expiresAt) return false;
  if (!author || author.status !== Status.Active || t >= author.expiresAt) return false;
  if (a.kind === AttestationKind.OperatingDisclosure) return author.role === Role.Enterprise;
  if (a.kind === AttestationKind.SupervisionNotice) return author.role === Role.Regulator;
  return author.role === Role.Agency && (author.agencyKinds & (1 << a.kind)) !== 0;
}

export class LedgerViews {
  constructor(readonly sql: Sql) {}

  /** Time of the last indexed block: "now" for every view. */
  async now(): Promise<number> {
    return (await getCursor(this.sql))?.lastBlockTime ?? 0;
  }

  /** Where the index stands. */
  async status(): Promise<IndexStatus> {
    const cursor = await getCursor(this.sql);
    const count = (table: string) => memoized(this.sql, `count:${table}`, async () => (await this.sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n);
    const pause = await this.sql.get<{ args: string }>("SELECT args FROM events WHERE name = 'PauseSet' ORDER BY block_number DESC, log_index DESC LIMIT 1");
    return {
      network: (await getMeta(this.sql, "network")) ?? null,
      /** The chain and block every answer of the index comes from. */
      chain: await indexedChain(this.sql),
      startBlock: Number((await getMeta(this.sql, "startBlock")) ?? 0),
      lastBlock: cursor?.lastBlock ?? null,
      lastBlockTime: cursor?.lastBlockTime ?? null,
      events: await count("events"),
      loans: await count("loans"),
      participants: await count("participants"),
      attestations: await count("attestations"),
      paused: pause ? JSON.parse(pause.args).paused === true : false,
    };
  }

  async events(filter: EventFilter = {}): Promise<EventView[]> {
    const { where, params } = eventWhere(filter);
    const order = filter.newestFirst ? "DESC" : "";
    const text = `SELECT * FROM events ${where} ORDER BY block_number ${order}, log_index ${order} LIMIT ? OFFSET ?`;
    return (await this.sql.all<any>(text, [...params, ...page(filter)])).map(eventFromDb);
  }

  /** How many events match `filter` (its limit and offset aside), for paging. */
  async countEvents(filter: EventFilter = {}): Promise<number> {
    const { where, params } = eventWhere(filter);
    const text = `SELECT count(*) AS n FROM events ${where}`;
    return memoized(this.sql, statementKey(text, params), async () => (await this.sql.get<{ n: number }>(text, params))!.n);
  }

  /** The kinds of event in the index: contract, name and how many. */
  async eventKinds(): Promise<EventKind[]> {
    const text = "SELECT contract, name, count(*) AS count FROM events GROUP BY contract, name ORDER BY contract, name";
    return memoized(this.sql, text, () => this.sql.all<EventKind>(text));
  }

  // ------------------------------------------------------------------ participants

  async participants(filter: { role?: number; status?: number } = {}): Promise<ParticipantView[]> {
    const where: string[] = [];
    const params: SqlParam[] = [];
    if (filter.role !== undefined) where.push("role = ?"), params.push(filter.role);
    if (filter.status !== undefined) where.push("status = ?"), params.push(filter.status);
    const rows = await this.sql.all<any>(`SELECT * FROM participants ${whereOf(where)} ORDER BY admitted_block, account`, params);
    const now = await this.now();
    return rows.map(participantFromDb).map((p) => participantView(p, now));
  }

  /** One participant, with the full history of its admission: admitted, renewed, suspended, reinstated, revoked, accreditation and suitability. */
  async participant(account: string): Promise<(ParticipantView & { history: EventView[] }) | undefined> {
    const row = await this.sql.get("SELECT * FROM participants WHERE account = ?", [lower(account)]);
    if (!row) return undefined;
    const history = (
      await this.sql.all<any>(
        `SELECT * FROM events WHERE contract = 'ParticipantRegistry'
           AND (block_number, log_index) IN (SELECT block_number, log_index FROM event_accounts WHERE arg IN ('account', 'agency', 'investor') AND account = ?)
         ORDER BY block_number, log_index`,
        [lower(account)],
      )
    ).map(eventFromDb);
    return { ...participantView(participantFromDb(row), await this.now()), history };
  }

  // ------------------------------------------------------------------ the supervisory committee

  /** The committee: members, threshold, notice period, proposals (newest first) with decoded calls, approvals, state and time left, and its history. */
  async committee(deployment: ContractAddresses): Promise<CommitteeView> {
    const now = await this.now();
    return committeeView(this.sql, deployment, now, (p) => participantView(p, now));
  }

  // ------------------------------------------------------------------ loans

  async loans(filter: { state?: number | string; enterprise?: string; riskGrade?: number } = {}): Promise<LoanView[]> {
    const state = typeof filter.state === "string" ? LoanState[filter.state as keyof typeof LoanState] : filter.state;
    const where: string[] = [];
    const params: SqlParam[] = [];
    if (state !== undefined) where.push("state = ?"), params.push(state);
    if (filter.enterprise !== undefined) where.push("enterprise = ?"), params.push(lower(filter.enterprise));
    if (filter.riskGrade !== undefined) where.push("risk_grade = ?"), params.push(filter.riskGrade);
    const rows = await this.sql.all<any>(`SELECT * FROM loans ${whereOf(where)} ORDER BY id`, params);
    const now = await this.now();
    return rows.map(loanFromDb).map((l) => loanView(l, now));
  }

  /** One loan with its investors' positions and every event about it. */
  async loan(id: number): Promise<(LoanView & { positions: PositionView[]; events: EventView[] }) | undefined> {
    const row = await this.sql.get("SELECT * FROM loans WHERE id = ?", [id]);
    if (!row) return undefined;
    return { ...loanView(loanFromDb(row), await this.now()), positions: await this.positions({ loanId: id }), events: await this.events({ loanId: id }) };
  }

  // ------------------------------------------------------------------ attestations

  async attestations(filter: { subject?: string; attester?: string; kind?: number; loanId?: number } = {}): Promise<AttestationView[]> {
    const where: string[] = [];
    const params: SqlParam[] = [];
    const subject = filter.loanId !== undefined ? `0x${filter.loanId.toString(16).padStart(64, "0")}` : filter.subject;
    if (subject) where.push("subject = ?"), params.push(lower(subject));
    if (filter.attester) where.push("attester = ?"), params.push(lower(filter.attester));
    if (filter.kind !== undefined) where.push("kind = ?"), params.push(filter.kind);
    const rows = await this.sql.all<any>(`SELECT * FROM attestations ${whereOf(where)} ORDER BY block_number, log_index`, params);
    const participants = new Map((await this.sql.all<any>("SELECT * FROM participants")).map((r) => [r.account as string, participantFromDb(r)]));
    const now = await this.now();
    return rows.map((r) => {
      const a = attestationFromDb(r);
      return attestationView(a, participants.get(a.attester), a.revokedBy ? participants.get(a.revokedBy) : undefined, now);
    });
  }

  async attestation(uid: string): Promise<AttestationView | undefined> {
    const row = await this.sql.get("SELECT * FROM attestations WHERE uid = ?", [lower(uid)]);
    if (!row) return undefined;
    const a = attestationFromDb(row);
    const p = async (account: string | null) => (account ? await this.sql.get<any>("SELECT * FROM participants WHERE account = ?", [account]) : undefined);
    const author = await p(a.attester);
    const revoker = await p(a.revokedBy);
    return attestationView(a, author && participantFromDb(author), revoker && participantFromDb(revoker), await this.now());
  }

  // ------------------------------------------------------------------ money

  /** Investor positions: contributed, claimed, refunded, and what is claimable from the loan totals. */
  async positions(filter: { investor?: string; loanId?: number } = {}): Promise<PositionView[]> {
    const where: string[] = [];
    const params: SqlParam[] = [];
    if (filter.investor) where.push("p.investor = ?"), params.push(lower(filter.investor));
    if (filter.loanId !== undefined) where.push("p.loan_id = ?"), params.push(filter.loanId);
    const rows = await this.sql.all<any>(
      `SELECT p.*, l.distributed AS l_distributed, l.raised AS l_raised, l.principal AS l_principal FROM positions p JOIN loans l ON l.id = p.loan_id
       ${whereOf(where)} ORDER BY p.loan_id, p.investor`,
      params,
    );
    return rows.map((r) => {
      const p = positionFromDb(r);
      const entitled = entitledOf({ distributed: BigInt(r.l_distributed), raised: BigInt(r.l_raised), principal: BigInt(r.l_principal) }, p);
      return {
        loanId: p.loanId,
        investor: p.investor,
        contributed: p.contributed.toString(),
        claimed: p.claimed.toString(),
        refunded: p.refunded,
        refundedAmount: (p.refunded ? p.contributed : 0n).toString(),
        entitled: entitled.toString(),
        claimable: (entitled > p.claimed ? entitled - p.claimed : 0n).toString(),
      };
    });
  }

  /** Every movement of money: token transfers, mints and burns, and each loan booking (fund, refund, disburse, fee, repay, claim, bond, guarantee payout, recovery). */
  async movements(filter: { account?: string; loanId?: number; kind?: string; limit?: number; offset?: number } = {}): Promise<MovementView[]> {
    const where: string[] = [];
    const params: SqlParam[] = [];
    if (filter.account) where.push("(from_account = ? OR to_account = ?)"), params.push(lower(filter.account), lower(filter.account));
    if (filter.loanId !== undefined) where.push("loan_id = ?"), params.push(filter.loanId);
    if (filter.kind) where.push("kind LIKE ?"), params.push(`${filter.kind}%`);
    const rows = await this.sql.all<any>(`SELECT * FROM movements ${whereOf(where)} ORDER BY block_number, log_index, seq LIMIT ? OFFSET ?`, [...params, ...page(filter)]);
    return rows.map((r) => ({
      blockNumber: r.block_number,
      logIndex: r.log_index,
      seq: r.seq,
      blockTime: r.block_time,
      txHash: r.tx_hash,
      kind: r.kind,
      loanId: r.loan_id,
      from: r.from_account,
      to: r.to_account,
      amount: r.amount,
    }));
  }

  /** Token balances rebuilt from Transfer events. */
  async balances(): Promise<BalanceView[]> {
    return this.sql.all<BalanceView>("SELECT account, balance FROM balances WHERE balance != '0' ORDER BY account");
  }

  // ------------------------------------------------------------------ regulator

  /** Every regulator action: admissions and their changes, policy, platform contracts, pause, freezes, notices, revocations and declarations by the regulator. */
  async regulatorActions(filter: { limit?: number; offset?: number } = {}): Promise<RegulatorActionView[]> {
    const rows = await this.sql.all<any>("SELECT * FROM regulator_actions ORDER BY block_number, log_index LIMIT ? OFFSET ?", page(filter));
    return rows.map((r) => ({
      blockNumber: r.block_number,
      logIndex: r.log_index,
      blockTime: r.block_time,
      txHash: r.tx_hash,
      contract: r.contract,
      action: r.action,
      loanId: r.loan_id,
      args: JSON.parse(r.args) as Record<string, unknown>,
    }));
  }

  /** Every policy the regulator set, oldest first; the last is in force. */
  async policies(): Promise<PolicyView[]> {
    return (await this.sql.all<any>("SELECT * FROM policies ORDER BY block_number, log_index")).map((r) => {
      const p = policyFromDb(r);
      return { ...p, enterpriseCap: p.enterpriseCap.toString() };
    });
  }
}

const whereOf = (where: string[]) => (where.length ? `WHERE ${where.join(" AND ")}` : "");

/** LIMIT and OFFSET parameters: no limit is the largest safe integer (both databases take it; neither takes -1 alike). */
const page = (filter: { limit?: number; offset?: number }): [number, number] => [filter.limit ?? Number.MAX_SAFE_INTEGER, filter.offset ?? 0];

/** Filters of `events` and `countEvents`; every given field must hold. */
export interface EventFilter {
  name?: string;
  contract?: string;
  loanId?: number;
  /** An account among the event's arguments (any top-level address argument). */
  account?: string;
  txHash?: string;
  fromBlock?: number;
  toBlock?: number;
  /** Block time range, unix seconds, both inclusive. */
  fromTime?: number;
  toTime?: number;
  limit?: number;
  offset?: number;
  newestFirst?: boolean;
}

function eventWhere(filter: EventFilter): { where: string; params: SqlParam[] } {
  const where: string[] = [];
  const params: SqlParam[] = [];
  if (filter.name) where.push("name = ?"), params.push(filter.name);
  if (filter.contract) where.push("contract = ?"), params.push(filter.contract);
  if (filter.loanId !== undefined) where.push("loan_id = ?"), params.push(filter.loanId);
  if (filter.account) where.push("(block_number, log_index) IN (SELECT block_number, log_index FROM event_accounts WHERE account = ?)"), params.push(lower(filter.account));
  if (filter.txHash) where.push("tx_hash = ?"), params.push(lower(filter.txHash));
  if (filter.fromBlock !== undefined) where.push("block_number >= ?"), params.push(filter.fromBlock);
  if (filter.toBlock !== undefined) where.push("block_number <= ?"), params.push(filter.toBlock);
  if (filter.fromTime !== undefined) where.push("block_time >= ?"), params.push(filter.fromTime);
  if (filter.toTime !== undefined) where.push("block_time <= ?"), params.push(filter.toTime);
  return { where: whereOf(where), params };
}

function eventFromDb(r: any): EventView {
  return { blockNumber: r.block_number, logIndex: r.log_index, blockTime: r.block_time, txHash: r.tx_hash, contract: r.contract, name: r.name, loanId: r.loan_id, args: JSON.parse(r.args) };
}

function participantView(p: ParticipantRow, now: number): ParticipantView {
  return {
    account: p.account,
    role: p.role,
    roleName: nameOf(Role, p.role),
    status: p.status,
    statusName: nameOf(Status, p.status),
    active: p.status === Status.Active && now < p.expiresAt,
    agencyKinds: p.agencyKinds,
    agencyKindNames: kindsOfMask(p.agencyKinds).map(kindName),
    scale: p.scale,
    suitability: p.suitability,
    admittedAt: p.admittedAt,
    expiresAt: p.expiresAt,
    credentialHash: p.credentialHash,
    admittedBlock: p.admittedBlock,
  };
}

function attestationView(a: AttestationRow, author: ParticipantRow | undefined, revoker: ParticipantRow | undefined, now: number): AttestationView {
  return {
    uid: a.uid,
    kind: a.kind,
    kindName: kindName(a.kind),
    attester: a.attester,
    relayer: a.relayer,
    relayed: a.relayer !== a.attester,
    subject: a.subject,
    value: a.value.toString(),
    dataHash: a.dataHash,
    refUid: a.refUid,
    attestedAt: a.blockTime,
    attestedBlock: a.blockNumber,
    txHash: a.txHash,
    expiresAt: a.expiresAt === 0 ? null : a.expiresAt,
    revokedAt: a.revokedTime,
    revokedBlock: a.revokedBlock,
    revokedBy: a.revokedBy,
    revokedByRegulator: revoker?.role === Role.Regulator,
    period: a.period,
    validNow: attestationValidAt(a, author, now, a.revokedBlock !== null),
  };
}

export function loanView(l: LoanRow, now: number): LoanView {
  const position = schedulePosition(l, now);
  const s = (x: bigint) => x.toString();
  return {
    id: l.id,
    enterprise: l.enterprise,
    state: l.state,
    stateName: nameOf(LoanState, l.state),
    frozen: l.frozen,
    amount: s(l.amount),
    minRaise: s(l.minRaise),
    rateBps: l.rateBps,
    method: l.method,
    instalments: l.instalments,
    periodLength: l.periodLength,
    purpose: l.purpose,
    riskGrade: l.riskGrade,
    feeBps: l.feeBps,
    operator: l.operator,
    guarantor: l.guarantor,
    publishedAt: l.publishedTime,
    fundingDeadline: l.fundingDeadline,
    startedAt: l.startedAt,
    attestationUids: l.attestationUids,
    raised: s(l.raised),
    escrow: s(l.escrow),
    principal: s(l.principal),
    repaid: s(l.repaid),
    distributed: s(l.distributed),
    claimed: s(l.claimed),
    refunded: s(l.refunded),
    bond: s(l.bond),
    guaranteePaid: s(l.guaranteePaid),
    recovered: s(l.recovered),
    recoveryClaimed: s(l.recoveryClaimed),
    closingAmount: s(l.closingAmount),
    held: s(heldFor(l)),
    outstanding: s(position.outstanding),
    instalmentsDue: position.instalmentsDue,
    nextInstalment: position.nextInstalment,
    nextDueAt: position.nextDueAt,
    arrears: s(position.arrears),
    daysLate: position.daysLate,
  };
}
