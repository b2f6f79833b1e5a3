import { LoanState, RepaymentMethod, Role, Status } from "../../lib/enums";
import { dueAfterUp, instalmentsPassed, payoffUp, periodRateWad } from "../../lib/schedule";

/**
 * A model of the whole platform as the rules say it must behave: who is admitted in which role and until when,
 * the pause, the policy, every loan with its accounts and positions, and every token balance. Each action of the
 * contracts has a function here that says what the call must do from a given state: either the custom error it
 * must revert with, or the effects it must have. The commands (commands.ts) run the real call and compare.
 *
 * Amounts owed by the schedule come from lib/schedule.ts, the TypeScript twin of ScheduleLib (tested against it
 * on its own); everything else (states, escrow, distribution, claims, bonds, balances) is recomputed here.
 */

/** Names of the accounts the model knows. */
export const PARTIES = ["reg", "reg2", "reg3", "op", "cust", "rater", "g1", "g2", "ent0", "ent1", "inv0", "inv1", "inv2", "out"] as const;
export type PartyName = (typeof PARTIES)[number];
export const INVESTORS: PartyName[] = ["inv0", "inv1", "inv2"];
export const ENTERPRISES: PartyName[] = ["ent0", "ent1"];
export const GUARANTORS: PartyName[] = ["g1", "g2"];
/** The members of the supervisory committee. */
export const REGULATORS: PartyName[] = ["reg", "reg2", "reg3"];
/** The committee contract, acting on the registry and the LoanBook when it executes a proposal. */
export const COMMITTEE = "committee";
/** Who makes a call: a party, or the committee executing a proposal. */
export type Actor = PartyName | typeof COMMITTEE;
/** Holders of tokens the model tracks: every party and the LoanBook. */
export type Holder = PartyName | "book";

export const GUARANTEE_BIT = 1 << 2;
export const RATER_KINDS = 0x03; // identity and credit rating
const AGENCY_KINDS_MASK = 0x3f;


export interface Party {
  role: number;
  status: number;
  agencyKinds: number;
  suitability: number;
  expiresAt: bigint;
}

export interface Terms {
  amount: bigint;
  minRaise: bigint;
  rateBps: number;
  method: number;
  instalments: number;
  periodLength: number;
  fundingPeriod: number;
}

export interface Position {
  contributed: bigint;
  claimed: bigint;
  refunded: boolean;
}

export interface LoanModel {
  id: bigint;
  enterprise: PartyName;
  state: number;
  frozen: boolean;
  riskGrade: number;
  feeBps: number;
  fundingDeadline: bigint;
  /** Funding deadline plus the policy's drawdown period: after it, anyone may cancel the loan undrawn. */
  drawdownDeadline: bigint;
  operator: PartyName | null;
  startedAt: bigint;
  terms: Terms;
  raised: bigint;
  escrow: bigint;
  principal: bigint;
  repaid: bigint;
  distributed: bigint;
  claimed: bigint;
  closingAmount: bigint;
  bond: bigint;
  guaranteePaid: bigint;
  recovered: bigint;
  recoveryClaimed: bigint;
  guarantor: PartyName | null;
  positions: Record<string, Position>;
  /** Attestation kinds asked of each agency. */
  requests: Record<string, number>;
  /** Attestations recorded for this loan: the author and, for ratings, the code. */
  attestations: { uid: string; author: PartyName; kind: number; rating: number; revoked: boolean }[];
  /** Highest settlement amount seen so far (repaid + amount to close): it may never go down. */
  settlementSeen: bigint;
  settlementSeenAt: bigint;
}

export interface Policy {
  rateCapBps: number;
  feeCapBps: number;
  gracePeriod: bigint;
  defaultPeriod: bigint;
  enterpriseCap: bigint;
  /** The smallest contribution a raise accepts, unless it fills what remains. */
  minContribution: bigint;
  /** Seconds a funded loan waits to be drawn before anyone may cancel it. */
  drawdownPeriod: bigint;
}

/**
 * A call the committee may be asked to make, fixed when it is proposed: a registry transition of a participant
 * (renewal to `expiresAt`), lifting the pause, unfreezing a loan, sweeping the surplus, moving a revoked
 * participant's claims on `ids`, a policy change (grace and default periods; with notice), or a new threshold.
 */
export type GovAction =
  | { kind: "suspend" | "reinstate" | "revoke"; target: PartyName }
  | { kind: "renew"; target: PartyName; expiresAt: bigint }
  | { kind: "unpause" }
  | { kind: "unfreeze"; loan: bigint }
  | { kind: "sweep"; to: PartyName }
  | { kind: "moveClaims"; ids: bigint[]; from: PartyName; to: PartyName }
  | { kind: "policy"; gracePeriod: bigint; defaultPeriod: bigint }
  | { kind: "threshold"; threshold: number };

export interface ProposalModel {
  id: bigint;
  action: GovAction;
  proposer: PartyName;
  approvers: PartyName[];
  createdAt: bigint;
  /** 0 until approvals reach the threshold. */
  queuedAt: bigint;
  eta: bigint;
  executed: boolean;
  cancelled: boolean;
}

export interface CommitteeModel {
  threshold: number;
  noticePeriod: bigint;
  /** Proposals made before the model started (the world's own set-up). */
  proposalsBefore: bigint;
  proposals: ProposalModel[];
}

