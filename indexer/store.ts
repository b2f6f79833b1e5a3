import { accountArgsOf, loanIdOf, type LedgerEvent } from "./decode";
import { insertRows, placeholders, selectIn, type Sql, type SqlParam } from "./sql";
import type { ApprovalRow, AttestationRow, CommitteeSettingRow, LedgerStore, LoanRow, MovementRow, ParticipantRow, PolicyRow, PositionRow, ProposalRow } from "./ledger";

/**
 * The derived tables of the index as a LedgerStore (IndexStore, below), and the row <-> object mapping the
 * views and the audit read the tables with. Integer columns come back as numbers on both databases.
 */

const str = (x: bigint) => x.toString();
const optBig = (x: string | null) => (x === null ? null : BigInt(x));

export const loanFromDb = (r: any): LoanRow => ({
  id: r.id,
  enterprise: r.enterprise,
  state: r.state,
  frozen: r.frozen === 1,
  amount: BigInt(r.amount),
  minRaise: BigInt(r.min_raise),
  rateBps: r.rate_bps,
  method: r.method,
  instalments: r.instalments,
  periodLength: r.period_length,
  fundingPeriod: r.funding_period,
  purpose: r.purpose,
  metadataHash: r.metadata_hash,
  riskGrade: r.risk_grade,
  feeBps: r.fee_bps,
  fundingDeadline: r.funding_deadline,
  operator: r.operator,
  startedAt: r.started_at,
  publishedBlock: r.published_block,
  publishedTime: r.published_time,
  listedBlock: r.listed_block,
  attestationUids: JSON.parse(r.attestation_uids),
  raised: BigInt(r.raised),
  escrow: BigInt(r.escrow),
  principal: BigInt(r.principal),
  repaid: BigInt(r.repaid),
  distributed: BigInt(r.distributed),
  claimed: BigInt(r.claimed),
  refunded: BigInt(r.refunded),
  closingAmount: BigInt(r.closing_amount),
  bond: BigInt(r.bond),
  guaranteePaid: BigInt(r.guarantee_paid),
  recovered: BigInt(r.recovered),
  recoveryClaimed: BigInt(r.recovery_claimed),
  guarantor: r.guarantor,
  updatedBlock: r.updated_block,
});

const loanToDb = (l: LoanRow) => ({
  id: l.id,
  enterprise: l.enterprise,
  state: l.state,
  frozen: l.frozen ? 1 : 0,
  amount: str(l.amount),
  min_raise: str(l.minRaise),
  rate_bps: l.rateBps,
  method: l.method,
  instalments: l.instalments,
  period_length: l.periodLength,
  funding_period: l.fundingPeriod,
  purpose: l.purpose,
  metadata_hash: l.metadataHash,
  risk_grade: l.riskGrade,
  fee_bps: l.feeBps,
  funding_deadline: l.fundingDeadline,
  operator: l.operator,
  started_at: l.startedAt,
  published_block: l.publishedBlock,
  published_time: l.publishedTime,
  listed_block: l.listedBlock,
  attestation_uids: JSON.stringify(l.attestationUids),
  raised: str(l.raised),
  escrow: str(l.escrow),
  principal: str(l.principal),
  repaid: str(l.repaid),
  distributed: str(l.distributed),
  claimed: str(l.claimed),
  refunded: str(l.refunded),
  closing_amount: str(l.closingAmount),
  bond: str(l.bond),
  guarantee_paid: str(l.guaranteePaid),
  recovered: str(l.recovered),
  recovery_claimed: str(l.recoveryClaimed),
  guarantor: l.guarantor,
  updated_block: l.updatedBlock,
});

export const positionFromDb = (r: any): PositionRow => ({
  loanId: r.loan_id,
  investor: r.investor,
  contributed: BigInt(r.contributed),
  claimed: BigInt(r.claimed),
  refunded: r.refunded === 1,
});

export const participantFromDb = (r: any): ParticipantRow => ({
  account: r.account,
  role: r.role,
  status: r.status,
  agencyKinds: r.agency_kinds,
  scale: r.scale,
  suitability: r.suitability,
  admittedAt: r.admitted_at,
  expiresAt: r.expires_at,
  credentialHash: r.credential_hash,
  admittedBlock: r.admitted_block,
  updatedBlock: r.updated_block,
});

