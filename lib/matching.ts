import { BusinessScale, LoanState, nameOf } from "./enums";
import { formatTokenAmount as amt } from "./format";
import { DAY } from "./schedule";

/**
 * Which listed loans to push to an investor, and in what order: the platform's step 4. Pure functions of loan
 * data (from LoanBook.getLoan/getAccounts and the enterprise's registry record) and the investor's preferences
 * and suitability level, so the app, the command line and the index rank the same way.
 */

/** What matching needs to know of a loan. */
export interface MatchableLoan {
  id: bigint;
  state: LoanState;
  frozen: boolean;
  riskGrade: number;
  /** Unix seconds; funding is open while `now < fundingDeadline`, as LoanBook._fund checks. */
  fundingDeadline: number | bigint;
  /** Target amount of the raise, in token units (`terms.amount`). */
  amount: bigint;
  /** Raised so far (`getAccounts(id).raised`). */
  raised: bigint;
  rateBps: number;
  instalments: number;
  /** Seconds per instalment period (`terms.periodLength`). */
  periodLength: number;
  /** Business scale of the enterprise, from its registry record. */
  scale: BusinessScale;
}

/** An investor's standing preferences. Every field is optional: a missing one does not constrain. */
export interface InvestorPreferences {
  /** Smallest remaining amount (to the target) worth showing, in token units. */
  minAmount?: bigint;
  /** Largest remaining amount worth showing, in token units. */
  maxAmount?: bigint;
  /** Business scales the investor finances; empty or missing means all. */
  scales?: readonly BusinessScale[];
  /** Riskiest grade accepted (1 = safest .. 5): the "minimum credit grade" of the investor's own choosing. */
  maxRiskGrade?: number;
  /** Shortest and longest loan term in days (instalments x period). */
  minTermDays?: number;
  maxTermDays?: number;
}

/**
 * Preferences as the app server keeps them (data/preferences, JSON): amounts as decimal strings of token units.
 */
export interface StoredPreferences {
  minAmount?: string;
  maxAmount?: string;
  scales?: number[];
  maxRiskGrade?: number;
  minTermDays?: number;
  maxTermDays?: number;
}

/** Stored preferences as matching takes them (amounts as bigint; empty fields left out). */
export function toMatching(p: StoredPreferences): InvestorPreferences {
  return {
    ...(p.minAmount ? { minAmount: BigInt(p.minAmount) } : {}),
    ...(p.maxAmount ? { maxAmount: BigInt(p.maxAmount) } : {}),
    ...(p.scales?.length ? { scales: p.scales as BusinessScale[] } : {}),
    ...(p.maxRiskGrade ? { maxRiskGrade: p.maxRiskGrade } : {}),
    ...(p.minTermDays !== undefined ? { minTermDays: p.minTermDays } : {}),
    ...(p.maxTermDays !== undefined ? { maxTermDays: p.maxTermDays } : {}),
  };
}

export interface Investor {
  /** Suitability level set by the operator in the registry (1..5); 0 when none, which matches nothing. */
  suitability: number;
  preferences: InvestorPreferences;
}

export type ReasonCode =
  | "NotListed"
  | "Frozen"
  | "FundingClosed"
  | "FullyFunded"
  | "BelowMinAmount"
  | "AboveMaxAmount"
  | "ScaleExcluded"
  | "RiskAboveSuitability"
  | "RiskAbovePreference"
  | "TermTooShort"
  | "TermTooLong";

export interface Reason {
  code: ReasonCode | "Matches";
  message: string;
}

export interface Match {
  loan: MatchableLoan;
  /** Position in the ranking, 1 = pushed first. */
  rank: number;
  /** What still remains to fund (`amount - raised`). */
  remaining: bigint;
  /** Why it matches, one line per criterion met. */
  reasons: Reason[];
}

export interface Rejection {
  loan: MatchableLoan;
  /** Every criterion it fails (never empty). */
  reasons: Reason[];
}

export interface MatchResult {
  matches: Match[];
  rejected: Rejection[];
}

const termSeconds = (loan: MatchableLoan) => loan.instalments * loan.periodLength;
const days = (seconds: number) => +(seconds / Number(DAY)).toFixed(2);