export interface Model {
  now: bigint;
  committee: CommitteeModel;
  paused: boolean;
  parties: Record<PartyName, Party>;
  policy: Policy;
  loans: LoanModel[];
  outstanding: Record<string, bigint>;
  balances: Record<Holder, bigint>;
  /** Tokens sent to the LoanBook that no loan accounts for. */
  surplus: bigint;
  /** Fees earned by each operator and not yet collected. */
  feesOwed: Record<string, bigint>;
  /** Whether the LoanBook keeps fees for the operator to collect (else it pays them at disbursement). */
  feesAccrue: boolean;
}

export type Outcome = { error: string } | { ok: () => void };
export const refuse = (error: string): { error: string } => ({ error });
export const succeed = (ok: () => void): Outcome => ({ ok });

export const OWING = [LoanState.Active, LoanState.Late, LoanState.Defaulted, LoanState.Compensated] as number[];

export function cloneModel(m: Model): Model {
  return structuredClone(m);
}

/** The timestamp of the next transaction: each call is mined one second after the last block. Outcomes take it
 * when they are judged, before the call moves the clock. */
export const nextTime = (m: Model) => m.now + 1n;

// ---------------------------------------------------------------- admissions

export function isActive(m: Model, who: PartyName, t = nextTime(m)): boolean {
  const p = m.parties[who];
  return p.role !== Role.None && p.status === Status.Active && t < p.expiresAt;
}

export const canHold = (m: Model, who: Holder, t = nextTime(m)) => who === "book" || isActive(m, who, t);

/** The registry's `requireActive`: the first reason `who` may not act in `role`, or null. */
export function activeError(m: Model, who: PartyName, role: number, t = nextTime(m)): string | null {
  const p = m.parties[who];
  if (p.role === Role.None) return "RegistryNotAdmitted";
  if (p.role !== role) return "RegistryWrongRole";
  if (p.status !== Status.Active) return "RegistryNotActive";
  if (t >= p.expiresAt) return "RegistryAdmissionExpired";
  return null;
}

function operatorOrRegulatorError(m: Model, who: PartyName): string | null {
  return m.parties[who].role === Role.Regulator ? activeError(m, who, Role.Regulator) : activeError(m, who, Role.Operator);
}

/** Members in office (Regulators in status Active): each takes part in the committee, at least in renewing a
 * member's lapsed admission. The registry counts them as `membersInOffice`. */
export const regulatorsInCharge = (m: Model) => REGULATORS.filter((r) => m.parties[r].role === Role.Regulator && m.parties[r].status === Status.Active);

/** `requireActive` of an actor: the committee contract is no participant. */
function actorError(m: Model, who: Actor, role: number): string | null {
  return who === COMMITTEE ? "RegistryNotAdmitted" : activeError(m, who, role);
}

/** Regulators answer to the committee; every other participant to any active regulator. */
function authorityError(m: Model, who: Actor, target: PartyName): string | null {
  if (m.parties[target].role === Role.Regulator) return who === COMMITTEE ? null : "RegistryNotCommittee";
  return actorError(m, who, Role.Regulator);
}

/** A member in office leaves it (suspended or revoked): never below the threshold. */
function leaveOfficeError(m: Model, target: PartyName): string | null {
  const p = m.parties[target];
  if (p.role !== Role.Regulator || p.status !== Status.Active) return null;
  return regulatorsInCharge(m).length - 1 < m.committee.threshold ? "RegistryBelowThreshold" : null;
}

export function activeRegulators(m: Model, t = nextTime(m)): PartyName[] {
  return REGULATORS.filter((r) => m.parties[r].role === Role.Regulator && isActive(m, r, t));
}

// ---------------------------------------------------------------- schedule

const rateOf = (l: LoanModel) => periodRateWad(l.terms.rateBps, l.terms.periodLength);

export function dueNow(l: LoanModel, t: bigint, offset: bigint): bigint {
  const n = l.terms.instalments;
  const k = instalmentsPassed(l.startedAt, l.terms.periodLength, n, t, offset);
  return dueAfterUp(l.principal, l.terms.method as RepaymentMethod, rateOf(l), n, k);
}

/** What settles the loan at time `t`: fixed at default, else the instalment in progress plus the rest. */
export function settlement(l: LoanModel, t: bigint): bigint {
  if (l.closingAmount !== 0n) return l.closingAmount;
  const n = l.terms.instalments;
  const passed = instalmentsPassed(l.startedAt, l.terms.periodLength, n, t, 0n);
  const k = passed + 1n > BigInt(n) ? BigInt(n) : passed + 1n;
  return payoffUp(l.principal, l.terms.method as RepaymentMethod, rateOf(l), n, k);
}

export function scheduleTotal(l: LoanModel): bigint {
  const p = l.principal !== 0n ? l.principal : l.terms.amount;
  return dueAfterUp(p, l.terms.method as RepaymentMethod, rateOf(l), l.terms.instalments, l.terms.instalments);
}

export const lastDueDate = (l: LoanModel) => l.startedAt + BigInt(l.terms.instalments) * BigInt(l.terms.periodLength);