export const attestationFromDb = (r: any): AttestationRow => ({
  uid: r.uid,
  attester: r.attester,
  relayer: r.relayer,
  kind: r.kind,
  subject: r.subject,
  value: BigInt(r.value),
  dataHash: r.data_hash,
  refUid: r.ref_uid,
  expiresAt: r.expires_at,
  blockNumber: r.block_number,
  logIndex: r.log_index,
  blockTime: r.block_time,
  txHash: r.tx_hash,
  nonce: optBig(r.nonce),
  deadline: optBig(r.deadline),
  signature: r.signature,
  period: r.period,
  revokedBlock: r.revoked_block,
  revokedLogIndex: r.revoked_log_index,
  revokedTime: r.revoked_time,
  revokedBy: r.revoked_by,
  revokeReason: r.revoke_reason,
});

export const policyFromDb = (r: any): PolicyRow => ({
  blockNumber: r.block_number,
  logIndex: r.log_index,
  blockTime: r.block_time,
  lprBps: r.lpr_bps,
  rateCapBps: r.rate_cap_bps,
  feeCapBps: r.fee_cap_bps,
  requiredKinds: r.required_kinds,
  gracePeriod: r.grace_period,
  defaultPeriod: r.default_period,
  enterpriseCap: BigInt(r.enterprise_cap),
  regulator: r.regulator,
});

export const proposalFromDb = (r: any): ProposalRow => ({
  id: r.id,
  proposer: r.proposer,
  target: r.target,
  data: r.data,
  description: r.description,
  createdBlock: r.created_block,
  createdLogIndex: r.created_log_index,
  createdTime: r.created_time,
  createdTx: r.created_tx,
  expiresAt: r.expires_at,
  queuedBlock: r.queued_block,
  queuedTime: r.queued_time,
  eta: r.eta,
  executedBlock: r.executed_block,
  executedTime: r.executed_time,
  executedTx: r.executed_tx,
  executor: r.executor,
  cancelledBlock: r.cancelled_block,
  cancelledTime: r.cancelled_time,
  cancelledTx: r.cancelled_tx,
  cancelledBy: r.cancelled_by,
  updatedBlock: r.updated_block,
});

const proposalToDb = (p: ProposalRow) => ({
  id: p.id,
  proposer: p.proposer,
  target: p.target,
  data: p.data,
  description: p.description,
  created_block: p.createdBlock,
  created_log_index: p.createdLogIndex,
  created_time: p.createdTime,
  created_tx: p.createdTx,
  expires_at: p.expiresAt,
  queued_block: p.queuedBlock,
  queued_time: p.queuedTime,
  eta: p.eta,
  executed_block: p.executedBlock,
  executed_time: p.executedTime,
  executed_tx: p.executedTx,
  executor: p.executor,
  cancelled_block: p.cancelledBlock,
  cancelled_time: p.cancelledTime,
  cancelled_tx: p.cancelledTx,
  cancelled_by: p.cancelledBy,
  updated_block: p.updatedBlock,
});

export const approvalFromDb = (r: any): ApprovalRow => ({
  proposalId: r.proposal_id,
  member: r.member,
  approvals: r.approvals,
  blockNumber: r.block_number,
  logIndex: r.log_index,
  blockTime: r.block_time,
  txHash: r.tx_hash,
});

export const committeeSettingFromDb = (r: any): CommitteeSettingRow => ({
  blockNumber: r.block_number,
  logIndex: r.log_index,
  blockTime: r.block_time,
  txHash: r.tx_hash,
  setting: r.setting,
  value: r.value,
});

const participantToDb = (p: ParticipantRow) => ({
  account: p.account,
  role: p.role,
  status: p.status,
  agency_kinds: p.agencyKinds,
  scale: p.scale,
  suitability: p.suitability,
  admitted_at: p.admittedAt,
  expires_at: p.expiresAt,
  credential_hash: p.credentialHash,
  admitted_block: p.admittedBlock,
  updated_block: p.updatedBlock,
});

