import { Status, type RepaymentMethod } from "../lib/enums";
import type { ContractName } from "../lib/deployments";
import type { MovementView, ParticipantView, PolicyView } from "./wire";
import { dispatchEvent, type EventArgs, type EventHandlers, type EventName, type LedgerEvent, type LedgerEventOf } from "./decode";

/**
 * The ledger rebuilt from events: one reducer, applied in chain order, that the sync writes into SQLite and the
 * audit replays in memory. Each event changes the state exactly as the contract function that emitted it did,
 * as far as the event tells; whatever it cannot tell (time-dependent amounts) the events carry explicitly.
 */

export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

export const num = (x: unknown): number => Number(x);

/** An admission as the reducer keeps it: the wire's without the names and flags the views derive. */
export interface ParticipantRow extends Omit<ParticipantView, "roleName" | "statusName" | "active" | "agencyKindNames"> {
  updatedBlock: number;
}

/** A policy as the reducer keeps it: the wire's, with the cap as bigint. */
export interface PolicyRow extends Omit<PolicyView, "enterpriseCap"> {
  enterpriseCap: bigint;
}

export interface AttestationRow {
  uid: string;
  attester: string;
  relayer: string;
  kind: number;
  subject: string;
  value: bigint;
  dataHash: string;
  refUid: string;
  expiresAt: number;
  blockNumber: number;
  logIndex: number;
  blockTime: number;
  txHash: string;
  nonce: bigint | null;
  deadline: bigint | null;
  signature: string | null;
  period: number | null;
  revokedBlock: number | null;
  revokedLogIndex: number | null;
  revokedTime: number | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

/** The amounts of a loan that the LoanBook's `Accounts` struct holds (plus what was refunded). */
export const ACCOUNT_FIELDS = [
  "raised",
  "escrow",
  "principal",
  "repaid",
  "distributed",
  "claimed",
  "closingAmount",
  "bond",
  "guaranteePaid",
  "recovered",
  "recoveryClaimed",
] as const;
export type AccountField = (typeof ACCOUNT_FIELDS)[number];

export interface LoanRow extends Record<AccountField, bigint> {
  id: number;
  enterprise: string;
  state: number;
  frozen: boolean;
  amount: bigint;
  minRaise: bigint;
  rateBps: number;
  method: RepaymentMethod;
  instalments: number;
  periodLength: number;
  fundingPeriod: number;
  purpose: string;
  metadataHash: string;
  riskGrade: number;
  feeBps: number;
  fundingDeadline: number;
  operator: string | null;
  startedAt: number;
  publishedBlock: number;
  publishedTime: number;
  listedBlock: number | null;
  attestationUids: string[];
  refunded: bigint;
  guarantor: string | null;
  updatedBlock: number;
}

export interface PositionRow {
  loanId: number;
  investor: string;
  contributed: bigint;
  claimed: bigint;
  refunded: boolean;
}

/** A movement of money as the reducer books it: the wire's, with the amount as bigint. */
export interface MovementRow extends Omit<MovementView, "amount"> {
  amount: bigint;
}

/** A committee proposal as the reducer keeps it, from its events. */
export interface ProposalRow {
  id: number;
  proposer: string;
  target: string;
  data: string;
  description: string;
  createdBlock: number;
  createdLogIndex: number;
  createdTime: number;
  createdTx: string;
  expiresAt: number;
  queuedBlock: number | null;
  queuedTime: number | null;
  eta: number | null;
  executedBlock: number | null;
  executedTime: number | null;
  executedTx: string | null;
  executor: string | null;
  cancelledBlock: number | null;
  cancelledTime: number | null;
  cancelledTx: string | null;
  cancelledBy: string | null;
  updatedBlock: number;
}

/** One approval of a proposal, from ProposalApproved. */
export interface ApprovalRow {
  proposalId: number;
  member: string;
  approvals: number;
  blockNumber: number;
  logIndex: number;
  blockTime: number;
  txHash: string;
}

/** A change of the committee's threshold or notice period. */
export interface CommitteeSettingRow {
  blockNumber: number;
  logIndex: number;
  blockTime: number;
  txHash: string;
  setting: "threshold" | "noticePeriod";
  value: number;
}

/** Where the reducer reads and writes the rebuilt state. */
export interface LedgerStore {
  loan(id: number): LoanRow | undefined;
  putLoan(row: LoanRow): void;
  position(loanId: number, investor: string): PositionRow | undefined;
  putPosition(row: PositionRow): void;
  participant(account: string): ParticipantRow | undefined;
  putParticipant(row: ParticipantRow): void;
  attestation(uid: string): AttestationRow | undefined;
  putAttestation(row: AttestationRow): void;
  balance(account: string): bigint;
  putBalance(account: string, balance: bigint): void;
  addPolicy(row: PolicyRow): void;
  addMovement(row: MovementRow): void;
  proposal(id: number): ProposalRow | undefined;
  putProposal(row: ProposalRow): void;
  addApproval(row: ApprovalRow): void;
  addCommitteeSetting(row: CommitteeSettingRow): void;
}

/** What an Attested event carries beyond its arguments: the relayed call's nonce, deadline and signature. */
export interface RelayedCall {
  nonce: bigint;
  deadline: bigint;
  signature: string;
}

/** What a handler of the reducer works with: the store, the relayed call behind an Attested event, and the books. */
interface Reduction {
  store: LedgerStore;
  relayed: RelayedCall | undefined;
  /** Books a movement of money caused by the event (numbered in the order booked). */
  move(kind: string, loanId: number | null, from: string | null, to: string | null, amount: bigint): void;
}

/** Applies one event to the store. Throws when an event refers to something the ledger never saw. */
export function applyEvent(store: LedgerStore, e: LedgerEvent, relayed?: RelayedCall): void {
  let seq = 0;
  const move: Reduction["move"] = (kind, loanId, from, to, amount) =>
    store.addMovement({ blockNumber: e.blockNumber, logIndex: e.logIndex, seq: seq++, blockTime: e.blockTime, txHash: e.txHash, kind, loanId, from, to, amount });
  // An event the ABIs do not know changes nothing the reducer can tell; it stays in `events` for the record.
  dispatchEvent(REDUCER, e, { store, relayed, move });
}

/** Sets fields of an admitted participant; throws when the account was never admitted. */
function changeParticipant(r: Reduction, e: LedgerEventOf<"ParticipantRegistry">, account: string, change: Partial<ParticipantRow>): void {
  const p = r.store.participant(account);
  if (!p) throw new Error(`${e.name} for ${account}, never admitted`);
  r.store.putParticipant({ ...p, ...change, updatedBlock: e.blockNumber });
}

/**
 * Every contract is an upgradeable proxy: its initialization and each new implementation are kept as events only
 * (they change no figure the index derives).
 */
const proxyLifecycle = { Initialized: () => {}, Upgraded: () => {} };

const participantRegistry: EventHandlers<"ParticipantRegistry", Reduction> = {
  ...proxyLifecycle,
  PolicySet: (e, r) => {
    const p = e.args.policy;
    r.store.addPolicy({
      blockNumber: e.blockNumber,
      logIndex: e.logIndex,
      blockTime: e.blockTime,
      lprBps: p.lprBps,
      rateCapBps: p.rateCapBps,
      feeCapBps: p.feeCapBps,
      requiredKinds: p.requiredKinds,
      gracePeriod: p.gracePeriod,
      defaultPeriod: p.defaultPeriod,
      enterpriseCap: p.enterpriseCap,
      regulator: e.args.regulator,
    });
  },
  ParticipantAdmitted: (e, r) => {
    const a = e.args;
    r.store.putParticipant({
      account: a.account,
      role: a.role,
      status: Status.Active,
      agencyKinds: a.agencyKinds,
      scale: a.scale,
      suitability: 0,
      admittedAt: e.blockTime,
      expiresAt: a.expiresAt,
      credentialHash: a.credentialHash,
      admittedBlock: e.blockNumber,
      updatedBlock: e.blockNumber,
    });
  },
  AdmissionRenewed: (e, r) => changeParticipant(r, e, e.args.account, { expiresAt: e.args.expiresAt, credentialHash: e.args.credentialHash }),
  ParticipantSuspended: (e, r) => changeParticipant(r, e, e.args.account, { status: Status.Suspended }),
  ParticipantReinstated: (e, r) => changeParticipant(r, e, e.args.account, { status: Status.Active }),
  ParticipantRevoked: (e, r) => changeParticipant(r, e, e.args.account, { status: Status.Revoked }),
  AgencyKindsSet: (e, r) => changeParticipant(r, e, e.args.agency, { agencyKinds: e.args.agencyKinds }),
  SuitabilitySet: (e, r) => changeParticipant(r, e, e.args.investor, { suitability: e.args.level }),
  // Kept as events only: the views read the pause from the last PauseSet, and no table lists platform contracts.
  PlatformContractSet: () => {},
  PauseSet: () => {},
};

/** Sets fields of a recorded attestation; throws when the attestation was never recorded. */
function changeAttestation(r: Reduction, e: LedgerEventOf<"AttestationRegistry">, uid: string, change: Partial<AttestationRow>): void {
  const row = r.store.attestation(uid);
  if (!row) throw new Error(`${e.name} of unknown attestation ${uid}`);
  r.store.putAttestation({ ...row, ...change });
}

const attestationRegistry: EventHandlers<"AttestationRegistry", Reduction> = {
  ...proxyLifecycle,
  Attested: (e, { store, relayed }) => {
    const a = e.args;
    store.putAttestation({
      uid: a.uid,
      attester: a.attester,
      relayer: a.relayer,
      kind: a.kind,
      subject: a.subject,
      value: a.value,
      dataHash: a.dataHash,
      refUid: a.refUID,
      expiresAt: a.expiresAt,
      blockNumber: e.blockNumber,
      logIndex: e.logIndex,
      blockTime: e.blockTime,
      txHash: e.txHash,
      nonce: relayed?.nonce ?? null,
      deadline: relayed?.deadline ?? null,
      signature: relayed?.signature ?? null,
      period: null,
      revokedBlock: null,
      revokedLogIndex: null,
      revokedTime: null,
      revokedBy: null,
      revokeReason: null,
    });
  },
  OperatingDisclosed: (e, r) => changeAttestation(r, e, e.args.uid, { period: e.args.period }),
  // The notice's words stay in the events table with the event; the attestation's dataHash is their hash.
  NoticePublished: () => {},
  AttestationRevoked: (e, r) =>
    changeAttestation(r, e, e.args.uid, { revokedBlock: e.blockNumber, revokedLogIndex: e.logIndex, revokedTime: e.blockTime, revokedBy: e.args.revoker, revokeReason: e.args.reasonHash }),
  // Withdraws a signature not yet used: nothing recorded changes.
  NonceCancelled: () => {},
  // Ignored: the EIP-712 domain is fixed at deployment (OpenZeppelin emits this only if it changed); the signature
  // audit builds the domain from the deployment.
  EIP712DomainChanged: () => {},
};

const depositToken: EventHandlers<"DepositToken", Reduction> = {
  ...proxyLifecycle,
  Transfer: (e, { store, move }) => {
    const { from, to, value } = e.args;
    if (from !== ZERO_ADDRESS) store.putBalance(from, store.balance(from) - value);
    if (to !== ZERO_ADDRESS) store.putBalance(to, store.balance(to) + value);
    move("token.transfer", null, from, to, value);
  },
  // A mint or burn also emits its Transfer from or to the zero address, which moves the balances.
  Minted: (e, { move }) => move("token.mint", null, null, e.args.to, e.args.amount),
  Burned: (e, { move }) => move("token.burn", null, e.args.from, null, e.args.amount),
  // Ignored: an allowance moves no money; what the LoanBook pulls with it shows as a Transfer.
  Approval: () => {},
  // Ignored: the permit domain is fixed at deployment, as the registry's.
  EIP712DomainChanged: () => {},
};

/** LoanBook events about one loan: those whose arguments carry its `id`. */
type LoanEventName = { [N in EventName<"LoanBook">]: EventArgs<"LoanBook", N> extends { id: bigint } ? N : never }[EventName<"LoanBook">];

/** A LoanBook handler that changes a copy of an existing loan, then stores it; throws for a loan never published. */
function onLoan<N extends LoanEventName>(change: (loan: LoanRow, e: LedgerEventOf<"LoanBook", N>, r: Reduction) => void) {
  return (e: LedgerEventOf<"LoanBook", N>, r: Reduction): void => {
    const id = num((e.args as { id: bigint }).id);
    const current = r.store.loan(id);
    if (!current) throw new Error(`${e.name} of unknown loan ${id}`);
    const loan: LoanRow = { ...current, updatedBlock: e.blockNumber };
    change(loan, e, r);
    r.store.putLoan(loan);
  };
}

/** An investor's position in a loan (an empty one before its first contribution). */
const positionOf = (store: LedgerStore, loanId: number, investor: string): PositionRow =>
  store.position(loanId, investor) ?? { loanId, investor, contributed: 0n, claimed: 0n, refunded: false };

/** Their effect on the loan is the LoanStateChanged that accompanies them. */
const stateChangeOnly = onLoan(() => {});

const loanBook: EventHandlers<"LoanBook", Reduction> = {
  ...proxyLifecycle,
  LoanPublished: (e, { store }) => {
    const { id, enterprise, terms: t, purpose, metadataHash } = e.args;
    store.putLoan({
      id: num(id),
      enterprise,
      state: 0,
      frozen: false,
      amount: t.amount,
      minRaise: t.minRaise,
      rateBps: t.rateBps,
      method: t.method as RepaymentMethod,
      instalments: t.instalments,
      periodLength: t.periodLength,
      fundingPeriod: t.fundingPeriod,
      purpose,
      metadataHash,
      riskGrade: 0,
      feeBps: 0,
      fundingDeadline: 0,
      operator: null,
      startedAt: 0,
      publishedBlock: e.blockNumber,
      publishedTime: e.blockTime,
      listedBlock: null,
      attestationUids: [],
      refunded: 0n,
      guarantor: null,
      updatedBlock: e.blockNumber,
      raised: 0n,
      escrow: 0n,
      principal: 0n,
      repaid: 0n,
      distributed: 0n,
      claimed: 0n,
      closingAmount: 0n,
      bond: 0n,
      guaranteePaid: 0n,
      recovered: 0n,
      recoveryClaimed: 0n,
    });
  },
  LoanStateChanged: onLoan((loan, e) => {
    loan.state = e.args.to;
  }),
  BondPosted: onLoan((loan, e, { move }) => {
    loan.guarantor = e.args.guarantor;
    loan.bond += e.args.amount;
    move("loan.bond", loan.id, e.args.guarantor, null, e.args.amount);
  }),
  LoanListed: onLoan((loan, e) => {
    const a = e.args;
    Object.assign(loan, { riskGrade: a.riskGrade, feeBps: a.feeBps, fundingDeadline: a.fundingDeadline, operator: a.operator, listedBlock: e.blockNumber, attestationUids: [...a.attestations] });
  }),
  LoanFunded: onLoan((loan, e, { store, move }) => {
    const { investor, amount } = e.args;
    loan.raised += amount;
    loan.escrow += amount;
    const pos = positionOf(store, loan.id, investor);
    store.putPosition({ ...pos, contributed: pos.contributed + amount });
    move("loan.fund", loan.id, investor, null, amount);
  }),
  Refunded: onLoan((loan, e, { store, move }) => {
    const { investor, amount } = e.args;
    loan.escrow -= amount;
    loan.refunded += amount;
    store.putPosition({ ...positionOf(store, loan.id, investor), refunded: true });
    move("loan.refund", loan.id, null, investor, amount);
  }),
  Disbursed: onLoan((loan, e, { move }) => {
    const { principal, fee, enterprise } = e.args;
    loan.principal = principal;
    loan.escrow = 0n;
    loan.startedAt = e.blockTime;
    move("loan.disburse", loan.id, null, enterprise, principal - fee);
  }),
  Repaid: onLoan((loan, e, { move }) => {
    loan.repaid += e.args.amount;
    loan.distributed += e.args.toInvestors;
    loan.recovered += e.args.toGuarantor;
    move("loan.repay", loan.id, e.args.payer, null, e.args.amount);
  }),
  Claimed: onLoan((loan, e, { store, move }) => {
    const { investor, amount } = e.args;
    loan.claimed += amount;
    const pos = positionOf(store, loan.id, investor);
    store.putPosition({ ...pos, claimed: pos.claimed + amount });
    move("loan.claim", loan.id, null, investor, amount);
  }),
  LoanDefaulted: onLoan((loan, e) => {
    loan.closingAmount = loan.repaid + e.args.outstanding;
  }),
  GuaranteePaid: onLoan((loan, e, { move }) => {
    const amount = e.args.amount;
    loan.bond -= amount;
    loan.guaranteePaid = amount;
    loan.distributed += amount;
    move("loan.guarantee_payout", loan.id, e.args.guarantor, null, amount);
  }),
  BondReleased: onLoan((loan, e, { move }) => {
    loan.bond -= e.args.amount;
    move("loan.bond_release", loan.id, null, e.args.guarantor, e.args.amount);
  }),
  RecoveryClaimed: onLoan((loan, e, { move }) => {
    loan.recoveryClaimed += e.args.amount;
    move("loan.recovery_claim", loan.id, null, e.args.guarantor, e.args.amount);
  }),
  ClaimsMoved: onLoan((loan, e, { store }) => {
    const from = positionOf(store, loan.id, e.args.from);
    if (from.contributed !== 0n) {
      store.putPosition({ ...from, investor: e.args.to });
      store.putPosition({ ...from, contributed: 0n, claimed: 0n, refunded: false });
    }
    if (loan.guarantor === e.args.from) loan.guarantor = e.args.to;
  }),
  LoanFrozen: onLoan((loan) => {
    loan.frozen = true;
  }),
  LoanUnfrozen: onLoan((loan) => {
    loan.frozen = false;
  }),
  ReviewOpened: stateChangeOnly,
  ServiceRequested: stateChangeOnly,
  LoanUnlisted: stateChangeOnly,
  FundingClosed: stateChangeOnly,
  LoanCancelled: stateChangeOnly,
  LoanLate: stateChangeOnly,
  LoanCured: stateChangeOnly,
  LoanClosed: stateChangeOnly,
  // About no single loan: fees and surplus leave the LoanBook (fees accrue inside it at disbursement).
  FeesWithdrawn: (e, { move }) => move("loan.fee", null, null, e.args.operator, e.args.amount),
  SurplusSwept: (e, { move }) => move("loan.surplus_sweep", null, null, e.args.to, e.args.amount),
  // Moves accrued fees between operators inside the LoanBook: no token moves, and the index keeps no fee table.
  FeesMoved: () => {},
};

/** Sets fields of a proposal; throws for a proposal never created. */
function changeProposal(r: Reduction, e: LedgerEventOf<"SupervisoryCommittee">, id: bigint, change: Partial<ProposalRow>): void {
  const p = r.store.proposal(num(id));
  if (!p) throw new Error(`${e.name} of unknown proposal ${id}`);
  r.store.putProposal({ ...p, ...change, updatedBlock: e.blockNumber });
}

const setting = (e: LedgerEventOf<"SupervisoryCommittee">, name: CommitteeSettingRow["setting"], value: number): CommitteeSettingRow => ({
  blockNumber: e.blockNumber,
  logIndex: e.logIndex,
  blockTime: e.blockTime,
  txHash: e.txHash,
  setting: name,
  value,
});

const supervisoryCommittee: EventHandlers<"SupervisoryCommittee", Reduction> = {
  ProposalCreated: (e, { store }) => {
    const a = e.args;
    store.putProposal({
      id: num(a.id),
      proposer: a.proposer,
      target: a.target,
      data: a.data,
      description: a.description,
      createdBlock: e.blockNumber,
      createdLogIndex: e.logIndex,
      createdTime: e.blockTime,
      createdTx: e.txHash,
      expiresAt: num(a.expiresAt),
      queuedBlock: null,
      queuedTime: null,
      eta: null,
      executedBlock: null,
      executedTime: null,
      executedTx: null,
      executor: null,
      cancelledBlock: null,
      cancelledTime: null,
      cancelledTx: null,
      cancelledBy: null,
      updatedBlock: e.blockNumber,
    });
  },
  ProposalApproved: (e, r) => {
    changeProposal(r, e, e.args.id, {});
    r.store.addApproval({ proposalId: num(e.args.id), member: e.args.member, approvals: num(e.args.approvals), blockNumber: e.blockNumber, logIndex: e.logIndex, blockTime: e.blockTime, txHash: e.txHash });
  },
  ProposalQueued: (e, r) => changeProposal(r, e, e.args.id, { queuedBlock: e.blockNumber, queuedTime: e.blockTime, eta: num(e.args.eta) }),
  ProposalExecuted: (e, r) => changeProposal(r, e, e.args.id, { executedBlock: e.blockNumber, executedTime: e.blockTime, executedTx: e.txHash, executor: e.args.executor }),
  ProposalCancelled: (e, r) => changeProposal(r, e, e.args.id, { cancelledBlock: e.blockNumber, cancelledTime: e.blockTime, cancelledTx: e.txHash, cancelledBy: e.args.member }),
  ThresholdSet: (e, { store }) => store.addCommitteeSetting(setting(e, "threshold", num(e.args.threshold))),
  NoticePeriodSet: (e, { store }) => store.addCommitteeSetting(setting(e, "noticePeriod", num(e.args.noticePeriod))),
  // The proxy's own events: the implementation is read from the chain when needed, and initialization from ThresholdSet.
  Upgraded: () => {},
  Initialized: () => {},
};

/** The reducer: a handler for every event of every contract's ABI (`tsc` fails on an event without one). */
export const REDUCER: { [C in ContractName]: EventHandlers<C, Reduction> } = {
  ParticipantRegistry: participantRegistry,
  AttestationRegistry: attestationRegistry,
  DepositToken: depositToken,
  LoanBook: loanBook,
  SupervisoryCommittee: supervisoryCommittee,
};

/** The platform fee a loan accrued to its operator at disbursement (0 before): principal x feeBps, rounded down. */
export function feeOf(loan: Pick<LoanRow, "principal" | "feeBps">): bigint {
  return (loan.principal * BigInt(loan.feeBps)) / 10_000n;
}

/** Tokens the LoanBook holds for a loan: escrow + unclaimed distributions + unclaimed recoveries + bond. */
export function heldFor(loan: Pick<LoanRow, AccountField>): bigint {
  return loan.escrow + (loan.distributed - loan.claimed) + (loan.recovered - loan.recoveryClaimed) + loan.bond;
}

/** What an investor is entitled to have claimed so far: `distributed * contributed / raised`, rounded down. */
export function entitledOf(loan: Pick<LoanRow, "distributed" | "raised" | "principal">, position: Pick<PositionRow, "contributed">): bigint {
  if (loan.principal === 0n || loan.raised === 0n || position.contributed === 0n) return 0n;
  return (loan.distributed * position.contributed) / loan.raised;
}

/** The whole rebuilt ledger in memory: what the audit replays into. */
export class MemoryStore implements LedgerStore {
  readonly loans = new Map<number, LoanRow>();
  readonly positions = new Map<string, PositionRow>();
  readonly participants = new Map<string, ParticipantRow>();
  readonly attestations = new Map<string, AttestationRow>();
  readonly balances = new Map<string, bigint>();
  readonly policies: PolicyRow[] = [];
  readonly proposals = new Map<number, ProposalRow>();
  /** Approvals by proposal, in chain order. */
  readonly approvals = new Map<number, ApprovalRow[]>();
  readonly committeeSettings: CommitteeSettingRow[] = [];
  movements = 0;
  /** Sum of the token movements of each kind (`loan.fee`, `loan.repay`, ...), for totals the audit checks. */
  readonly movedByKind = new Map<string, bigint>();