export function claimableOf(l: LoanModel, investor: string): bigint {
  const pos = l.positions[investor];
  if (l.principal === 0n || !pos || pos.contributed === 0n) return 0n;
  return (l.distributed * pos.contributed) / l.raised - pos.claimed;
}

// ---------------------------------------------------------------- helpers

function loanOf(m: Model, id: bigint): LoanModel | undefined {
  return m.loans[Number(id) - 1];
}

function position(l: LoanModel, who: string): Position {
  l.positions[who] ??= { contributed: 0n, claimed: 0n, refunded: false };
  return l.positions[who];
}

function move(m: Model, from: Holder, to: Holder, amount: bigint) {
  m.balances[from] -= amount;
  m.balances[to] += amount;
}

/** The token's own checks on a transfer from the LoanBook to `to`. */
const payoutError = (m: Model, to: PartyName) => (canHold(m, to) ? null : "DepositTokenHolderNotAllowed");

// ---------------------------------------------------------------- publish .. list

export function publish(m: Model, who: PartyName, terms: Terms): Outcome {
  if (m.paused) return refuse("LoanBookPaused");
  const e = activeError(m, who, Role.Enterprise);
  if (e) return refuse(e);
  if (terms.minRaise === 0n || terms.minRaise > terms.amount) return refuse("LoanBookInvalidAmount");
  if (
    terms.instalments === 0 || terms.instalments > 360 || terms.periodLength < 86_400 || terms.periodLength > 365 * 86_400
    || terms.instalments * terms.periodLength > 30 * 365 * 86_400
  ) return refuse("LoanBookInvalidSchedule");
  if (terms.fundingPeriod < 3600 || terms.fundingPeriod > 180 * 86_400) return refuse("LoanBookInvalidFundingPeriod");
  if (terms.rateBps > m.policy.rateCapBps) return refuse("LoanBookRateAboveCap");
  return succeed(() => {
    m.loans.push({
      id: BigInt(m.loans.length + 1), enterprise: who, state: LoanState.Published, frozen: false, riskGrade: 0, feeBps: 0,
      fundingDeadline: 0n, drawdownDeadline: 0n, operator: null, startedAt: 0n, terms: { ...terms }, raised: 0n, escrow: 0n, principal: 0n,
      repaid: 0n, distributed: 0n, claimed: 0n, closingAmount: 0n, bond: 0n, guaranteePaid: 0n, recovered: 0n,
      recoveryClaimed: 0n, guarantor: null, positions: {}, requests: {}, attestations: [], settlementSeen: 0n, settlementSeenAt: 0n,
    });
  });
}

/** The common head of the operator's steps: not paused, an active operator, a loan in `state`. */
function operatorStep(m: Model, who: PartyName, id: bigint, state: number): { error: string } | { loan: LoanModel } {
  if (m.paused) return refuse("LoanBookPaused");
  const e = activeError(m, who, Role.Operator);
  if (e) return refuse(e);
  const l = loanOf(m, id);
  if (!l) return refuse("LoanBookUnknownLoan");
  if (l.state !== state) return refuse("LoanBookInvalidState");
  return { loan: l };
}

export function openReview(m: Model, who: PartyName, id: bigint): Outcome {
  const s = operatorStep(m, who, id, LoanState.UnderReview - 1);
  if ("error" in s) return s;
  return succeed(() => { s.loan.state = LoanState.UnderReview; });
}

export function requestService(m: Model, who: PartyName, id: bigint, agency: PartyName, kinds: number): Outcome {
  const s = operatorStep(m, who, id, LoanState.UnderReview);
  if ("error" in s) return s;
  if (kinds === 0 || (kinds & ~AGENCY_KINDS_MASK) !== 0) return refuse("LoanBookInvalidServiceKinds");
  const e = activeError(m, agency, Role.Agency);
  if (e) return refuse(e);
  if ((m.parties[agency].agencyKinds & kinds) !== kinds) return refuse("LoanBookInvalidServiceKinds");
  return succeed(() => { s.loan.requests[agency] = (s.loan.requests[agency] ?? 0) | kinds; });
}

export function postBond(m: Model, who: PartyName, id: bigint, amount: bigint): Outcome {
  if (m.paused) return refuse("LoanBookPaused");
  const e = activeError(m, who, Role.Agency);
  if (e) return refuse(e);
  if ((m.parties[who].agencyKinds & GUARANTEE_BIT) === 0) return refuse("RegistryNotAccredited");
  const l = loanOf(m, id);
  if (!l) return refuse("LoanBookUnknownLoan");
  if (l.state !== LoanState.Published && l.state !== LoanState.UnderReview) return refuse("LoanBookInvalidState");
  // Only the agency the operator asked for a guarantee may take the guarantor's place.
  if (((l.requests[who] ?? 0) & GUARANTEE_BIT) === 0) return refuse("LoanBookServiceNotRequested");
  if (amount === 0n) return refuse("LoanBookZeroAmount");
  if (l.guarantor !== null && l.guarantor !== who) return refuse("LoanBookGuarantorTaken");
  if (m.balances[who] < amount) return refuse("ERC20InsufficientBalance");
  return succeed(() => {
    l.guarantor = who;
    l.bond += amount;
    move(m, who, "book", amount);
  });
}

