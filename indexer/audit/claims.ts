import { entitledOf, type MemoryStore } from "../ledger";
import type { Findings } from "./findings";

/** claims.entitlement: each investor's claims stay within its share, and the shares add up to the loan's claims. */
export function checkClaims(store: MemoryStore, findings: Findings): void {
  const claimedByLoan = new Map<number, bigint>();
  for (const p of store.positions.values()) {
    const loan = store.loan(p.loanId);
    if (!loan) continue;
    findings.check("claims.entitlement");
    const entitled = entitledOf(loan, p);
    if (p.claimed > entitled) {
      findings.error("claims.entitlement", `investor ${p.investor} claimed ${p.claimed}, entitled to ${entitled} (contributed ${p.contributed} x distributed ${loan.distributed} / raised ${loan.raised})`, {
        loan: p.loanId,
        participant: p.investor,
      });
    }
    claimedByLoan.set(p.loanId, (claimedByLoan.get(p.loanId) ?? 0n) + p.claimed);
  }
  for (const loan of store.loans.values()) {
    const sum = claimedByLoan.get(loan.id) ?? 0n;
    if (sum !== loan.claimed) findings.error("claims.entitlement", `investors' claims add up to ${sum}, the loan's claimed total is ${loan.claimed}`, { loan: loan.id });
  }
}