  loan = (id: number) => this.loans.get(id);
  putLoan = (row: LoanRow) => void this.loans.set(row.id, row);
  position = (loanId: number, investor: string) => this.positions.get(`${loanId}:${investor}`);
  putPosition = (row: PositionRow) => void this.positions.set(`${row.loanId}:${row.investor}`, row);
  participant = (account: string) => this.participants.get(account);
  putParticipant = (row: ParticipantRow) => void this.participants.set(row.account, row);
  attestation = (uid: string) => this.attestations.get(uid);
  putAttestation = (row: AttestationRow) => void this.attestations.set(row.uid, row);
  balance = (account: string) => this.balances.get(account) ?? 0n;
  putBalance = (account: string, balance: bigint) => void this.balances.set(account, balance);
  addPolicy = (row: PolicyRow) => void this.policies.push(row);
  proposal = (id: number) => this.proposals.get(id);
  putProposal = (row: ProposalRow) => void this.proposals.set(row.id, row);
  addApproval = (row: ApprovalRow) => void this.approvals.set(row.proposalId, [...(this.approvals.get(row.proposalId) ?? []), row]);
  addCommitteeSetting = (row: CommitteeSettingRow) => void this.committeeSettings.push(row);
  addMovement = (row: { kind: string; amount: bigint }) => {
    this.movements++;
    this.movedByKind.set(row.kind, (this.movedByKind.get(row.kind) ?? 0n) + row.amount);
  };

  /** The policy in force now (the last PolicySet applied). */
  get policy(): PolicyRow | undefined {
    return this.policies[this.policies.length - 1];
  }
}
