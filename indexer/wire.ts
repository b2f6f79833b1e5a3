/**
 * What the ledger index answers, as it travels: the JSON the views return (indexer/views.ts) and the audit writes
 * (indexer/audit), which the app server sends to the browser. Types only, importing nothing, so the browser can
 * import them without the index's SQLite, node modules or viem. Addresses are in lower case, token amounts are
 * decimal strings of token units (6 decimals), times are unix seconds, enums are numbers with their names beside.
 */


/** One event of the ledger: its decoded arguments as JSON (integers wider than 48 bits as decimal strings). */
export interface EventView {
  blockNumber: number;
  logIndex: number;
  blockTime: number;
  txHash: string;
  contract: string;
  name: string;
  loanId: number | null;
  args: Record<string, unknown>;
}

/** How many events of one kind the index holds. */
export interface EventKind {
  contract: string;
  name: string;
  count: number;
}

/** The chain an index names: shown beside everything read from it. */
export interface IndexedChain {
  chainId: number | null;
  genesisHash: string | null;
  block: { number: number; hash: string | null; time: number } | null;
}

/** Where the index stands. */
export interface IndexStatus {
  network: string | null;
  /** The chain and block every answer of the index comes from. */
  chain: IndexedChain;
  startBlock: number;
  lastBlock: number | null;
  lastBlockTime: number | null;
  events: number;
  loans: number;
  participants: number;
  attestations: number;
  paused: boolean;
}

export interface ParticipantView {
  account: string;
  role: number;
  roleName: string;
  status: number;
  statusName: string;
  /** Active, and its admission not expired at the index head. */
  active: boolean;
  agencyKinds: number;
  agencyKindNames: string[];
  scale: number;
  suitability: number;
  admittedAt: number;
  expiresAt: number;
  credentialHash: string;
  admittedBlock: number;
}

export interface AttestationView {
  uid: string;
  kind: number;
  kindName: string;
  attester: string;
  /** The account that sent the transaction; differs from the attester when relayed with a signature. */
  relayer: string;
  relayed: boolean;
  subject: string;
  value: string;
  dataHash: string;
  refUid: string;
  attestedAt: number;
  attestedBlock: number;
  txHash: string;
  expiresAt: number | null;
  revokedAt: number | null;
  revokedBlock: number | null;
  revokedBy: string | null;
  revokedByRegulator: boolean;
  period: number | null;
  /** Valid at the index head: not revoked, not expired, author active and accredited for the kind. */
  validNow: boolean;
}

export interface LoanView {
  id: number;
  enterprise: string;
  state: number;
  stateName: string;
  frozen: boolean;
  amount: string;
  minRaise: string;
  rateBps: number;
  method: number;
  instalments: number;
  periodLength: number;
  purpose: string;
  riskGrade: number;
  feeBps: number;
  operator: string | null;
  guarantor: string | null;
  publishedAt: number;
  fundingDeadline: number;
  startedAt: number;
  attestationUids: string[];
  raised: string;
  escrow: string;
  principal: string;
  repaid: string;
  distributed: string;
  claimed: string;
  refunded: string;
  bond: string;
  guaranteePaid: string;
  recovered: string;
  recoveryClaimed: string;
  closingAmount: string;
  /** What the LoanBook holds for the loan: escrow + unclaimed distributions + unclaimed recoveries + bond. */
  held: string;
  /** What remains to pay on the whole schedule (or the accelerated balance after default); 0 unless owing. */
  outstanding: string;
  /** Schedule position at the index head (owing loans only). */
  instalmentsDue: number;
  nextInstalment: number | null;
  nextDueAt: number | null;
  /** Scheduled amount due by now and not paid. */
  arrears: string;
  /** Days since the due date of the oldest unpaid instalment; 0 when up to date. */
  daysLate: number;
}

export interface PositionView {
  loanId: number;
  investor: string;
  contributed: string;
  claimed: string;
  refunded: boolean;
  refundedAmount: string;
  /** `distributed * contributed / raised`, rounded down. */
  entitled: string;
  claimable: string;
}

export interface MovementView {
  blockNumber: number;
  logIndex: number;
  seq: number;
  blockTime: number;
  txHash: string;
  kind: string;
  loanId: number | null;
  from: string | null;
  to: string | null;
  amount: string;
}

export interface BalanceView {
  account: string;
  balance: string;
}

/** An event the regulator caused (or that concerns its supervision), named by its action. */
export interface RegulatorActionView {
  blockNumber: number;
  logIndex: number;
  blockTime: number;
  txHash: string;
  contract: string;
  action: string;
  loanId: number | null;
  args: Record<string, unknown>;
}

/** A policy the regulator set, from its PolicySet event. */
export interface PolicyView {
  blockNumber: number;
  logIndex: number;
  blockTime: number;
  lprBps: number;
  rateCapBps: number;
  feeCapBps: number;
  requiredKinds: number;
  gracePeriod: number;
  defaultPeriod: number;
  enterpriseCap: string;
  regulator: string;
}

// ------------------------------------------------------------------ the supervisory committee

/** Where a proposal stands at the index head, as the committee's `state(id)` answers (ISupervisoryCommittee). */
export type ProposalStateName = "Pending" | "Queued" | "Ready" | "Executed" | "Cancelled" | "Expired";

/** A committee member: a participant in role Regulator, with what the committee needs to know of it. */
export interface CommitteeMemberView extends ParticipantView {
  /** May propose, approve, cancel and execute at the index head: status Active and admission not expired. */
  eligible: boolean;
  /** Seconds until its admission lapses (negative once lapsed), at the index head. */
  expiresIn: number;
}

