import { RepaymentMethod } from "./enums";
import { OWING_STATES, inStates } from "./lifecycle";

/**
 * Repayment-schedule math, integer for integer the same as contracts/libraries/ScheduleLib.sol (the two are
 * tested against each other). Amounts are in token units; rates in WAD (1e18 = 100 %). Every product the
 * Solidity code computes with checked arithmetic is checked here too: a value that would revert on chain
 * (uint256 overflow) throws a RangeError instead of giving a number the contract never would.
 */

export const WAD = 10n ** 18n;
export const BPS = 10_000n;
export const YEAR = 365n * 24n * 3600n;
export const DAY = 24n * 3600n;
const UINT256_MAX = (1n << 256n) - 1n;

type Int = bigint | number;

/** The schedule-relevant part of a loan's terms (the `Terms` struct of ILoanBook). */
export interface ScheduleTerms {
  rateBps: Int;
  method: RepaymentMethod;
  instalments: Int;
  periodLength: Int;
}

function u256(x: bigint): bigint {
  if (x < 0n || x > UINT256_MAX) throw new RangeError("uint256 arithmetic overflow or underflow");
  return x;
}

function mulDivUp(x: bigint, y: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError("division by zero");
  const p = x * y;
  return u256(p / d + (p % d === 0n ? 0n : 1n));
}

const ceilDiv = (a: bigint, b: bigint): bigint => mulDivUp(a, 1n, b);

/** Interest rate of one period, in WAD, rounded down. */
export function periodRateWad(rateBps: Int, periodLength: Int): bigint {
  return u256(u256(BigInt(rateBps) * WAD) * BigInt(periodLength)) / (BPS * YEAR);
}

/** `x ** n` for a WAD number, rounding down at every step. */
export function rpowDown(x: Int, n: Int): bigint {
  let base = BigInt(x);
  let e = BigInt(n);
  let z = WAD;
  while (e !== 0n) {
    if ((e & 1n) === 1n) z = u256(z * base) / WAD;
    e >>= 1n;
    if (e !== 0n) base = u256(base * base) / WAD;
  }
  return z;
}

/** The equal instalment of an annuity, rounded up. */
export function instalmentUp(principal: Int, rWad: Int, n: Int): bigint {
  const p = BigInt(principal);
  const r = BigInt(rWad);
  const count = BigInt(n);
  if (r === 0n) return ceilDiv(p, count);
  const f = rpowDown(u256(WAD + r), count);
  return mulDivUp(u256(p * r), f, u256(u256(f - WAD) * WAD));
}

/**
 * Cumulative amount owed after instalment `k` (0 <= k <= n). Interest is rounded up once on the cumulative amount,
 * never per instalment, so a term never charges more than one unit above the exact interest.
 */
export function dueAfterUp(principal: Int, method: RepaymentMethod, rWad: Int, n: Int, k: Int): bigint {
  const p = BigInt(principal);
  const r = BigInt(rWad);
  const count = BigInt(n);
  const i = BigInt(k);
  if (i === 0n) return 0n;
  if (method === RepaymentMethod.InterestFirst) {
    const interest = mulDivUp(u256(p * r), i, WAD);
    return i === count ? u256(interest + p) : interest;
  }
  if (method === RepaymentMethod.EqualPrincipal) {
    // interest on the balance before each instalment j: P*r*(1 - (j-1)/n), summed over j = 1..k
    return u256(
      mulDivUp(p, i, count) +
        mulDivUp(u256(p * r), u256(i * u256(u256(2n * count) - i + 1n)), u256(u256(2n * count) * WAD)),
    );
  }
  if (r === 0n) return mulDivUp(p, i, count);
  // k instalments of the exact annuity P r f / (f - 1), rounded up once
  const f = rpowDown(u256(WAD + r), count);
  return mulDivUp(u256(p * r), u256(i * f), u256(u256(f - WAD) * WAD));
}

/** Principal still outstanding after instalment `k`, rounded up: `payoffUp(k) - dueAfterUp(k)`. */
export function remainingPrincipalUp(principal: Int, method: RepaymentMethod, rWad: Int, n: Int, k: Int): bigint {
  const p = BigInt(principal);
  const count = BigInt(n);
  const i = BigInt(k);
  if (i >= count) return 0n;
  if (method === RepaymentMethod.InterestFirst) return p;
  if (method === RepaymentMethod.EqualPrincipal) return u256(p - mulDivUp(p, i, count));
  return u256(payoffUp(principal, method, rWad, n, k) - dueAfterUp(principal, method, rWad, n, k));
}

/**
 * What settles the loan in full during instalment `k` (1 <= k <= n): non-decreasing in `k`, and `dueAfterUp(n)`
 * at `k = n`. Equal instalments: `P (k r f + f - f_k) / (f - 1)`, rounded up once (see ScheduleLib.payoffUp).
 */
