import type { Db } from "../db";
import type { LedgerEvent } from "../decode";
import { applyEvent, MemoryStore } from "../ledger";
import type { Findings } from "./findings";
import { ListingRules } from "./listing";
import { checkTransition } from "./transitions";

/**
 * Rebuilds the whole ledger in memory from the raw `events` table alone, in chain order, checking the rules
 * that need the ledger as it stood at an event (lifecycle transitions, listing policy and attestations) just
 * before applying it.
 */
export function replay(db: Db, findings: Findings): { store: MemoryStore; events: number } {
  const store = new MemoryStore();
  const listing = new ListingRules(store, findings);
  let events = 0;
  const rows = db.prepare("SELECT block_number, log_index, tx_hash, block_time, contract, name, args FROM events ORDER BY block_number, log_index").iterate() as IterableIterator<any>;
  for (const r of rows) {
    const e: LedgerEvent = { blockNumber: r.block_number, logIndex: r.log_index, txHash: r.tx_hash, blockTime: r.block_time, contract: r.contract, name: r.name, args: JSON.parse(r.args) };
    events++;
    if (e.contract === "LoanBook") {
      if (e.name === "LoanStateChanged") {
        checkTransition(store, e, findings);
        listing.onStateChanged(e);
      } else if (e.name === "LoanListed") listing.onListed(e);
      else if (e.name === "Disbursed") listing.onDisbursed(e);
    }
    try {
      applyEvent(store, e);
    } catch (err) {
      findings.error("index.consistency", `event ${e.name} at block ${e.blockNumber} log ${e.logIndex} cannot be applied: ${(err as Error).message}`, e.contract === "LoanBook" ? { loan: Number(e.args.id) } : {});
    }
  }
  return { store, events };
}