const attestationToDb = (a: AttestationRow) => ({
  uid: a.uid,
  attester: a.attester,
  relayer: a.relayer,
  kind: a.kind,
  subject: a.subject,
  value: str(a.value),
  data_hash: a.dataHash,
  ref_uid: a.refUid,
  expires_at: a.expiresAt,
  block_number: a.blockNumber,
  log_index: a.logIndex,
  block_time: a.blockTime,
  tx_hash: a.txHash,
  nonce: a.nonce === null ? null : str(a.nonce),
  deadline: a.deadline === null ? null : str(a.deadline),
  signature: a.signature,
  period: a.period,
  revoked_block: a.revokedBlock,
  revoked_log_index: a.revokedLogIndex,
  revoked_time: a.revokedTime,
  revoked_by: a.revokedBy,
  revoke_reason: a.revokeReason,
});

const positionToDb = (p: PositionRow) => ({ loan_id: p.loanId, investor: p.investor, contributed: str(p.contributed), claimed: str(p.claimed), refunded: p.refunded ? 1 : 0 });

const policyToDb = (p: PolicyRow) => ({
  block_number: p.blockNumber,
  log_index: p.logIndex,
  block_time: p.blockTime,
  lpr_bps: p.lprBps,
  rate_cap_bps: p.rateCapBps,
  fee_cap_bps: p.feeCapBps,
  required_kinds: p.requiredKinds,
  grace_period: p.gracePeriod,
  default_period: p.defaultPeriod,
  enterprise_cap: str(p.enterpriseCap),
  regulator: p.regulator,
});

const movementToDb = (m: MovementRow) => ({
  block_number: m.blockNumber,
  log_index: m.logIndex,
  seq: m.seq,
  block_time: m.blockTime,
  tx_hash: m.txHash,
  kind: m.kind,
  loan_id: m.loanId,
  from_account: m.from,
  to_account: m.to,
  amount: str(m.amount),
});

const approvalToDb = (a: ApprovalRow) => ({
  proposal_id: a.proposalId,
  member: a.member,
  approvals: a.approvals,
  block_number: a.blockNumber,
  log_index: a.logIndex,
  block_time: a.blockTime,
  tx_hash: a.txHash,
});

const committeeSettingToDb = (c: CommitteeSettingRow) => ({ block_number: c.blockNumber, log_index: c.logIndex, block_time: c.blockTime, tx_hash: c.txHash, setting: c.setting, value: c.value });

/** Writes objects of one shape (column -> value) as rows. */
async function writeObjects(sql: Sql, table: string, objects: Record<string, SqlParam>[], key?: string[]): Promise<void> {
  if (objects.length === 0) return;
  const columns = Object.keys(objects[0]);
  await insertRows(
    sql,
    table,
    columns,
    objects.map((o) => columns.map((c) => o[c])),
    key,
  );
}

/** The rows a block range's events may read, by table: what {@link IndexStore.load} fetches before they are applied. */
interface Keys {
  loans: Set<number>;
  positions: Map<string, [number, string]>;
  participants: Set<string>;
  attestations: Set<string>;
  balances: Set<string>;
  proposals: Set<number>;
}

/** What each event reads from the store (see the reducer, indexer/ledger.ts). */
function addKeysOf(keys: Keys, e: LedgerEvent): void {
  const args = e.args as Record<string, unknown>;
  const addresses = accountArgsOf(e).map(([, account]) => account);
  switch (e.contract) {
    case "ParticipantRegistry":
      for (const a of addresses) keys.participants.add(a);
      break;
    case "AttestationRegistry":
      if (typeof args.uid === "string") keys.attestations.add(args.uid);
      break;
    case "DepositToken":
      for (const a of addresses) keys.balances.add(a);
      break;
    case "LoanBook": {
      const id = loanIdOf(e);
      if (id === null) break;
      keys.loans.add(id);
      for (const a of addresses) keys.positions.set(`${id}:${a}`, [id, a]);
      break;
    }
    case "SupervisoryCommittee":
      if (args.id !== undefined) keys.proposals.add(Number(args.id));
      break;
  }
}