export function payoffUp(principal: Int, method: RepaymentMethod, rWad: Int, n: Int, k: Int): bigint {
  const p = BigInt(principal);
  const r = BigInt(rWad);
  const count = BigInt(n);
  const i = BigInt(k);
  if (method !== RepaymentMethod.EqualInstalment || i >= count) {
    return u256(dueAfterUp(principal, method, rWad, n, k) + remainingPrincipalUp(principal, method, rWad, n, k));
  }
  if (r === 0n) return p;
  const f = rpowDown(u256(WAD + r), count);
  const fk = rpowDown(u256(WAD + r), i);
  return mulDivUp(p, u256(u256(u256(i * r) * f) + u256(u256(f - fk) * WAD)), u256(u256(f - WAD) * WAD));
}

/** Instalments whose due date plus `offset` lies at or before `t`, at most `n`. */
export function instalmentsPassed(startedAt: Int, periodLength: Int, n: Int, t: Int, offset: Int): bigint {
  const start = u256(BigInt(startedAt) + BigInt(offset));
  const now = BigInt(t);
  if (now < start) return 0n;
  const passed = (now - start) / BigInt(periodLength);
  return passed < BigInt(n) ? passed : BigInt(n);
}

/** One line of a repayment schedule. */
export interface Instalment {
  /** Instalment number, 1..n. */
  k: number;
  /** Seconds from disbursement to the due date (`k * periodLength`). */
  dueOffset: number;
  /** What this instalment asks: `dueAfterUp(k) - dueAfterUp(k - 1)`. */
  amount: bigint;
  /**
   * Principal it retires: the drop in outstanding principal, `remaining(k - 1) - remaining(k)`. The parts add up
   * exactly (principal parts to the principal, amounts to the total due); because the contract rounds each
   * balance up on its own, a part can be off by one unit where a rounded balance steps, even one unit below zero.
   */
  principal: bigint;
  /** The rest of the amount: `amount - principal`. */
  interest: bigint;
  /** Principal outstanding after it is paid (`remainingPrincipalUp(k)`). */
  remaining: bigint;
  /** Cumulative amount owed after it (`dueAfterUp(k)`), what the contract checks lateness against. */
  cumulative: bigint;
  /** What closes the loan during this instalment (`payoffUp(k)`). */
  payoff: bigint;
}

/** The full schedule of a loan of `principal` under `terms`, as the contract computes it. */
export function schedule(terms: ScheduleTerms, principal: Int): Instalment[] {
  const n = Number(terms.instalments);
  const period = Number(terms.periodLength);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`invalid number of instalments: ${terms.instalments}`);
  const r = periodRateWad(terms.rateBps, terms.periodLength);
  const p = BigInt(principal);
  const rows: Instalment[] = [];
  let previousDue = 0n;
  let previousRemaining = remainingPrincipalUp(p, terms.method, r, n, 0);
  for (let k = 1; k <= n; k++) {
    const cumulative = dueAfterUp(p, terms.method, r, n, k);
    const remaining = remainingPrincipalUp(p, terms.method, r, n, k);
    const amount = cumulative - previousDue;
    const principalPart = previousRemaining - remaining;
    rows.push({
      k,
      dueOffset: k * period,
      amount,
      principal: principalPart,
      interest: amount - principalPart,
      remaining,
      cumulative,
      payoff: cumulative + remaining,
    });
    previousDue = cumulative;
    previousRemaining = remaining;
  }
  return rows;
}

/** Total the borrower pays over the schedule (principal plus interest): `dueAfterUp(n)`. */
export function totalDue(terms: ScheduleTerms, principal: Int): bigint {
  const r = periodRateWad(terms.rateBps, terms.periodLength);
  return dueAfterUp(principal, terms.method, r, terms.instalments, terms.instalments);
}

/** What `schedulePosition` reads of a loan: its terms, its state and what was lent and repaid (an index row fits as it is). */
export interface ScheduledLoan {
  state: number;
  rateBps: number;
  method: RepaymentMethod;
  instalments: number;
  periodLength: number;
  /** Unix seconds of disbursement; 0 before. */
  startedAt: number;
  principal: bigint;
  repaid: bigint;
  /** The amount that closes the loan once fixed (early payoff, recovery), else 0. */
  closingAmount: bigint;
}

/** Where a loan stands on its schedule at a moment: what the supervisor and the investors watch. */
export interface SchedulePosition {
  /** Instalments whose due date has passed. */
  instalmentsDue: number;
  /** The next instalment's number, or null when every due date has passed (or the loan owes nothing). */
  nextInstalment: number | null;
  nextDueAt: number | null;
  /** Due so far and not paid. */
  arrears: bigint;
  /** Whole days since the earliest instalment not fully paid fell due; 0 without arrears. */
  daysLate: number;
  /** Left to pay in total (the closing amount once fixed). */
  outstanding: bigint;
}

