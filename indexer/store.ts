import type { Db } from "./db";
import type { ApprovalRow, AttestationRow, CommitteeSettingRow, LedgerStore, LoanRow, MovementRow, ParticipantRow, PolicyRow, PositionRow, ProposalRow } from "./ledger";

/**
 * The derived tables of the index as a LedgerStore: rows are read once per block range, changed in memory and
 * written back by {@link SqliteStore.flush}, inside the sync's transaction. Also the row <-> object mapping
 * the views and the audit read the tables with.
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

function upsert(table: string, columns: string[], key: string[]): string {
  const updates = columns.filter((c) => !key.includes(c)).map((c) => `${c} = excluded.${c}`);
  return `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")}) ON CONFLICT (${key.join(", ")}) DO UPDATE SET ${updates.join(", ")}`;
}

export class SqliteStore implements LedgerStore {
  private readonly loans = new Map<number, LoanRow>();
  private readonly positions = new Map<string, PositionRow>();
  private readonly participants = new Map<string, ParticipantRow>();
  private readonly attestations = new Map<string, AttestationRow>();
  private readonly balances = new Map<string, bigint>();
  private readonly proposals = new Map<number, ProposalRow>();
  private readonly dirty = {
    loans: new Set<number>(),
    positions: new Set<string>(),
    participants: new Set<string>(),
    attestations: new Set<string>(),
    balances: new Set<string>(),
    proposals: new Set<number>(),
  };
  private readonly q;

  constructor(private readonly db: Db) {
    const loanColumns = (db.prepare("SELECT name FROM pragma_table_info('loans')").all() as { name: string }[]).map((c) => c.name);
    this.q = {
      loan: db.prepare("SELECT * FROM loans WHERE id = ?"),
      putLoan: db.prepare(upsert("loans", loanColumns, ["id"])),
      position: db.prepare("SELECT * FROM positions WHERE loan_id = ? AND investor = ?"),
      putPosition: db.prepare(upsert("positions", ["loan_id", "investor", "contributed", "claimed", "refunded"], ["loan_id", "investor"])),
      participant: db.prepare("SELECT * FROM participants WHERE account = ?"),
      putParticipant: db.prepare(
        upsert("participants", ["account", "role", "status", "agency_kinds", "scale", "suitability", "admitted_at", "expires_at", "credential_hash", "admitted_block", "updated_block"], ["account"]),
      ),
      attestation: db.prepare("SELECT * FROM attestations WHERE uid = ?"),
      putAttestation: db.prepare(
        upsert(
          "attestations",
          ["uid", "attester", "relayer", "kind", "subject", "value", "data_hash", "ref_uid", "expires_at", "block_number", "log_index", "block_time", "tx_hash", "nonce", "deadline", "signature", "period", "revoked_block", "revoked_log_index", "revoked_time", "revoked_by", "revoke_reason"],
          ["uid"],
        ),
      ),
      balance: db.prepare("SELECT balance FROM balances WHERE account = ?"),
      putBalance: db.prepare(upsert("balances", ["account", "balance"], ["account"])),
      addPolicy: db.prepare(
        "INSERT INTO policies (block_number, log_index, block_time, lpr_bps, rate_cap_bps, fee_cap_bps, required_kinds, grace_period, default_period, enterprise_cap, regulator) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      proposal: db.prepare("SELECT * FROM proposals WHERE id = ?"),
      putProposal: db.prepare(upsert("proposals", Object.keys(proposalToDb({} as ProposalRow)), ["id"])),
      addApproval: db.prepare(
        "INSERT INTO proposal_approvals (proposal_id, member, approvals, block_number, log_index, block_time, tx_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ),
      addCommitteeSetting: db.prepare("INSERT INTO committee_settings (block_number, log_index, block_time, tx_hash, setting, value) VALUES (?, ?, ?, ?, ?, ?)"),
      addMovement: db.prepare(
        "INSERT INTO movements (block_number, log_index, seq, block_time, tx_hash, kind, loan_id, from_account, to_account, amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ),
    };
  }

  loan(id: number): LoanRow | undefined {
    if (!this.loans.has(id)) {
      const row = this.q.loan.get(id);
      if (!row) return undefined;
      this.loans.set(id, loanFromDb(row));
    }
    return this.loans.get(id);
  }
  putLoan(row: LoanRow): void {
    this.loans.set(row.id, row);
    this.dirty.loans.add(row.id);
  }

  position(loanId: number, investor: string): PositionRow | undefined {
    const key = `${loanId}:${investor}`;
    if (!this.positions.has(key)) {
      const row = this.q.position.get(loanId, investor);
      if (!row) return undefined;
      this.positions.set(key, positionFromDb(row));
    }
    return this.positions.get(key);
  }
  putPosition(row: PositionRow): void {
    const key = `${row.loanId}:${row.investor}`;
    this.positions.set(key, row);
    this.dirty.positions.add(key);
  }

  participant(account: string): ParticipantRow | undefined {
    if (!this.participants.has(account)) {
      const row = this.q.participant.get(account);
      if (!row) return undefined;
      this.participants.set(account, participantFromDb(row));
    }
    return this.participants.get(account);
  }
  putParticipant(row: ParticipantRow): void {
    this.participants.set(row.account, row);
    this.dirty.participants.add(row.account);
  }

  attestation(uid: string): AttestationRow | undefined {
    if (!this.attestations.has(uid)) {
      const row = this.q.attestation.get(uid);
      if (!row) return undefined;
      this.attestations.set(uid, attestationFromDb(row));
    }
    return this.attestations.get(uid);
  }
  putAttestation(row: AttestationRow): void {
    this.attestations.set(row.uid, row);
    this.dirty.attestations.add(row.uid);
  }

  balance(account: string): bigint {
    if (!this.balances.has(account)) {
      const row = this.q.balance.get(account) as { balance: string } | undefined;
      this.balances.set(account, row ? BigInt(row.balance) : 0n);
    }
    return this.balances.get(account)!;
  }
  putBalance(account: string, balance: bigint): void {
    this.balances.set(account, balance);
    this.dirty.balances.add(account);
  }

  addPolicy(p: PolicyRow): void {
    this.q.addPolicy.run(p.blockNumber, p.logIndex, p.blockTime, p.lprBps, p.rateCapBps, p.feeCapBps, p.requiredKinds, p.gracePeriod, p.defaultPeriod, str(p.enterpriseCap), p.regulator);
  }

  addMovement(m: MovementRow): void {
    this.q.addMovement.run(m.blockNumber, m.logIndex, m.seq, m.blockTime, m.txHash, m.kind, m.loanId, m.from, m.to, str(m.amount));
  }

  proposal(id: number): ProposalRow | undefined {
    if (!this.proposals.has(id)) {
      const row = this.q.proposal.get(id);
      if (!row) return undefined;
      this.proposals.set(id, proposalFromDb(row));
    }
    return this.proposals.get(id);
  }
  putProposal(row: ProposalRow): void {
    this.proposals.set(row.id, row);
    this.dirty.proposals.add(row.id);
  }

  addApproval(a: ApprovalRow): void {
    this.q.addApproval.run(a.proposalId, a.member, a.approvals, a.blockNumber, a.logIndex, a.blockTime, a.txHash);
  }

  addCommitteeSetting(c: CommitteeSettingRow): void {
    this.q.addCommitteeSetting.run(c.blockNumber, c.logIndex, c.blockTime, c.txHash, c.setting, c.value);
  }

  /** Writes every changed row; call inside the range's transaction. */
  flush(): void {
    for (const id of this.dirty.proposals) this.q.putProposal.run(proposalToDb(this.proposals.get(id)!));
    for (const id of this.dirty.loans) this.q.putLoan.run(loanToDb(this.loans.get(id)!));
    for (const key of this.dirty.positions) {
      const p = this.positions.get(key)!;
      this.q.putPosition.run({ loan_id: p.loanId, investor: p.investor, contributed: str(p.contributed), claimed: str(p.claimed), refunded: p.refunded ? 1 : 0 });
    }
    for (const account of this.dirty.participants) {
      const p = this.participants.get(account)!;
      this.q.putParticipant.run({
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
    }
    for (const uid of this.dirty.attestations) {
      const a = this.attestations.get(uid)!;
      this.q.putAttestation.run({
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
    }
    for (const account of this.dirty.balances) this.q.putBalance.run({ account, balance: str(this.balances.get(account)!) });
    // The cache stays: it now equals the committed rows, and the next range reads them again.
    for (const set of Object.values(this.dirty)) set.clear();
  }

  /** Forgets cached rows (after a flush, or after a rolled-back transaction). */
  clear(): void {
    this.loans.clear();
    this.positions.clear();
    this.participants.clear();
    this.attestations.clear();
    this.balances.clear();
    this.proposals.clear();
    for (const set of Object.values(this.dirty)) set.clear();
  }
}