/**
 * The derived tables of the index as a LedgerStore, on either database. The reducer is synchronous, so the rows
 * a block range's events read are fetched before they are applied ({@link IndexStore.load}, a few multi-key
 * queries), changed in memory and written back by {@link IndexStore.flush} inside the range's transaction with
 * multi-row statements. Reading a row that was not loaded is a bug of `addKeysOf` and throws.
 */
export class IndexStore implements LedgerStore {
  private readonly loans = new Map<number, LoanRow | undefined>();
  private readonly positions = new Map<string, PositionRow | undefined>();
  private readonly participants = new Map<string, ParticipantRow | undefined>();
  private readonly attestations = new Map<string, AttestationRow | undefined>();
  private readonly balances = new Map<string, bigint>();
  private readonly proposals = new Map<number, ProposalRow | undefined>();
  private readonly dirty = {
    loans: new Set<number>(),
    positions: new Set<string>(),
    participants: new Set<string>(),
    attestations: new Set<string>(),
    balances: new Set<string>(),
    proposals: new Set<number>(),
  };
  private policies: PolicyRow[] = [];
  private movements: MovementRow[] = [];
  private approvals: ApprovalRow[] = [];
  private committeeSettings: CommitteeSettingRow[] = [];

  /** Fetches every row `events` may read and is not cached yet; `sql` is the range's transaction. */
  async load(sql: Sql, events: readonly LedgerEvent[]): Promise<void> {
    const keys: Keys = { loans: new Set(), positions: new Map(), participants: new Set(), attestations: new Set(), balances: new Set(), proposals: new Set() };
    for (const e of events) addKeysOf(keys, e);
    const missing = <K>(set: Iterable<K>, cache: Map<K, unknown>) => [...set].filter((k) => !cache.has(k));

    const loanIds = missing(keys.loans, this.loans);
    for (const id of loanIds) this.loans.set(id, undefined);
    for (const r of await selectIn(loanIds, (chunk) => sql.all(`SELECT * FROM loans WHERE id IN (${placeholders(chunk.length)})`, chunk))) this.loans.set((r as any).id, loanFromDb(r));

    const positionKeys = [...keys.positions].filter(([k]) => !this.positions.has(k));
    for (const [k] of positionKeys) this.positions.set(k, undefined);
    const positionRows = await selectIn(positionKeys, (chunk) =>
      sql.all(`SELECT * FROM positions WHERE (loan_id, investor) IN (VALUES ${placeholders(chunk.length, "(CAST(? AS BIGINT), ?)")})`, chunk.flatMap(([, [id, a]]) => [id, a])),
    );
    for (const r of positionRows) this.positions.set(`${(r as any).loan_id}:${(r as any).investor}`, positionFromDb(r));

    const accounts = missing(keys.participants, this.participants);
    for (const a of accounts) this.participants.set(a, undefined);
    for (const r of await selectIn(accounts, (chunk) => sql.all(`SELECT * FROM participants WHERE account IN (${placeholders(chunk.length)})`, chunk))) this.participants.set((r as any).account, participantFromDb(r));

    const uids = missing(keys.attestations, this.attestations);
    for (const u of uids) this.attestations.set(u, undefined);
    for (const r of await selectIn(uids, (chunk) => sql.all(`SELECT * FROM attestations WHERE uid IN (${placeholders(chunk.length)})`, chunk))) this.attestations.set((r as any).uid, attestationFromDb(r));

    const holders = missing(keys.balances, this.balances);
    for (const a of holders) this.balances.set(a, 0n);
    for (const r of await selectIn(holders, (chunk) => sql.all<{ account: string; balance: string }>(`SELECT account, balance FROM balances WHERE account IN (${placeholders(chunk.length)})`, chunk))) {
      this.balances.set(r.account, BigInt(r.balance));
    }

    const proposalIds = missing(keys.proposals, this.proposals);
    for (const id of proposalIds) this.proposals.set(id, undefined);
    for (const r of await selectIn(proposalIds, (chunk) => sql.all(`SELECT * FROM proposals WHERE id IN (${placeholders(chunk.length)})`, chunk))) this.proposals.set((r as any).id, proposalFromDb(r));
  }