/** One approval of a proposal, from its ProposalApproved event. */
export interface ProposalApprovalView {
  member: string;
  /** Approvals counted after this one, the proposer's included. */
  approvals: number;
  blockNumber: number;
  blockTime: number;
  txHash: string;
}

/** A proposal of the committee, rebuilt from its events, with its call decoded and put into words. */
export interface CommitteeProposalView {
  id: number;
  proposer: string;
  target: string;
  data: string;
  /** The proposer's words, from ProposalCreated. */
  description: string;
  /** The kind of proposal (lib/governance.ts PROPOSAL_KINDS), null for a call no kind names. */
  kind: string | null;
  /** The called contract and function, null when the target is outside the deployment or the data unreadable. */
  contract: string | null;
  functionName: string | null;
  /** The decoded arguments as JSON (integers wider than 48 bits as decimal strings). */
  args: unknown[];
  /** What the call does, in one sentence (lib/governance.ts describeCall). */
  sentence: string;
  /** Whether the call waits the notice period once approved (policy, upgrades, notice period). */
  requiresNotice: boolean;
  state: ProposalStateName;
  createdAt: number;
  createdBlock: number;
  createdTx: string;
  /** Until when it may be approved while pending. */
  expiresAt: number;
  approvals: ProposalApprovalView[];
  /** The approving members, in order. */
  approvers: string[];
  /** Approvals needed: the threshold in force now (or when executed). */
  threshold: number;
  queuedAt: number | null;
  /** Earliest execution time, once queued. */
  eta: number | null;
  /** The notice the proposal waits: eta - queuedAt (0 when it needs none), null until queued. */
  notice: number | null;
  /** Until when it may still be approved (Pending) or executed (Queued, Ready). */
  deadline: number;
  /** Seconds from the index head until the eta (Queued) or the deadline (Pending, Ready); null when closed. */
  timeLeft: number | null;
  executedAt: number | null;
  executedBlock: number | null;
  executedTx: string | null;
  executor: string | null;
  cancelledAt: number | null;
  cancelledTx: string | null;
  cancelledBy: string | null;
}

/** A change of the committee's threshold or notice period, from ThresholdSet / NoticePeriodSet. */
export interface CommitteeSettingView {
  setting: "threshold" | "noticePeriod";
  value: number;
  blockNumber: number;
  blockTime: number;
  txHash: string;
  /** The proposal executed in the same transaction; null for the committee's initialization. */
  proposalId: number | null;
}

/** One step of the committee's history, newest first in {@link CommitteeView}. */
export interface CommitteeHistoryEntry {
  blockNumber: number;
  logIndex: number;
  blockTime: number;
  txHash: string;
  action: "created" | "approved" | "queued" | "executed" | "cancelled" | "threshold" | "noticePeriod";
  proposalId: number | null;
  /** The member who acted (proposer, approver, executor, canceller); null for settings. */
  member: string | null;
  sentence: string;
}

/** The committee as the index sees it: what the regulator workspace shows and `GET /api/ledger/committee` answers. */
export interface CommitteeView {
  /** The committee contract's address. */
  address: string;
  /** The index head's time: "now" for every state and time left. */
  now: number;
  threshold: number;
  noticePeriod: number;
  /** Every participant in role Regulator, in order of admission. */
  members: CommitteeMemberView[];
  /** Members eligible now (status Active, admission not expired). */
  eligibleMembers: number;
  /** Newest first. */
  proposals: CommitteeProposalView[];
  /** Every threshold and notice-period change, oldest first (the first ones from the initialization). */
  settings: CommitteeSettingView[];
  /** Every committee event, newest first. */
  history: CommitteeHistoryEntry[];
}

/** The audit's rules; indexer/audit/findings.ts gives each its sentence (and `tsc` checks it gives every one). */
export type RuleName =
  | "conservation.loan"
  | "conservation.total"
  | "conservation.surplus"
  | "ledger.state"
  | "claims.entitlement"
  | "lifecycle.transition"
  | "listing.policy"
  | "listing.attestations"
  | "attestation.signature"
  | "attestation.author"
  | "index.consistency"
  | "committee.approvals"
  | "committee.notice"
  | "committee.authority";

/** One thing the audit found wrong (error) or could not check (warning). */
export interface Finding {
  rule: RuleName;
  severity: "error" | "warning";
  loan?: number;
  participant?: string;
  attestation?: string;
  /** The committee proposal the finding is about. */
  proposal?: number;
  detail: string;
}

/** The audit's result, as audit.json and the app's audit route carry it. */
export interface AuditResult {
  /** No finding of severity "error". */
  ok: boolean;
  network: string;
  chainId: number;
  /** The chain and block audited: chain id, genesis hash, and the indexed head block's number, hash and time. */
  chain: IndexedChain;
  /** The indexed head block: every chain read is made at it. */
  headBlock: number;
  headTime: number;
  /** Events in the index, all replayed. */
  events: number;
  findings: Finding[];
  /** Per rule: how many checks ran and how many failed. */
  rules: { rule: RuleName; description: string; checks: number; errors: number; warnings: number }[];
  /** The committee's history as audited, newest first. */
  committee: CommitteeHistoryEntry[];
  seconds: number;
}

/** One audit run with its reports: when it ran (unix seconds) and the files written. */
export type AuditRun = AuditResult & { ranAt: number; files: string[] };

/** What `GET /api/ledger/committee` answers: where the index stands, and the committee read from it. */
export interface CommitteeResponse {
  status: IndexStatus;
  committee: CommitteeView;
}
