import { DATA_TABLES, DERIVED_TABLES, setCursor, type Db } from "./db";
import { eventFromRow } from "./decode";
import { applyEvent, type RelayedCall } from "./ledger";
import { SqliteStore } from "./store";

/**
 * Undoing part of the index. A reorganisation drops the events after the last common block; the derived tables
 * are then recomputed from the events that remain, with the reducer the sync uses, rather than undone row by
 * row: the reducer only goes forward (a loan's amounts, a participant's status are overwritten, not logged),
 * and a replay from the events is what the audit checks the tables against anyway. Reorganisations are rare
 * (QBFT and Hardhat blocks are final), so a replay costing about as much as the audit's is a fair price.
 */

/** Rolls the index back to the end of `block`, in one transaction: events, derived rows, block hashes, cursor. */
export function rollBackTo(db: Db, block: number): void {
  db.transaction(() => {
    const kept = db.prepare("SELECT time FROM blocks WHERE number = ?").get(block) as { time: number } | undefined;
    if (!kept) throw new Error(`cannot roll back to block ${block}: its hash and time are not recorded`);
    // A relayed attestation's nonce, deadline and signature come from its transaction, not from its event.
    const relayed = new Map<string, RelayedCall>();
    const rows = db.prepare("SELECT uid, nonce, deadline, signature FROM attestations WHERE nonce IS NOT NULL AND block_number <= ?").all(block) as any[];
    for (const r of rows) relayed.set(r.uid, { nonce: BigInt(r.nonce), deadline: BigInt(r.deadline), signature: r.signature });

    db.prepare("DELETE FROM events WHERE block_number > ?").run(block);
    db.prepare("DELETE FROM blocks WHERE number > ?").run(block);
    for (const table of DERIVED_TABLES) db.exec(`DELETE FROM ${table}`);
    const store = new SqliteStore(db);
    // Read in pages: the connection cannot write while a statement of it is still iterating.
    const page = db.prepare(
      "SELECT block_number, log_index, tx_hash, block_time, contract, name, args FROM events WHERE (block_number, log_index) > (?, ?) ORDER BY block_number, log_index LIMIT 10000",
    );
    let after = [-1, -1];
    for (;;) {
      const rows = page.all(...after) as any[];
      if (rows.length === 0) break;
      for (const r of rows) {
        const e = eventFromRow(r);
        applyEvent(store, e, e.contract === "AttestationRegistry" && e.name === "Attested" ? relayed.get(e.args.uid) : undefined);
      }
      after = [rows[rows.length - 1].block_number, rows[rows.length - 1].log_index];
      store.flush();
    }
    setCursor(db, { lastBlock: block, lastBlockTime: kept.time });
  })();
}

/** Empties the index entirely (rows, chain identity, block hashes), in one transaction, ready to be rebuilt. */
export function emptyIndex(db: Db): void {
  db.transaction(() => {
    for (const table of [...DATA_TABLES, "blocks"]) db.exec(`DELETE FROM ${table}`);
  })();
}