  private cached<K, V>(cache: Map<K, V>, key: K, table: string): V {
    if (!cache.has(key)) throw new Error(`${table} row ${String(key)} read before it was loaded`);
    return cache.get(key)!;
  }

  loan(id: number): LoanRow | undefined {
    return this.cached(this.loans, id, "loans");
  }
  putLoan(row: LoanRow): void {
    this.loans.set(row.id, row);
    this.dirty.loans.add(row.id);
  }

  position(loanId: number, investor: string): PositionRow | undefined {
    return this.cached(this.positions, `${loanId}:${investor}`, "positions");
  }
  putPosition(row: PositionRow): void {
    const key = `${row.loanId}:${row.investor}`;
    this.positions.set(key, row);
    this.dirty.positions.add(key);
  }

  participant(account: string): ParticipantRow | undefined {
    return this.cached(this.participants, account, "participants");
  }
  putParticipant(row: ParticipantRow): void {
    this.participants.set(row.account, row);
    this.dirty.participants.add(row.account);
  }

  attestation(uid: string): AttestationRow | undefined {
    return this.cached(this.attestations, uid, "attestations");
  }
  putAttestation(row: AttestationRow): void {
    this.attestations.set(row.uid, row);
    this.dirty.attestations.add(row.uid);
  }

  balance(account: string): bigint {
    return this.cached(this.balances, account, "balances");
  }
  putBalance(account: string, balance: bigint): void {
    this.balances.set(account, balance);
    this.dirty.balances.add(account);
  }

  addPolicy(p: PolicyRow): void {
    this.policies.push(p);
  }

  addMovement(m: MovementRow): void {
    this.movements.push(m);
  }

  proposal(id: number): ProposalRow | undefined {
    return this.cached(this.proposals, id, "proposals");
  }
  putProposal(row: ProposalRow): void {
    this.proposals.set(row.id, row);
    this.dirty.proposals.add(row.id);
  }

  addApproval(a: ApprovalRow): void {
    this.approvals.push(a);
  }

  addCommitteeSetting(c: CommitteeSettingRow): void {
    this.committeeSettings.push(c);
  }

  /** Writes every changed and added row; call inside the range's transaction. Then forgets them all. */
  async flush(sql: Sql): Promise<void> {
    const changed = <K, V>(keys: Set<K>, cache: Map<K, V | undefined>, toDb: (v: V) => Record<string, SqlParam>) => [...keys].map((k) => toDb(cache.get(k)!));
    await writeObjects(sql, "proposals", changed(this.dirty.proposals, this.proposals, proposalToDb), ["id"]);
    await writeObjects(sql, "loans", changed(this.dirty.loans, this.loans, loanToDb), ["id"]);
    await writeObjects(sql, "positions", changed(this.dirty.positions, this.positions, positionToDb), ["loan_id", "investor"]);
    await writeObjects(sql, "participants", changed(this.dirty.participants, this.participants, participantToDb), ["account"]);
    await writeObjects(sql, "attestations", changed(this.dirty.attestations, this.attestations, attestationToDb), ["uid"]);
    await writeObjects(sql, "balances", [...this.dirty.balances].map((account) => ({ account, balance: str(this.balances.get(account)!) })), ["account"]);
    await writeObjects(sql, "policies", this.policies.map(policyToDb));
    await writeObjects(sql, "movements", this.movements.map(movementToDb));
    await writeObjects(sql, "proposal_approvals", this.approvals.map(approvalToDb));
    await writeObjects(sql, "committee_settings", this.committeeSettings.map(committeeSettingToDb));
    // Cached rows are not kept across ranges: the next range reads them again.
    this.clear();
  }

  /** Forgets cached and pending rows (after a flush, or after a rolled-back transaction). */
  clear(): void {
    this.loans.clear();
    this.positions.clear();
    this.participants.clear();
    this.attestations.clear();
    this.balances.clear();
    this.proposals.clear();
    for (const set of Object.values(this.dirty)) set.clear();
    this.policies = [];
    this.movements = [];
    this.approvals = [];
    this.committeeSettings = [];
  }
}
