import { AttestationKind, LoanState, Role, Status, nameOf } from "../lib/enums";
import { kindName, kindsOfMask } from "../lib/attestations";
import { OWING_STATES } from "../lib/lifecycle";
import { schedulePosition, totalDue } from "../lib/schedule";
import type { ContractAddresses } from "../lib/contracts";
import { indexedChain } from "./chain";
import { committeeView } from "./committee";
import { getCursor, getMeta, type Db } from "./db";
import { entitledOf, heldFor, type AttestationRow, type LoanRow, type ParticipantRow } from "./ledger";
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
 *   const views = new LedgerViews(openDb(path, { readonly: true }));
 *   views.loans({ state: "Late" });
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
  constructor(readonly db: Db) {}

  /** Time of the last indexed block: "now" for every view. */
  now(): number {
    return getCursor(this.db)?.lastBlockTime ?? 0;
  }

  /** Where the index stands. */
  status(): IndexStatus {
    const cursor = getCursor(this.db);
    const count = (table: string) => (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const pause = this.db.prepare("SELECT args FROM events WHERE name = 'PauseSet' ORDER BY block_number DESC, log_index DESC LIMIT 1").get() as { args: string } | undefined;
    return {
      network: getMeta(this.db, "network") ?? null,
      /** The chain and block every answer of the index comes from. */
      chain: indexedChain(this.db),
      startBlock: Number(getMeta(this.db, "startBlock") ?? 0),
      lastBlock: cursor?.lastBlock ?? null,
      lastBlockTime: cursor?.lastBlockTime ?? null,
      events: count("events"),
      loans: count("loans"),
      participants: count("participants"),
      attestations: count("attestations"),
      paused: pause ? JSON.parse(pause.args).paused === true : false,
    };
  }

  events(filter: EventFilter = {}): EventView[] {
    const { where, params } = eventWhere(filter);
    const order = filter.newestFirst ? "DESC" : "";
    const sql = `SELECT * FROM events ${where} ORDER BY block_number ${order}, log_index ${order} LIMIT ? OFFSET ?`;
    return (this.db.prepare(sql).all(...params, filter.limit ?? -1, filter.offset ?? 0) as any[]).map(eventFromDb);
  }

  /** How many events match `filter` (its limit and offset aside), for paging. */
  countEvents(filter: EventFilter = {}): number {
    const { where, params } = eventWhere(filter);
    return (this.db.prepare(`SELECT count(*) AS n FROM events ${where}`).get(...params) as { n: number }).n;
  }

  /** The kinds of event in the index: contract, name and how many. */
  eventKinds(): EventKind[] {
    return this.db.prepare("SELECT contract, name, count(*) AS count FROM events GROUP BY contract, name ORDER BY contract, name").all() as EventKind[];
  }

  // ------------------------------------------------------------------ participants

  participants(filter: { role?: number; status?: number } = {}): ParticipantView[] {
    const rows = this.db.prepare("SELECT * FROM participants ORDER BY admitted_block, account").all() as any[];
    const now = this.now();
    return rows
      .map(participantFromDb)
      .filter((p) => (filter.role === undefined || p.role === filter.role) && (filter.status === undefined || p.status === filter.status))
      .map((p) => participantView(p, now));
  }

  /** One participant, with the full history of its admission: admitted, renewed, suspended, reinstated, revoked, accreditation and suitability. */
  participant(account: string): (ParticipantView & { history: EventView[] }) | undefined {
    const row = this.db.prepare("SELECT * FROM participants WHERE account = ?").get(lower(account));
    if (!row) return undefined;
    const history = (
      this.db
        .prepare(
          `SELECT * FROM events WHERE contract = 'ParticipantRegistry'
             AND coalesce(json_extract(args, '$.account'), json_extract(args, '$.agency'), json_extract(args, '$.investor')) = ?
           ORDER BY block_number, log_index`,
        )
        .all(lower(account)) as any[]
    ).map(eventFromDb);
    return { ...participantView(participantFromDb(row), this.now()), history };
  }

  // ------------------------------------------------------------------ the supervisory committee

  /** The committee: members, threshold, notice period, proposals (newest first) with decoded calls, approvals, state and time left, and its history. */
  committee(deployment: ContractAddresses): CommitteeView {
    return committeeView(this.db, deployment, this.now(), (p) => participantView(p, this.now()));
  }

  // ------------------------------------------------------------------ loans

  loans(filter: { state?: number | string; enterprise?: string; riskGrade?: number } = {}): LoanView[] {
    const state = typeof filter.state === "string" ? LoanState[filter.state as keyof typeof LoanState] : filter.state;
    const rows = this.db.prepare("SELECT * FROM loans ORDER BY id").all() as any[];
    const now = this.now();
    return rows
      .map(loanFromDb)
      .filter(
        (l) =>
          (state === undefined || l.state === state) &&
          (filter.enterprise === undefined || l.enterprise === lower(filter.enterprise)) &&
          (filter.riskGrade === undefined || l.riskGrade === filter.riskGrade),
      )
      .map((l) => loanView(l, now));
  }

  /** One loan with its investors' positions and every event about it. */
  loan(id: number): (LoanView & { positions: PositionView[]; events: EventView[] }) | undefined {
    const row = this.db.prepare("SELECT * FROM loans WHERE id = ?").get(id);
    if (!row) return undefined;
    return { ...loanView(loanFromDb(row), this.now()), positions: this.positions({ loanId: id }), events: this.events({ loanId: id }) };
  }

  // ------------------------------------------------------------------ attestations

  attestations(filter: { subject?: string; attester?: string; kind?: number; loanId?: number } = {}): AttestationView[] {
    const where: string[] = [];
    const params: unknown[] = [];
    const subject = filter.loanId !== undefined ? `0x${filter.loanId.toString(16).padStart(64, "0")}` : filter.subject;
    if (subject) where.push("subject = ?"), params.push(lower(subject));
    if (filter.attester) where.push("attester = ?"), params.push(lower(filter.attester));
    if (filter.kind !== undefined) where.push("kind = ?"), params.push(filter.kind);
    const rows = this.db.prepare(`SELECT * FROM attestations ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY block_number, log_index`).all(...params) as any[];
    const participants = new Map((this.db.prepare("SELECT * FROM participants").all() as any[]).map((r) => [r.account as string, participantFromDb(r)]));
    const now = this.now();
    return rows.map((r) => {
      const a = attestationFromDb(r);
      return attestationView(a, participants.get(a.attester), a.revokedBy ? participants.get(a.revokedBy) : undefined, now);
    });
  }

  attestation(uid: string): AttestationView | undefined {
    const row = this.db.prepare("SELECT * FROM attestations WHERE uid = ?").get(lower(uid));
    if (!row) return undefined;
    const a = attestationFromDb(row);
    const p = (account: string | null) => (account ? (this.db.prepare("SELECT * FROM participants WHERE account = ?").get(account) as any) : undefined);
    const author = p(a.attester);
    const revoker = p(a.revokedBy);
    return attestationView(a, author && participantFromDb(author), revoker && participantFromDb(revoker), this.now());
  }

  // ------------------------------------------------------------------ money

  /** Investor positions: contributed, claimed, refunded, and what is claimable from the loan totals. */
  positions(filter: { investor?: string; loanId?: number } = {}): PositionView[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.investor) where.push("p.investor = ?"), params.push(lower(filter.investor));
    if (filter.loanId !== undefined) where.push("p.loan_id = ?"), params.push(filter.loanId);
    const rows = this.db
      .prepare(
        `SELECT p.*, l.distributed AS l_distributed, l.raised AS l_raised, l.principal AS l_principal FROM positions p JOIN loans l ON l.id = p.loan_id
         ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY p.loan_id, p.investor`,
      )
      .all(...params) as any[];
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
  movements(filter: { account?: string; loanId?: number; kind?: string; limit?: number; offset?: number } = {}): MovementView[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.account) where.push("(from_account = ? OR to_account = ?)"), params.push(lower(filter.account), lower(filter.account));
    if (filter.loanId !== undefined) where.push("loan_id = ?"), params.push(filter.loanId);
    if (filter.kind) where.push("kind LIKE ?"), params.push(`${filter.kind}%`);
    const rows = this.db
      .prepare(`SELECT * FROM movements ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY block_number, log_index, seq LIMIT ? OFFSET ?`)
      .all(...params, filter.limit ?? -1, filter.offset ?? 0) as any[];
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
  balances(): BalanceView[] {
    return this.db.prepare("SELECT account, balance FROM balances WHERE balance != '0' ORDER BY account").all() as BalanceView[];
  }

  // ------------------------------------------------------------------ regulator

  /** Every regulator action: admissions and their changes, policy, platform contracts, pause, freezes, notices, revocations and declarations by the regulator. */
  regulatorActions(filter: { limit?: number; offset?: number } = {}): RegulatorActionView[] {
    const rows = this.db.prepare("SELECT * FROM regulator_actions ORDER BY block_number, log_index LIMIT ? OFFSET ?").all(filter.limit ?? -1, filter.offset ?? 0) as any[];
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
  policies(): PolicyView[] {
    return (this.db.prepare("SELECT * FROM policies ORDER BY block_number, log_index").all() as any[]).map((r) => {
      const p = policyFromDb(r);
      return { ...p, enterpriseCap: p.enterpriseCap.toString() };
    });
  }
}

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

function eventWhere(filter: EventFilter): { where: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.name) where.push("name = ?"), params.push(filter.name);
  if (filter.contract) where.push("contract = ?"), params.push(filter.contract);
  if (filter.loanId !== undefined) where.push("loan_id = ?"), params.push(filter.loanId);
  if (filter.account) where.push("EXISTS (SELECT 1 FROM json_each(events.args) WHERE json_each.value = ?)"), params.push(lower(filter.account));
  if (filter.txHash) where.push("tx_hash = ?"), params.push(lower(filter.txHash));
  if (filter.fromBlock !== undefined) where.push("block_number >= ?"), params.push(filter.fromBlock);
  if (filter.toBlock !== undefined) where.push("block_number <= ?"), params.push(filter.toBlock);
  if (filter.fromTime !== undefined) where.push("block_time >= ?"), params.push(filter.fromTime);
  if (filter.toTime !== undefined) where.push("block_time <= ?"), params.push(filter.toTime);
  return { where: where.length ? `WHERE ${where.join(" AND ")}` : "", params };
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
