/**
 * The files an audit writes beside report.html, with their content types: what a regulator may download. Imports
 * nothing, so the app's pages may list them too.
 */
export const AUDIT_EXPORTS: Readonly<Record<string, string>> = {
  "audit.json": "application/json",
  "findings.csv": "text/csv",
  "loans.csv": "text/csv",
  "positions.csv": "text/csv",
  "participants.csv": "text/csv",
  "attestations.csv": "text/csv",
  "movements.csv": "text/csv",
  "regulator-actions.csv": "text/csv",
  "committee.csv": "text/csv",
};