/** The reasons a loan does or does not suit an investor at time `now` (unix seconds). */
export function evaluate(loan: MatchableLoan, investor: Investor, now: number | bigint): { matches: boolean; reasons: Reason[] } {
  const p = investor.preferences;
  const failures: Reason[] = [];
  const passes: Reason[] = [];
  const check = (ok: boolean, code: ReasonCode, failure: string, pass: string) =>
    ok ? passes.push({ code: "Matches", message: pass }) : failures.push({ code, message: failure });

  const remaining = loan.amount > loan.raised ? loan.amount - loan.raised : 0n;
  check(loan.state === LoanState.Listed, "NotListed", `loan is ${nameOf(LoanState, loan.state)}, not listed`, "listed");
  check(!loan.frozen, "Frozen", "loan is frozen by the regulator", "not frozen");
  check(BigInt(now) < BigInt(loan.fundingDeadline), "FundingClosed", "funding window has closed", "funding window open");
  check(remaining > 0n, "FullyFunded", "nothing remains to fund", `${amt(remaining)} remains to fund`);
  if (p.minAmount !== undefined) {
    check(remaining >= p.minAmount, "BelowMinAmount", `remaining ${amt(remaining)} is below the minimum ${amt(p.minAmount)}`, `remaining ${amt(remaining)} >= minimum ${amt(p.minAmount)}`);
  }
  if (p.maxAmount !== undefined) {
    check(remaining <= p.maxAmount, "AboveMaxAmount", `remaining ${amt(remaining)} is above the maximum ${amt(p.maxAmount)}`, `remaining ${amt(remaining)} <= maximum ${amt(p.maxAmount)}`);
  }
  if (p.scales && p.scales.length > 0) {
    const scale = nameOf(BusinessScale, loan.scale);
    check(p.scales.includes(loan.scale), "ScaleExcluded", `${scale} enterprises are not among the preferred scales`, `${scale} enterprise`);
  }
  check(
    loan.riskGrade <= investor.suitability,
    "RiskAboveSuitability",
    `risk grade ${loan.riskGrade} exceeds the investor's suitability ${investor.suitability}`,
    `risk grade ${loan.riskGrade} within suitability ${investor.suitability}`,
  );
  if (p.maxRiskGrade !== undefined) {
    check(
      loan.riskGrade <= p.maxRiskGrade,
      "RiskAbovePreference",
      `risk grade ${loan.riskGrade} is riskier than the preferred maximum ${p.maxRiskGrade}`,
      `risk grade ${loan.riskGrade} within the preferred maximum ${p.maxRiskGrade}`,
    );
  }
  const term = termSeconds(loan);
  if (p.minTermDays !== undefined) {
    check(term >= p.minTermDays * Number(DAY), "TermTooShort", `term of ${days(term)} days is shorter than ${p.minTermDays}`, `term of ${days(term)} days >= ${p.minTermDays}`);
  }
  if (p.maxTermDays !== undefined) {
    check(term <= p.maxTermDays * Number(DAY), "TermTooLong", `term of ${days(term)} days is longer than ${p.maxTermDays}`, `term of ${days(term)} days <= ${p.maxTermDays}`);
  }
  return failures.length === 0 ? { matches: true, reasons: passes } : { matches: false, reasons: failures };
}

/**
 * The ranking of matching loans, best first:
 *   1. lower risk grade (safer first);
 *   2. higher rate;
 *   3. closer to fully funded: higher share raised (`raised / amount`), so the investor helps a raise finish;
 *   4. earlier funding deadline;
 *   5. lower id (older listing first), which makes the order total.
 */
export function compareMatches(a: MatchableLoan, b: MatchableLoan): number {
  if (a.riskGrade !== b.riskGrade) return a.riskGrade - b.riskGrade;
  if (a.rateBps !== b.rateBps) return b.rateBps - a.rateBps;
  // raised_a / amount_a vs raised_b / amount_b without division
  const shareA = a.raised * b.amount;
  const shareB = b.raised * a.amount;
  if (shareA !== shareB) return shareA > shareB ? -1 : 1;
  const deadlineA = BigInt(a.fundingDeadline);
  const deadlineB = BigInt(b.fundingDeadline);
  if (deadlineA !== deadlineB) return deadlineA < deadlineB ? -1 : 1;
  return a.id === b.id ? 0 : a.id < b.id ? -1 : 1;
}

/** Splits `loans` into the matches for `investor` at `now`, ranked by {compareMatches}, and the rest with reasons. */
export function matchLoans(loans: readonly MatchableLoan[], investor: Investor, now: number | bigint): MatchResult {
  const matched: Omit<Match, "rank">[] = [];
  const rejected: Rejection[] = [];
  for (const loan of loans) {
    const { matches, reasons } = evaluate(loan, investor, now);
    if (matches) matched.push({ loan, remaining: loan.amount - loan.raised, reasons });
    else rejected.push({ loan, reasons });
  }
  matched.sort((x, y) => compareMatches(x.loan, y.loan));
  return { matches: matched.map((m, i) => ({ ...m, rank: i + 1 })), rejected };
}