/** An agency's attestation about the loan (credit rating) or its enterprise (identity). */
export function attest(m: Model, who: PartyName, kind: number): Outcome {
  if (m.paused) return refuse("RegistryPaused");
  const e = activeError(m, who, Role.Agency);
  if (e) return refuse(e);
  if ((m.parties[who].agencyKinds & (1 << kind)) === 0) return refuse("RegistryNotAccredited");
  return succeed(() => {});
}

export function disclose(m: Model, who: PartyName): Outcome {
  if (m.paused) return refuse("RegistryPaused");
  const e = activeError(m, who, Role.Enterprise);
  if (e) return refuse(e);
  return succeed(() => {});
}

const gradeOf = (rating: number) => (rating <= 2 ? 1 : rating <= 5 ? rating - 1 : 5);

export function list(m: Model, who: PartyName, id: bigint, feeBps: number): Outcome {
  const s = operatorStep(m, who, id, LoanState.UnderReview);
  if ("error" in s) return s;
  const l = s.loan;
  const e = activeError(m, l.enterprise, Role.Enterprise);
  if (e) return refuse(e);
  if (l.terms.rateBps > m.policy.rateCapBps) return refuse("LoanBookRateAboveCap");
  if (feeBps > m.policy.feeCapBps) return refuse("LoanBookFeeAboveCap");
  const outstanding = m.outstanding[l.enterprise];
  if (outstanding + l.terms.amount > m.policy.enterpriseCap) return refuse("LoanBookOverEnterpriseCap");
  let covered = 0;
  let worst = 0;
  for (const a of l.attestations) {
    const author = m.parties[a.author];
    const valid = !a.revoked && isActive(m, a.author) && author.role === Role.Agency && (author.agencyKinds & (1 << a.kind)) !== 0;
    if (!valid) return refuse("LoanBookInvalidAttestation");
    covered |= 1 << a.kind;
    if (a.kind === 1) worst = Math.max(worst, a.rating);
  }
  if ((covered & RATER_KINDS) !== RATER_KINDS) return refuse("LoanBookMissingAttestations");
  const t = nextTime(m);
  return succeed(() => {
    m.outstanding[l.enterprise] = outstanding + l.terms.amount;
    l.riskGrade = worst === 0 ? 5 : gradeOf(worst);
    l.feeBps = feeBps;
    l.operator = who;
    l.fundingDeadline = t + BigInt(l.terms.fundingPeriod);
    l.drawdownDeadline = l.fundingDeadline + m.policy.drawdownPeriod;
    l.state = LoanState.Listed;
  });
}

export function unlist(m: Model, who: PartyName, id: bigint): Outcome {
  const s = operatorStep(m, who, id, LoanState.Listed);
  if ("error" in s) return s;
  if (s.loan.raised !== 0n) return refuse("LoanBookRaiseNotEmpty");
  return succeed(() => {
    m.outstanding[s.loan.enterprise] -= s.loan.terms.amount;
    s.loan.state = LoanState.UnderReview;
  });
}

// ---------------------------------------------------------------- funding

/** Funding of `requested`: what remains is filled when less is left, and a contribution below the policy's
 * minimum is refused unless it fills what remains. */
export function fund(m: Model, who: PartyName, id: bigint, requested: bigint): Outcome & { amount?: bigint } {
  if (m.paused) return refuse("LoanBookPaused");
  const e = activeError(m, who, Role.Investor);
  if (e) return refuse(e);
  const l = loanOf(m, id);
  if (!l) return refuse("LoanBookUnknownLoan");
  if (l.state !== LoanState.Listed) return refuse("LoanBookInvalidState");
  if (l.frozen) return refuse("LoanBookFrozen");
  if (nextTime(m) >= l.fundingDeadline) return refuse("LoanBookFundingClosed");
  if (m.parties[who].suitability < l.riskGrade) return refuse("LoanBookUnsuitableInvestor");
  if (requested === 0n) return refuse("LoanBookZeroAmount");
  const remaining = l.terms.amount - l.raised;
  const amount = requested < remaining ? requested : remaining;
  if (amount < m.policy.minContribution && amount !== remaining) return refuse("LoanBookBelowMinContribution");
  if (m.balances[who] < amount) return refuse("ERC20InsufficientBalance");
  return {
    amount,
    ok: () => {
      position(l, who).contributed += amount;
      l.raised += amount;
      l.escrow += amount;
      move(m, who, "book", amount);
      if (l.raised === l.terms.amount) l.state = LoanState.Funded;
    },
  };
}

export function closeFunding(m: Model, id: bigint): Outcome {
  if (m.paused) return refuse("LoanBookPaused");
  const l = loanOf(m, id);
  if (!l) return refuse("LoanBookUnknownLoan");
  if (l.state !== LoanState.Listed) return refuse("LoanBookInvalidState");
  if (nextTime(m) < l.fundingDeadline) return refuse("LoanBookFundingOpen");
  return succeed(() => {
    if (l.raised >= l.terms.minRaise) l.state = LoanState.Funded;
    else {
      m.outstanding[l.enterprise] -= l.terms.amount;
      l.state = LoanState.Failed;
    }
  });
}

