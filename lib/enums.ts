/** Mirrors of the Solidity enums, by the same names and ordinal values. */

export const Role = { None: 0, Regulator: 1, Operator: 2, Custodian: 3, Agency: 4, Investor: 5, Enterprise: 6 } as const;
export type Role = (typeof Role)[keyof typeof Role];

export const Status = { None: 0, Active: 1, Suspended: 2, Revoked: 3 } as const;
export type Status = (typeof Status)[keyof typeof Status];

export const BusinessScale = { None: 0, Micro: 1, Small: 2, Medium: 3 } as const;
export type BusinessScale = (typeof BusinessScale)[keyof typeof BusinessScale];

export const AttestationKind = {
  Identity: 0,
  CreditRating: 1,
  Guarantee: 2,
  Insurance: 3,
  IPValuation: 4,
  Audit: 5,
  OperatingDisclosure: 6,
  SupervisionNotice: 7,
} as const;
export type AttestationKind = (typeof AttestationKind)[keyof typeof AttestationKind];

/** Bit of an agency kind in an accreditation or a service-request mask. */
export const kindBit = (kind: AttestationKind): number => 1 << kind;

export const RepaymentMethod = { InterestFirst: 0, EqualPrincipal: 1, EqualInstalment: 2 } as const;
export type RepaymentMethod = (typeof RepaymentMethod)[keyof typeof RepaymentMethod];

export const LoanState = {
  None: 0,
  Published: 1,
  UnderReview: 2,
  Listed: 3,
  Funded: 4,
  Active: 5,
  Late: 6,
  Defaulted: 7,
  Compensated: 8,
  Repaid: 9,
  Cancelled: 10,
  Failed: 11,
} as const;
export type LoanState = (typeof LoanState)[keyof typeof LoanState];

/** Name of an enum value, for display: `nameOf(LoanState, 5) === "Active"`. */
export function nameOf<T extends Record<string, number>>(e: T, value: number | bigint): keyof T & string {
  const hit = Object.entries(e).find(([, v]) => v === Number(value));
  if (!hit) throw new Error(`unknown enum value ${value}`);
  return hit[0] as keyof T & string;
}

/** Credit rating codes recorded in credit-rating attestations (1 = AAA .. 10 = D). */
export const RATINGS = ["AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C", "D"] as const;
export type Rating = (typeof RATINGS)[number];
export const ratingCode = (rating: Rating): number => RATINGS.indexOf(rating) + 1;
