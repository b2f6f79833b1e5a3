import type { Deployment } from "../../lib/deployments";
import { eventRowPages } from "../rollback";
import type { Sql } from "../sql";
import { eventFromRow, loanIdOf, type LedgerEvent } from "../decode";
import { applyEvent, MemoryStore } from "../ledger";
import { CommitteeRules } from "./committee";
import type { Findings } from "./findings";
import { ListingRules } from "./listing";
import { checkTransition } from "./transitions";

/**
 * Rebuilds the whole ledger in memory from the raw `events` table alone, in chain order, checking the rules
 * that need the ledger as it stood at an event (lifecycle transitions, listing policy and attestations, the
 * committee's approvals, notice and authority) just before applying it. The events are read a page at a time.
 */
export async function replay(sql: Sql, findings: Findings, deployment: Deployment): Promise<{ store: MemoryStore; events: number }> {
  const store = new MemoryStore();
  const listing = new ListingRules(store, findings);
  const committee = new CommitteeRules(store, findings, deployment);
  let events = 0;
  for await (const page of eventRowPages(sql)) {
    for (const r of page) {
      events++;
      let e: LedgerEvent;
      try {
        e = eventFromRow(r);
      } catch (err) {
        const at = `event ${r.name} at block ${r.block_number} log ${r.log_index}`;
        findings.error("index.consistency", `${at} cannot be read: ${(err as Error).message}`, r.loan_id === null ? {} : { loan: r.loan_id });
        continue;
      }
      if (e.contract === "LoanBook") {
        if (e.name === "LoanStateChanged") {
          checkTransition(store, e, findings);
          listing.onStateChanged(e);
        } else if (e.name === "LoanListed") listing.onListed(e);
        else if (e.name === "Disbursed") listing.onDisbursed(e);
      }
      committee.onEvent(e);
      try {
        applyEvent(store, e);
      } catch (err) {
        const loan = loanIdOf(e);
        findings.error("index.consistency", `event ${e.name} at block ${e.blockNumber} log ${e.logIndex} cannot be applied: ${(err as Error).message}`, loan === null ? {} : { loan });
      }
    }
  }
  return { store, events };
}
