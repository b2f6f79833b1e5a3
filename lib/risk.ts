import { RATINGS, ratingCode, type Rating } from "./enums";

/**
 * Credit ratings and risk grades exactly as contracts/libraries/RiskGradeLib.sol: ratings are recorded as codes
 * 1..10 (AAA .. D); a loan's risk grade 1..5 follows from the worst rating presented at listing (unrated loans
 * take grade 5), and an investor may fund it only with a suitability level at least as high.
 */

export { RATINGS, ratingCode, type Rating };

export const LOWEST_RATING = RATINGS.length;
export const UNRATED_GRADE = 5;
export const RISK_GRADES = [1, 2, 3, 4, 5] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];

/** Whether `code` is a rating code (1..10), as the contract checks a credit-rating attestation's value. */
export function isRating(code: number | bigint): boolean {
  const c = BigInt(code);
  return c >= 1n && c <= BigInt(LOWEST_RATING);
}

/** The rating name of a code: `ratingName(4) === "BBB"`. */
export function ratingName(code: number | bigint): Rating {
  if (!isRating(code)) throw new RangeError(`not a rating code: ${code}`);
  return RATINGS[Number(code) - 1];
}

/**
 * Risk grade of a rating code: AAA-AA -> 1, A -> 2, BBB -> 3, BB -> 4, B and below -> 5. Like the contract, a
 * number that is not a rating (0, above 10) gets the unrated grade, the riskiest.
 */
export function gradeOf(code: number | bigint): RiskGrade {
  if (!isRating(code)) return UNRATED_GRADE;
  const c = BigInt(code);
  if (c <= 2n) return 1;
  if (c <= 5n) return Number(c - 1n) as RiskGrade;
  return 5;
}

/** Risk grade of a rating given by name. */
export const gradeOfRating = (rating: Rating): RiskGrade => gradeOf(ratingCode(rating));

/**
 * The grade the LoanBook sets at listing from the credit-rating codes presented: the worst rating decides, and
 * no rating at all gives {UNRATED_GRADE}. Throws on a value that is not a rating, as listing would revert.
 */
export function riskGradeOfRatings(codes: readonly (number | bigint)[]): RiskGrade {
  let worst = 0n;
  for (const code of codes) {
    if (!isRating(code)) throw new RangeError(`not a rating code: ${code}`);
    if (BigInt(code) > worst) worst = BigInt(code);
  }
  return worst === 0n ? UNRATED_GRADE : gradeOf(worst);
}

/** The ratings that map to each grade, for display: `ratingsOfGrade(1)` is `["AAA", "AA"]`. */
export function ratingsOfGrade(grade: RiskGrade): Rating[] {
  return RATINGS.filter((r) => gradeOfRating(r) === grade);
}

/** Whether an investor of `suitability` may fund a loan of `riskGrade` (the LoanBook's check at funding). */
export const isSuitable = (suitability: number, riskGrade: number): boolean => suitability >= riskGrade;
