import { Status, type RepaymentMethod } from "../lib/enums";
import type { LedgerEvent } from "./decode";

/**
 * The ledger rebuilt from events: one reducer, applied in chain order, that the sync writes into SQLite and the
 * audit replays in memory. Each event changes the state exactly as the contract function that emitted it did,
 * as far as the event tells; whatever it cannot tell (time-dependent amounts) the events carry explicitly.
 */

export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

export const big = (x: unknown): bigint => (typeof x === "bigint" ? x : BigInt(x as string | number));
export const num = (x: unknown): number => Number(x);

export interface ParticipantRow {
  account: string;
  role: number;
  status: number;
  agencyKinds: number;
  scale: number;
  suitability: number;
  admittedAt: number;
  expiresAt: number;
  credentialHash: string;
  admittedBlock: number;
  updatedBlock: number;
}

export interface PolicyRow {
  blockNumber: number;
  logIndex: number;
  blockTime: number;
  lprBps: number;
  rateCapBps: number;
  feeCapBps: number;
  requiredKinds: number;
  gracePeriod: number;
  defaultPeriod: number;
  enterpriseCap: bigint;
  regulator: string;
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

export interface MovementRow {
  blockNumber: number;
  logIndex: number;
  seq: number;
  blockTime: number;
  txHash: string;
  kind: string;
  loanId: number | null;
  from: string | null;
  to: string | null;
  amount: bigint;
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
}

/** What an Attested event carries beyond its arguments: the relayed call's nonce, deadline and signature. */
export interface RelayedCall {
  nonce: bigint;
  deadline: bigint;
  signature: string;
}

function newLoan(e: LedgerEvent): LoanRow {
  const t = e.args.terms;
  return {
    id: num(e.args.id),
    enterprise: e.args.enterprise,
    state: 0,
    frozen: false,
    amount: big(t.amount),
    minRaise: big(t.minRaise),
    rateBps: num(t.rateBps),
    method: num(t.method) as RepaymentMethod,
    instalments: num(t.instalments),
    periodLength: num(t.periodLength),
    fundingPeriod: num(t.fundingPeriod),
    purpose: e.args.purpose,
    metadataHash: e.args.metadataHash,
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
  };
}

/** Applies one event to the store. Throws when an event refers to something the ledger never saw. */
export function applyEvent(store: LedgerStore, e: LedgerEvent, relayed?: RelayedCall): void {
  const a = e.args;
  let seq = 0;
  const move = (kind: string, loanId: number | null, from: string | null, to: string | null, amount: unknown) =>
    store.addMovement({ blockNumber: e.blockNumber, logIndex: e.logIndex, seq: seq++, blockTime: e.blockTime, txHash: e.txHash, kind, loanId, from, to, amount: big(amount) });

  switch (e.contract) {
    case "ParticipantRegistry": {
      if (e.name === "PolicySet") {
        const p = a.policy;
        store.addPolicy({
          blockNumber: e.blockNumber,
          logIndex: e.logIndex,
          blockTime: e.blockTime,
          lprBps: num(p.lprBps),
          rateCapBps: num(p.rateCapBps),
          feeCapBps: num(p.feeCapBps),
          requiredKinds: num(p.requiredKinds),
          gracePeriod: num(p.gracePeriod),
          defaultPeriod: num(p.defaultPeriod),
          enterpriseCap: big(p.enterpriseCap),
          regulator: a.regulator,
        });
        return;
      }
      if (e.name === "ParticipantAdmitted") {
        store.putParticipant({
          account: a.account,
          role: num(a.role),
          status: Status.Active,
          agencyKinds: num(a.agencyKinds),
          scale: num(a.scale),
          suitability: 0,
          admittedAt: e.blockTime,
          expiresAt: num(a.expiresAt),
          credentialHash: a.credentialHash,
          admittedBlock: e.blockNumber,
          updatedBlock: e.blockNumber,
        });
        return;
      }
      // PlatformContractSet and PauseSet are kept as events only.
      if (e.name === "PlatformContractSet" || e.name === "PauseSet") return;
      const account: string | undefined = a.account ?? a.agency ?? a.investor;
      if (account === undefined) return;
      const p = store.participant(account);
      if (!p) throw new Error(`${e.name} for ${account}, never admitted`);
      const next = { ...p, updatedBlock: e.blockNumber };
      if (e.name === "AdmissionRenewed") Object.assign(next, { expiresAt: num(a.expiresAt), credentialHash: a.credentialHash });
      else if (e.name === "ParticipantSuspended") next.status = Status.Suspended;
      else if (e.name === "ParticipantReinstated") next.status = Status.Active;
      else if (e.name === "ParticipantRevoked") next.status = Status.Revoked;
      else if (e.name === "AgencyKindsSet") next.agencyKinds = num(a.agencyKinds);
      else if (e.name === "SuitabilitySet") next.suitability = num(a.level);
      store.putParticipant(next);
      return;
    }

    case "AttestationRegistry": {
      if (e.name === "Attested") {
        store.putAttestation({
          uid: a.uid,
          attester: a.attester,
          relayer: a.relayer,
          kind: num(a.kind),
          subject: a.subject,
          value: big(a.value),
          dataHash: a.dataHash,
          refUid: a.refUID,
          expiresAt: num(a.expiresAt),
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
        return;
      }
      if (e.name === "NonceCancelled") return; // withdraws a signature; nothing recorded changes
      const row = store.attestation(a.uid);
      if (!row) throw new Error(`${e.name} of unknown attestation ${a.uid}`);
      if (e.name === "OperatingDisclosed") store.putAttestation({ ...row, period: num(a.period) });
      else if (e.name === "AttestationRevoked") {
        store.putAttestation({ ...row, revokedBlock: e.blockNumber, revokedLogIndex: e.logIndex, revokedTime: e.blockTime, revokedBy: a.revoker, revokeReason: a.reasonHash });
      }
      return;
    }

    case "DepositToken": {
      if (e.name === "Transfer") {
        const value = big(a.value);
        if (a.from !== ZERO_ADDRESS) store.putBalance(a.from, store.balance(a.from) - value);
        if (a.to !== ZERO_ADDRESS) store.putBalance(a.to, store.balance(a.to) + value);
        move("token.transfer", null, a.from, a.to, value);
      } else if (e.name === "Minted") move("token.mint", null, null, a.to, a.amount);
      else if (e.name === "Burned") move("token.burn", null, a.from, null, a.amount);
      return;
    }

    case "LoanBook": {
      // Events about no single loan: fees and surplus leave the LoanBook (fees accrue inside it at disbursement).
      if (e.name === "FeesWithdrawn") return void move("loan.fee", null, null, a.operator, a.amount);
      if (e.name === "SurplusSwept") return void move("loan.surplus_sweep", null, null, a.to, a.amount);
      if (e.name === "FeesMoved") return;
      const id = num(a.id);
      if (e.name === "LoanPublished") {
        store.putLoan(newLoan(e));
        return;
      }
      const current = store.loan(id);
      if (!current) throw new Error(`${e.name} of unknown loan ${id}`);
      const loan: LoanRow = { ...current, updatedBlock: e.blockNumber };
      const position = (investor: string): PositionRow =>
        store.position(id, investor) ?? { loanId: id, investor, contributed: 0n, claimed: 0n, refunded: false };
      switch (e.name) {
        case "LoanStateChanged":
          loan.state = num(a.to);
          break;
        case "BondPosted":
          loan.guarantor = a.guarantor;
          loan.bond += big(a.amount);
          move("loan.bond", id, a.guarantor, null, a.amount);
          break;
        case "LoanListed":
          Object.assign(loan, {
            riskGrade: num(a.riskGrade),
            feeBps: num(a.feeBps),
            fundingDeadline: num(a.fundingDeadline),
            operator: a.operator,
            listedBlock: e.blockNumber,
            attestationUids: [...a.attestations],
          });
          break;
        case "LoanFunded": {
          const amount = big(a.amount);
          loan.raised += amount;
          loan.escrow += amount;
          const pos = position(a.investor);
          store.putPosition({ ...pos, contributed: pos.contributed + amount });
          move("loan.fund", id, a.investor, null, amount);
          break;
        }
        case "Refunded": {
          const amount = big(a.amount);
          loan.escrow -= amount;
          loan.refunded += amount;
          store.putPosition({ ...position(a.investor), refunded: true });
          move("loan.refund", id, null, a.investor, amount);
          break;
        }
        case "Disbursed": {
          const principal = big(a.principal);
          const fee = big(a.fee);
          loan.principal = principal;
          loan.escrow = 0n;
          loan.startedAt = e.blockTime;
          move("loan.disburse", id, null, a.enterprise, principal - fee);
          break;
        }
        case "Repaid":
          loan.repaid += big(a.amount);
          loan.distributed += big(a.toInvestors);
          loan.recovered += big(a.toGuarantor);
          move("loan.repay", id, a.payer, null, a.amount);
          break;
        case "Claimed": {
          const amount = big(a.amount);
          loan.claimed += amount;
          const pos = position(a.investor);
          store.putPosition({ ...pos, claimed: pos.claimed + amount });
          move("loan.claim", id, null, a.investor, amount);
          break;
        }
        case "LoanDefaulted":
          loan.closingAmount = loan.repaid + big(a.outstanding);
          break;
        case "GuaranteePaid": {
          const amount = big(a.amount);
          loan.bond -= amount;
          loan.guaranteePaid = amount;
          loan.distributed += amount;
          move("loan.guarantee_payout", id, a.guarantor, null, amount);
          break;
        }
        case "BondReleased":
          loan.bond -= big(a.amount);
          move("loan.bond_release", id, null, a.guarantor, a.amount);
          break;
        case "RecoveryClaimed":
          loan.recoveryClaimed += big(a.amount);
          move("loan.recovery_claim", id, null, a.guarantor, a.amount);
          break;
        case "ClaimsMoved": {
          const from = position(a.from);
          if (from.contributed !== 0n) {
            store.putPosition({ ...from, investor: a.to });
            store.putPosition({ ...from, contributed: 0n, claimed: 0n, refunded: false });
          }
          if (loan.guarantor === a.from) loan.guarantor = a.to;
          break;
        }
        case "LoanFrozen":
          loan.frozen = true;
          break;
        case "LoanUnfrozen":
          loan.frozen = false;
          break;
        default:
          // ReviewOpened, ServiceRequested, LoanUnlisted, FundingClosed, LoanCancelled, LoanLate, LoanCured,
          // LoanClosed: their effect is the state change that accompanies them.
          break;
      }
      store.putLoan(loan);
      return;
    }
  }
}

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
  addMovement = (row: { kind: string; amount: bigint }) => {
    this.movements++;
    this.movedByKind.set(row.kind, (this.movedByKind.get(row.kind) ?? 0n) + row.amount);
  };

  /** The policy in force now (the last PolicySet applied). */
  get policy(): PolicyRow | undefined {
    return this.policies[this.policies.length - 1];
  }
}