/** Schedule position of a loan at time `now`: instalments due, arrears, days late, outstanding. */
export function schedulePosition(loan: ScheduledLoan, now: number): SchedulePosition {
  if (!inStates(OWING_STATES, loan.state) || loan.startedAt === 0) {
    return { instalmentsDue: 0, nextInstalment: null, nextDueAt: null, arrears: 0n, daysLate: 0, outstanding: 0n };
  }
  const n = loan.instalments;
  const r = periodRateWad(loan.rateBps, loan.periodLength);
  const passed = Number(instalmentsPassed(loan.startedAt, loan.periodLength, n, now, 0));
  const dueNow = dueAfterUp(loan.principal, loan.method, r, n, passed);
  const arrears = dueNow > loan.repaid ? dueNow - loan.repaid : 0n;
  let daysLate = 0;
  if (arrears > 0n) {
    let j = 1;
    while (j < passed && dueAfterUp(loan.principal, loan.method, r, n, j) <= loan.repaid) j++;
    daysLate = Math.floor((now - (loan.startedAt + j * loan.periodLength)) / Number(DAY));
  }
  const total = loan.closingAmount !== 0n ? loan.closingAmount : totalDue(loan, loan.principal);
  const next = passed < n ? passed + 1 : null;
  return {
    instalmentsDue: passed,
    nextInstalment: next,
    nextDueAt: next === null ? null : loan.startedAt + next * loan.periodLength,
    arrears,
    daysLate,
    outstanding: total > loan.repaid ? total - loan.repaid : 0n,
  };
}

/** How one instalment stands at a moment: paid, due next, overdue (its date passed unpaid), or later. */
export type InstalmentStatus = "paid" | "due" | "overdue" | "later";

/** One instalment of a running loan as its enterprise, investors and supervisors read it. */
export interface InstalmentStanding {
  k: number;
  dueAt: number;
  amount: bigint;
  status: InstalmentStatus;
  /** What of it is still unpaid (repayments settle instalments in order). */
  unpaid: bigint;
  /** Whole days past its due date while unpaid; 0 otherwise. */
  daysLate: number;
}

/** What the policy allows after a missed instalment (ParticipantRegistry's `gracePeriod` and `defaultPeriod`). */
export interface LatenessPolicy {
  gracePeriod: number;
  defaultPeriod: number;
}

/** A loan's arrears in plain terms: what is overdue, what cures it, and when it may be declared late or in default. */
export interface Arrears {
  /** Instalments whose due date passed without being paid in full. */
  overdueInstalments: number;
  /** Due so far and not paid: paying it brings the loan back on schedule (`schedulePosition().arrears`). */
  toCure: bigint;
  /** Due date of the earliest instalment not paid in full, or null without arrears. */
  oldestDueAt: number | null;
  /** From when the operator or regulator may declare the loan late (that due date plus the grace period). */
  lateFrom: number | null;
  /** From when default may be declared (that due date plus the default period), as the LoanBook checks it. */
  defaultFrom: number | null;
  daysLate: number;
}

/**
 * Each instalment of a disbursed loan at time `now`: paid when the repaid total covers its cumulative amount,
 * overdue when its date passed, due for the first unpaid one still ahead, later for the rest. Empty before
 * disbursement.
 */
export function instalmentStandings(loan: ScheduledLoan, now: number): InstalmentStanding[] {
  if (loan.startedAt === 0) return [];
  let nextMarked = false;
  return schedule(loan, loan.principal).map((row) => {
    const dueAt = loan.startedAt + row.dueOffset;
    const before = row.cumulative - row.amount;
    const unpaid = loan.repaid >= row.cumulative ? 0n : loan.repaid > before ? row.cumulative - loan.repaid : row.amount;
    let status: InstalmentStatus;
    if (unpaid === 0n) status = "paid";
    else if (dueAt <= now) status = "overdue";
    else if (!nextMarked) status = "due";
    else status = "later";
    if (status === "due") nextMarked = true;
    const daysLate = status === "overdue" ? Math.floor((now - dueAt) / Number(DAY)) : 0;
    return { k: row.k, dueAt, amount: row.amount, status, unpaid, daysLate };
  });
}

/** The arrears of a loan at `now` under `policy` (all zero and null for a loan on schedule or not owing). */
export function arrearsOf(loan: ScheduledLoan, now: number, policy: LatenessPolicy): Arrears {
  const position = schedulePosition(loan, now);
  const overdue = inStates(OWING_STATES, loan.state) ? instalmentStandings(loan, now).filter((i) => i.status === "overdue") : [];
  const oldestDueAt = overdue.length ? overdue[0].dueAt : null;
  return {
    overdueInstalments: overdue.length,
    toCure: position.arrears,
    oldestDueAt,
    lateFrom: oldestDueAt === null ? null : oldestDueAt + policy.gracePeriod,
    defaultFrom: oldestDueAt === null ? null : oldestDueAt + policy.defaultPeriod,
    daysLate: position.daysLate,
  };
}
