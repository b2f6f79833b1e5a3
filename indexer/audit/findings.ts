import type { Finding, RuleName } from "../wire";

export type { Finding, RuleName };

/** The rules of the audit, each with the sentence the report prints for it. */
export const RULES = {
  "conservation.loan": "Each loan's escrow, distributions, claims, bond and recoveries rebuilt from events equal LoanBook.getAccounts and heldFor at the indexed head",
  "conservation.total": "The LoanBook's token balance equals the sum over loans of what it holds for each, plus fees accrued and not withdrawn, plus its surplus; token supply equals the sum of balances",
  "conservation.surplus": "Tokens the LoanBook holds beyond what it owes (sent to it directly), reported on their own line as LoanBook.surplus; the regulator may sweep them",
  "ledger.state": "Each loan's state and freeze, each participant's admission and each position rebuilt from events equal the chain at the indexed head",
  "claims.entitlement": "No investor has claimed more than contributed x distributed / raised",
  "lifecycle.transition": "Every LoanStateChanged follows the legal lifecycle of docs/money-rules.md from the loan's previous state",
  "listing.policy": "Every listing kept the rate, fee and enterprise outstanding within the policy in force at its block, for an active enterprise",
  "listing.attestations": "Every listing presented valid attestations of the required kinds (not revoked, not expired, author admitted and accredited at that block) about the loan or its enterprise",
  "attestation.author": "Every attestation sent directly (no signature) was sent by its attester's own account, or by the attester itself when it is a contract",
  "attestation.signature": "Every relayed attestation carries an EIP-712 signature of its attester (ERC-1271 for contract signers) given before its deadline",
  "index.consistency": "The derived tables of the index equal a rebuild from its raw events",
  "committee.approvals":
    "Every executed proposal had at least the threshold in force at execution of approvals from members who were Regulators, Active and unexpired when approving (a lapsed member may approve a member's renewal) and still Active at execution",
  "committee.notice": "Every queued proposal's eta is its queueing time plus the notice in force then (for policy changes, upgrades and notice-period changes), and none of those was executed before it",
  "committee.authority":
    "Every committee-only change (policy, unpause, revocation, reinstatement, platform contracts, members' admissions, renewals and suspensions, unfreezing, surplus sweeps, moved claims, upgrades) was made by the committee in the same transaction as a ProposalExecuted whose call it is",
} as const satisfies Record<RuleName, string>;

export class Findings {
  readonly list: Finding[] = [];
  readonly checked = new Map<RuleName, number>();

  check(rule: RuleName, n = 1): void {
    this.checked.set(rule, (this.checked.get(rule) ?? 0) + n);
  }

  error(rule: RuleName, detail: string, about: Omit<Finding, "rule" | "severity" | "detail"> = {}): void {
    this.list.push({ rule, severity: "error", ...about, detail });
  }

  warning(rule: RuleName, detail: string, about: Omit<Finding, "rule" | "severity" | "detail"> = {}): void {
    this.list.push({ rule, severity: "warning", ...about, detail });
  }
}