export function cancel(m: Model, who: PartyName, id: bigint): Outcome {
  if (m.paused) return refuse("LoanBookPaused");
  const l = loanOf(m, id);
  if (!l) return refuse("LoanBookUnknownLoan");
  // Once a funded loan's drawdown deadline has passed undrawn, anyone may cancel it.
  const drawdownOver = l.state === LoanState.Funded && nextTime(m) >= l.drawdownDeadline;
  if (who !== l.enterprise && !drawdownOver) {
    const e = activeError(m, who, Role.Operator);
    if (e) return refuse(e);
  }
  if (l.state === LoanState.Listed || l.state === LoanState.Funded) {
    return succeed(() => {
      m.outstanding[l.enterprise] -= l.terms.amount;
      l.state = LoanState.Cancelled;
    });
  }
  if (l.state !== LoanState.Published && l.state !== LoanState.UnderReview) return refuse("LoanBookInvalidState");
  return succeed(() => { l.state = LoanState.Cancelled; });
}

export function refund(m: Model, who: PartyName, id: bigint): Outcome {
  if (m.paused) return refuse("LoanBookPaused");
  const l = loanOf(m, id);
  if (!l) return refuse("LoanBookUnknownLoan");
  if (l.state !== LoanState.Cancelled && l.state !== LoanState.Failed) return refuse("LoanBookInvalidState");
  if (l.frozen) return refuse("LoanBookFrozen");
  const pos = l.positions[who];
  if (!pos || pos.contributed === 0n || pos.refunded) return refuse("LoanBookNothingToRefund");
  const e = payoutError(m, who);
  if (e) return refuse(e);
  return succeed(() => {
    pos.refunded = true;
    l.escrow -= pos.contributed;
    move(m, "book", who, pos.contributed);
  });
}

// ---------------------------------------------------------------- disbursement, repayment, claims

/** The enterprise draws the raise; the operator's fee is earned whatever the operator's admission. */
export function disburse(m: Model, who: PartyName, id: bigint): Outcome {
  if (m.paused) return refuse("LoanBookPaused");
  const l = loanOf(m, id);
  if (!l) return refuse("LoanBookUnknownLoan");
  if (l.state !== LoanState.Funded) return refuse("LoanBookInvalidState");
  if (who !== l.enterprise) return refuse("LoanBookNotEnterprise");
  const e = activeError(m, who, Role.Enterprise);
  if (e) return refuse(e);
  if (l.frozen) return refuse("LoanBookFrozen");
  const t = nextTime(m);
  if (t >= l.drawdownDeadline) return refuse("LoanBookDrawdownExpired");
  return succeed(() => {
    const principal = l.raised;
    const fee = (principal * BigInt(l.feeBps)) / 10_000n;
    l.principal = principal;
    l.escrow = 0n;
    m.outstanding[l.enterprise] -= l.terms.amount - principal;
    l.startedAt = t;
    l.state = LoanState.Active;
    m.balances.book -= principal - fee;
    m.balances[who] += principal - fee;
    if (m.feesAccrue) {
      m.feesOwed[l.operator!] += fee;
    } else {
      m.balances.book -= fee;
      m.balances[l.operator!] += fee;
    }
    l.settlementSeen = settlement(l, l.startedAt);
    l.settlementSeenAt = l.startedAt;
  });
}

/** Repayment: capped at what settles the loan; an account that may not act repays only loans it owes. */
export function repay(m: Model, who: PartyName, id: bigint, maxAmount: bigint): Outcome & { paid?: bigint } {
  const l = loanOf(m, id);
  if (!l) return refuse("LoanBookUnknownLoan");
  if (!OWING.includes(l.state)) return refuse("LoanBookInvalidState");
  // Someone who may not act repays only the loans it owes.
  if (who !== l.enterprise && !isActive(m, who)) return refuse("LoanBookPayerNotActive");
  const t = nextTime(m);
  const settle = settlement(l, t);
  const owed = settle - l.repaid;
  const paid = maxAmount < owed ? maxAmount : owed;
  if (paid === 0n) return refuse("LoanBookZeroAmount");
  if (m.balances[who] < paid) return refuse("ERC20InsufficientBalance");
  return {
    paid,
    ok: () => {
      const toGuarantor = paid < l.guaranteePaid - l.recovered ? paid : l.guaranteePaid - l.recovered;
      l.recovered += toGuarantor;
      l.distributed += paid - toGuarantor;
      l.repaid += paid;
      move(m, who, "book", paid);
      if (l.repaid === settle) {
        m.outstanding[l.enterprise] -= l.principal;
        l.state = LoanState.Repaid;
      } else if (l.state === LoanState.Late && l.repaid >= dueNow(l, t, 0n)) {
        l.state = LoanState.Active;
      }
    },
  };
}

export function claim(m: Model, who: PartyName, id: bigint): Outcome {
  if (m.paused) return refuse("LoanBookPaused");
  const l = loanOf(m, id);
  if (!l) return refuse("LoanBookUnknownLoan");
  if (l.frozen) return refuse("LoanBookFrozen");
  const amount = claimableOf(l, who);
  if (amount === 0n) return refuse("LoanBookNothingToClaim");
  const e = payoutError(m, who);
  if (e) return refuse(e);
  return succeed(() => {
    l.positions[who].claimed += amount;
    l.claimed += amount;
    move(m, "book", who, amount);
  });
}

