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

/*
 * Sets of states the clients filter and gate on, named once so a page, the command line and the indexer mean the
 * same loans by "owing" or "cancellable". Test membership with `inStates`, which takes the plain numbers that
 * decoded events and index rows carry.
 */

const ALL_STATES = Object.keys(LEGAL_TRANSITIONS).map(Number) as LoanState[];

/** States in which a loan owes money: it has been disbursed and not yet closed. */
export const OWING_STATES: readonly LoanState[] = [LoanState.Active, LoanState.Late, LoanState.Defaulted, LoanState.Compensated];

/** Owing states in trouble: a missed instalment, a default, or the guarantor has paid. */
export const TROUBLED_STATES: readonly LoanState[] = [LoanState.Late, LoanState.Defaulted, LoanState.Compensated];

/** States in which instalments are being paid as scheduled or late, before any default. */
export const REPAYING_STATES: readonly LoanState[] = [LoanState.Active, LoanState.Late];

/** States before disbursement, from which the enterprise or the operator may still cancel (the legal transitions say so). */
export const CANCELLABLE_STATES: readonly LoanState[] = ALL_STATES.filter((s) => LEGAL_TRANSITIONS[s].includes(LoanState.Cancelled));

/** Closed without disbursement: each investor takes their contribution back. */
export const REFUNDABLE_STATES: readonly LoanState[] = [LoanState.Cancelled, LoanState.Failed];

/** Final states: no transition leaves them. */
export const FINAL_STATES: readonly LoanState[] = ALL_STATES.filter((s) => LEGAL_TRANSITIONS[s].length === 0);

/** Published and not final: the loans a supervisor may still freeze. */
export const LIVE_STATES: readonly LoanState[] = ALL_STATES.filter((s) => s !== LoanState.None && !FINAL_STATES.includes(s));

/** Whether a state (as the plain number a decoded event or index row carries) is one of `states`. */
export function inStates(states: readonly LoanState[], state: number): boolean {
  return (states as readonly number[]).includes(state);
}
