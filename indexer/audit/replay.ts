import type { Deployment } from "../../lib/deployments";
import type { Db } from "../db";
import { eventFromRow, loanIdOf, type LedgerEvent } from "../decode";
import { applyEvent, MemoryStore } from "../ledger";
import { CommitteeRules } from "./committee";
import type { Findings } from "./findings";
import { ListingRules } from "./listing";
import { checkTransition } from "./transitions";

/**
 * Rebuilds the whole ledger in memory from the raw `events` table alone, in chain order, checking the rules
 * that need the ledger as it stood at an event (lifecycle transitions, listing policy and attestations, the
 * committee's approvals, notice and authority) just before applying it.
 */
export function replay(db: Db, findings: Findings, deployment: Deployment): { store: MemoryStore; events: number } {
  const store = new MemoryStore();
  const listing = new ListingRules(store, findings);
  const committee = new CommitteeRules(store, findings, deployment);
  let events = 0;
  const rows = db.prepare("SELECT block_number, log_index, tx_hash, block_time, contract, name, loan_id, args FROM events ORDER BY block_number, log_index").iterate() as IterableIterator<any>;
  for (const r of rows) {
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
  return { store, events };
}