export function claimRecovery(m: Model, who: PartyName, id: bigint): Outcome {
  if (m.paused) return refuse("LoanBookPaused");
  const l = loanOf(m, id);
  if (!l) return refuse("LoanBookUnknownLoan");
  if (l.frozen) return refuse("LoanBookFrozen");
  if (who !== l.guarantor) return refuse("LoanBookNotGuarantor");
  const amount = l.recovered - l.recoveryClaimed;
  if (amount === 0n) return refuse("LoanBookNothingToClaim");
  const e = payoutError(m, who);
  if (e) return refuse(e);
  return succeed(() => {
    l.recoveryClaimed = l.recovered;
    move(m, "book", who, amount);
  });
}

const RELEASABLE = [LoanState.Repaid, LoanState.Cancelled, LoanState.Failed, LoanState.Defaulted, LoanState.Compensated] as number[];

export function releaseBond(m: Model, who: PartyName, id: bigint): Outcome {
  if (m.paused) return refuse("LoanBookPaused");
  const l = loanOf(m, id);
  if (!l) return refuse("LoanBookUnknownLoan");
  if (!RELEASABLE.includes(l.state)) return refuse("LoanBookInvalidState");
  if (l.frozen) return refuse("LoanBookFrozen");
  if (who !== l.guarantor) return refuse("LoanBookNotGuarantor");
  if (l.bond === 0n) return refuse("LoanBookNoBond");
  const e = payoutError(m, who);
  if (e) return refuse(e);
  return succeed(() => {
    move(m, "book", who, l.bond);
    l.bond = 0n;
  });
}

export function markLate(m: Model, who: PartyName, id: bigint): Outcome {
  if (m.paused) return refuse("LoanBookPaused");
  const e = operatorOrRegulatorError(m, who);
  if (e) return refuse(e);
  const l = loanOf(m, id);
  if (!l) return refuse("LoanBookUnknownLoan");
  if (l.state !== LoanState.Active) return refuse("LoanBookInvalidState");
  if (l.repaid >= dueNow(l, nextTime(m), m.policy.gracePeriod)) return refuse("LoanBookNotOverdue");
  return succeed(() => { l.state = LoanState.Late; });
}

export function declareDefault(m: Model, who: PartyName, id: bigint): Outcome {
  if (m.paused) return refuse("LoanBookPaused");
  const e = operatorOrRegulatorError(m, who);
  if (e) return refuse(e);
  const l = loanOf(m, id);
  if (!l) return refuse("LoanBookUnknownLoan");
  if (l.state !== LoanState.Active && l.state !== LoanState.Late) return refuse("LoanBookInvalidState");
  const t = nextTime(m);
  if (l.repaid >= dueNow(l, t, m.policy.defaultPeriod)) return refuse("LoanBookNotOverdue");
  return succeed(() => {
    const closing = settlement(l, t);
    const outstanding = closing - l.repaid;
    l.closingAmount = closing;
    l.state = LoanState.Defaulted;
    const payout = l.bond < outstanding ? l.bond : outstanding;
    if (payout !== 0n) {
      l.bond -= payout;
      l.guaranteePaid = payout;
      l.distributed += payout;
      l.state = LoanState.Compensated;
    }
  });
}

// ---------------------------------------------------------------- regulator

export function freeze(m: Model, who: Actor, id: bigint): Outcome {
  const e = actorError(m, who, Role.Regulator);
  if (e) return refuse(e);
  const l = loanOf(m, id);
  if (!l) return refuse("LoanBookUnknownLoan");
  if (l.frozen) return refuse("LoanBookFrozen");
  return succeed(() => { l.frozen = true; });
}

/** Only the committee lifts a freeze. */
export function unfreeze(m: Model, who: Actor, id: bigint): Outcome {
  if (who !== COMMITTEE) return refuse("LoanBookNotCommittee");
  const l = loanOf(m, id);
  if (!l) return refuse("LoanBookUnknownLoan");
  if (!l.frozen) return refuse("LoanBookInvalidState");
  return succeed(() => { l.frozen = false; });
}

/** Any active regulator pauses at once; only the committee resumes. */
export function setPaused(m: Model, who: Actor, paused: boolean): Outcome {
  const e = paused ? actorError(m, who, Role.Regulator) : who === COMMITTEE ? null : "RegistryNotCommittee";
  if (e) return refuse(e);
  return succeed(() => { m.paused = paused; });
}

/** A single regulator suspends any participant but a Regulator; the committee suspends a Regulator. */
export function suspend(m: Model, who: Actor, target: PartyName): Outcome {
  const p = m.parties[target];
  if (p.role === Role.None) return refuse("RegistryNotAdmitted");
  const e = authorityError(m, who, target);
  if (e) return refuse(e);
  if (p.status !== Status.Active) return refuse("RegistryInvalidStatus");
  const below = leaveOfficeError(m, target);
  if (below) return refuse(below);
  return succeed(() => { p.status = Status.Suspended; });
}

export function reinstate(m: Model, who: Actor, target: PartyName): Outcome {
  if (who !== COMMITTEE) return refuse("RegistryNotCommittee");
  const p = m.parties[target];
  if (p.role === Role.None) return refuse("RegistryNotAdmitted");
  if (p.status !== Status.Suspended) return refuse("RegistryInvalidStatus");
  return succeed(() => { p.status = Status.Active; });
}

