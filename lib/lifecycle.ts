import { LoanState } from "./enums";

/**
 * The legal loan state transitions of docs/money-rules.md, encoded once: every `LoanStateChanged(id, from, to)`
 * the LoanBook emits must be one of these. Frozen is an overlay flag, not a state, so it has no transitions.
 */
export const LEGAL_TRANSITIONS: Readonly<Record<LoanState, readonly LoanState[]>> = {
  [LoanState.None]: [LoanState.Published],
  [LoanState.Published]: [LoanState.UnderReview, LoanState.Cancelled],
  // Listing, or cancellation before disbursement.
  [LoanState.UnderReview]: [LoanState.Listed, LoanState.Cancelled],
  // Unlisting returns to review; the window ends funded or failed; cancellation refunds.
  [LoanState.Listed]: [LoanState.UnderReview, LoanState.Funded, LoanState.Failed, LoanState.Cancelled],
  [LoanState.Funded]: [LoanState.Active, LoanState.Cancelled],
  [LoanState.Active]: [LoanState.Late, LoanState.Defaulted, LoanState.Repaid],
  // A late loan whose arrears are paid is cured back to Active.
  [LoanState.Late]: [LoanState.Active, LoanState.Defaulted, LoanState.Repaid],
  // The guarantee bond pays in the same transaction; full recovery closes the loan.
  [LoanState.Defaulted]: [LoanState.Compensated, LoanState.Repaid],
  [LoanState.Compensated]: [LoanState.Repaid],
  [LoanState.Repaid]: [],
  [LoanState.Cancelled]: [],
  [LoanState.Failed]: [],
};

export function isLegalTransition(from: number, to: number): boolean {
  const allowed = LEGAL_TRANSITIONS[from as LoanState];
  return allowed !== undefined && allowed.includes(to as LoanState);
}

/** States in which a loan owes money: it has been disbursed and not yet closed. */
export const OWING_STATES: readonly LoanState[] = [LoanState.Active, LoanState.Late, LoanState.Defaulted, LoanState.Compensated];