export function revoke(m: Model, who: Actor, target: PartyName): Outcome {
  if (who !== COMMITTEE) return refuse("RegistryNotCommittee");
  const p = m.parties[target];
  if (p.role === Role.None) return refuse("RegistryNotAdmitted");
  if (p.status === Status.Revoked) return refuse("RegistryInvalidStatus");
  const below = leaveOfficeError(m, target);
  if (below) return refuse(below);
  return succeed(() => { p.status = Status.Revoked; });
}

/** A single active regulator renews anyone but a Regulator; the committee renews a Regulator. */
export function renew(m: Model, who: Actor, target: PartyName, expiresAt: bigint): Outcome {
  const p = m.parties[target];
  if (p.role === Role.None) return refuse("RegistryNotAdmitted");
  const e = authorityError(m, who, target);
  if (e) return refuse(e);
  if (p.status === Status.Revoked) return refuse("RegistryInvalidStatus");
  if (expiresAt <= nextTime(m)) return refuse("RegistryInvalidExpiry");
  return succeed(() => { p.expiresAt = expiresAt; });
}

/** The committee changes the grace and default periods (the rest of the policy stays). */
export function setPolicy(m: Model, who: Actor, gracePeriod: bigint, defaultPeriod: bigint): Outcome {
  if (who !== COMMITTEE) return refuse("RegistryNotCommittee");
  if (gracePeriod === 0n || defaultPeriod <= gracePeriod) return refuse("RegistryInvalidPolicy");
  return succeed(() => {
    m.policy.gracePeriod = gracePeriod;
    m.policy.defaultPeriod = defaultPeriod;
  });
}

/** The committee's own threshold: at least one, at most the members in office. */
export function setThreshold(m: Model, who: Actor, threshold: number): Outcome {
  if (who !== COMMITTEE) return refuse("CommitteeOnlySelf");
  if (threshold === 0 || threshold > regulatorsInCharge(m).length) return refuse("CommitteeInvalidThreshold");
  return succeed(() => { m.committee.threshold = threshold; });
}

// ---------------------------------------------------------------- the supervisory committee

export const PROPOSAL_LIFETIME = 14n * 86_400n;
export const EXECUTION_WINDOW = 14n * 86_400n;

export type ProposalState = "Pending" | "Queued" | "Ready" | "Executed" | "Cancelled" | "Expired";

export function proposalState(p: ProposalModel, t = 0n): ProposalState {
  if (p.executed) return "Executed";
  if (p.cancelled) return "Cancelled";
  if (p.queuedAt === 0n) return t < p.createdAt + PROPOSAL_LIFETIME ? "Pending" : "Expired";
  if (t < p.eta) return "Queued";
  return t < p.eta + EXECUTION_WINDOW ? "Ready" : "Expired";
}

export const requiresNotice = (a: GovAction) => a.kind === "policy";

/** A member in office with a current admission; a lapsed one still takes part in renewing a member. */
export function isEligible(m: Model, who: PartyName, a: GovAction, t = nextTime(m)): boolean {
  const p = m.parties[who];
  if (p.role !== Role.Regulator || p.status !== Status.Active) return false;
  if (t < p.expiresAt) return true;
  return a.kind === "renew" && m.parties[a.target].role === Role.Regulator;
}

/** What the target must do when the committee executes `a`. */
export function actionOutcome(m: Model, a: GovAction): Outcome {
  switch (a.kind) {
    case "suspend": return suspend(m, COMMITTEE, a.target);
    case "reinstate": return reinstate(m, COMMITTEE, a.target);
    case "revoke": return revoke(m, COMMITTEE, a.target);
    case "renew": return renew(m, COMMITTEE, a.target, a.expiresAt);
    case "unpause": return setPaused(m, COMMITTEE, false);
    case "unfreeze": return unfreeze(m, COMMITTEE, a.loan);
    case "sweep": return sweepSurplus(m, COMMITTEE, a.to);
    case "moveClaims": return moveClaims(m, COMMITTEE, a.from, a.to, a.ids);
    case "policy": return setPolicy(m, COMMITTEE, a.gracePeriod, a.defaultPeriod);
    case "threshold": return setThreshold(m, COMMITTEE, a.threshold);
  }
}

function approveAt(m: Model, p: ProposalModel, who: PartyName, t: bigint) {
  p.approvers.push(who);
  if (p.queuedAt === 0n && p.approvers.length >= m.committee.threshold) {
    p.queuedAt = t;
    p.eta = requiresNotice(p.action) ? t + m.committee.noticePeriod : t;
  }
}

export function propose(m: Model, who: PartyName, a: GovAction): Outcome {
  if (!isEligible(m, who, a)) return refuse("CommitteeNotMember");
  const t = nextTime(m);
  return succeed(() => {
    const c = m.committee;
    const p: ProposalModel = {
      id: c.proposalsBefore + BigInt(c.proposals.length + 1), action: a, proposer: who, approvers: [], createdAt: t,
      queuedAt: 0n, eta: 0n, executed: false, cancelled: false,
    };
    c.proposals.push(p);
    approveAt(m, p, who, t);
  });
}

export function approve(m: Model, who: PartyName, p: ProposalModel): Outcome {
  const t = nextTime(m);
  const s = proposalState(p, t);
  if (s !== "Pending" && s !== "Queued" && s !== "Ready") return refuse("CommitteeInvalidState");
  if (!isEligible(m, who, p.action)) return refuse("CommitteeNotMember");
  if (p.approvers.includes(who)) return refuse("CommitteeAlreadyApproved");
  return succeed(() => approveAt(m, p, who, t));
}

/** Any member cancels a proposal approved and in its notice (or ready); the proposer withdraws a pending one. */
export function cancelProposal(m: Model, who: PartyName, p: ProposalModel): Outcome {
  const s = proposalState(p, nextTime(m));
  if (s === "Pending") {
    if (who !== p.proposer) return refuse("CommitteeNotProposer");
  } else if (s !== "Queued" && s !== "Ready") return refuse("CommitteeInvalidState");
  if (!isEligible(m, who, p.action)) return refuse("CommitteeNotMember");
  return succeed(() => { p.cancelled = true; });
}

/** Once ready, with approvals of members still in office reaching the threshold, the committee makes the call;
 * the target's refusal is the execution's. */
export function execute(m: Model, who: PartyName, p: ProposalModel): Outcome {
  const s = proposalState(p, nextTime(m));
  if (s !== "Ready") return refuse("CommitteeInvalidState");
  if (!isEligible(m, who, p.action)) return refuse("CommitteeNotMember");
  const standing = p.approvers.filter((a) => m.parties[a].status === Status.Active).length;
  if (standing < m.committee.threshold) return refuse("CommitteeNotEnoughApprovals");
  const outcome = actionOutcome(m, p.action);
  if ("error" in outcome) return outcome;
  return succeed(() => {
    p.executed = true;
    outcome.ok();
  });
}

// ---------------------------------------------------------------- the deposit token

/** A plain transfer between holders, the LoanBook included (then it is surplus): stopped by the pause. */
export function transfer(m: Model, from: PartyName, to: Holder, amount: bigint): Outcome {
  if (!canHold(m, to)) return refuse("DepositTokenHolderNotAllowed");
  if (!canHold(m, from)) return refuse("DepositTokenHolderNotAllowed");
  if (m.paused) return refuse("DepositTokenPaused");
  if (m.balances[from] < amount) return refuse("ERC20InsufficientBalance");
  return succeed(() => {
    move(m, from, to, amount);
    if (to === "book") m.surplus += amount;
  });
}

export function mint(m: Model, who: PartyName, to: PartyName, amount: bigint): Outcome {
  const e = activeError(m, who, Role.Custodian);
  if (e) return refuse(e);
  if (!canHold(m, to)) return refuse("DepositTokenHolderNotAllowed");
  if (m.paused) return refuse("DepositTokenPaused");
  return succeed(() => { m.balances[to] += amount; });
}

// ---------------------------------------------------------------- fees, surplus, revoked participants

export function withdrawFees(m: Model, who: PartyName): Outcome {
  if (m.paused) return refuse("LoanBookPaused");
  const amount = m.feesOwed[who] ?? 0n;
  if (amount === 0n) return refuse("LoanBookNothingToWithdraw");
  const e = payoutError(m, who);
  if (e) return refuse(e);
  return succeed(() => {
    m.feesOwed[who] = 0n;
    move(m, "book", who, amount);
  });
}

export function sweepSurplus(m: Model, who: Actor, to: PartyName): Outcome {
  if (m.paused) return refuse("LoanBookPaused");
  if (who !== COMMITTEE) return refuse("LoanBookNotCommittee");
  if (m.surplus === 0n) return refuse("LoanBookNoSurplus");
  const p = payoutError(m, to);
  if (p) return refuse(p);
  return succeed(() => {
    move(m, "book", to, m.surplus);
    m.surplus = 0n;
  });
}

/** The committee hands a revoked participant's positions and guarantor roles on the loans `ids`, and its fees, to
 * an account it names. */
export function moveClaims(m: Model, who: Actor, from: PartyName, to: PartyName, ids: bigint[]): Outcome {
  if (who !== COMMITTEE) return refuse("LoanBookNotCommittee");
  if (m.parties[from].status !== Status.Revoked) return refuse("LoanBookNotRevoked");
  if (!canHold(m, to)) return refuse("LoanBookCannotHold");
  const loans = ids.map((id) => loanOf(m, id)).filter((l): l is LoanModel => l !== undefined);
  for (const l of loans) {
    if ((l.positions[from]?.contributed ?? 0n) !== 0n && (l.positions[to]?.contributed ?? 0n) !== 0n) return refuse("LoanBookPositionTaken");
  }
  return succeed(() => {
    for (const l of loans) {
      const pos = l.positions[from];
      if (pos && pos.contributed !== 0n) {
        l.positions[to] = pos;
        delete l.positions[from];
      }
      if (l.guarantor === from) l.guarantor = to;
    }
    const fees = m.feesOwed[from] ?? 0n;
    if (fees !== 0n) {
      m.feesOwed[from] = 0n;
      m.feesOwed[to] = (m.feesOwed[to] ?? 0n) + fees;
    }
  });
}
