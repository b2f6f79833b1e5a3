import type { ContractName } from "../lib/deployments";
import { DATA_TABLES, DERIVED_TABLES, setCursor } from "./db";
import { eventFromRow, type LedgerEvent } from "./decode";
import { applyEvent, type RelayedCall } from "./ledger";
import type { Sql } from "./sql";
import { IndexStore } from "./store";

/**
 * Undoing part of the index. A reorganisation drops the events after the last common block; the derived tables
 * are then recomputed from the events that remain, with the reducer the sync uses, rather than undone row by
 * row: the reducer only goes forward (a loan's amounts, a participant's status are overwritten, not logged),
 * and a replay from the events is what the audit checks the tables against anyway. Reorganisations are rare
 * (QBFT and Hardhat blocks are final), so a replay costing about as much as the audit's is a fair price.
 */

/** Rolls the index back to the end of `block`, in one transaction: events, derived rows, block hashes, cursor. */
export async function rollBackTo(sql: Sql, block: number): Promise<void> {
  await sql.transaction(async (tx) => {
    const kept = await tx.get<{ time: number }>("SELECT time FROM blocks WHERE number = ?", [block]);
    if (!kept) throw new Error(`cannot roll back to block ${block}: its hash and time are not recorded`);
    // A relayed attestation's nonce, deadline and signature come from its transaction, not from its event.
    const relayed = new Map<string, RelayedCall>();
    const rows = await tx.all<any>("SELECT uid, nonce, deadline, signature FROM attestations WHERE nonce IS NOT NULL AND block_number <= ?", [block]);
    for (const r of rows) relayed.set(r.uid, { nonce: BigInt(r.nonce), deadline: BigInt(r.deadline), signature: r.signature });

    await tx.run("DELETE FROM events WHERE block_number > ?", [block]);
    await tx.run("DELETE FROM event_accounts WHERE block_number > ?", [block]);
    await tx.run("DELETE FROM blocks WHERE number > ?", [block]);
    for (const table of DERIVED_TABLES) await tx.run(`DELETE FROM ${table}`);
    const store = new IndexStore();
    for await (const page of eventPages(tx)) {
      await store.load(tx, page);
      for (const e of page) applyEvent(store, e, e.contract === "AttestationRegistry" && e.name === "Attested" ? relayed.get(e.args.uid) : undefined);
      await store.flush(tx);
    }
    await setCursor(tx, { lastBlock: block, lastBlockTime: kept.time });
  });
}

/** Rows of `events` read per statement: bounds the memory of a replay, whatever the length of the history. */
export const EVENT_PAGE = 10_000;

/**
 * Every event of the index in chain order, a page at a time (keyset paging on the primary key), decoded: what
 * a replay reads instead of the whole table at once.
 */
export async function* eventPages(sql: Sql, pageSize = EVENT_PAGE): AsyncGenerator<LedgerEvent[]> {
  for await (const rows of eventRowPages(sql, pageSize)) yield rows.map(eventFromRow);
}

/** The raw rows of `events` in chain order, a page at a time. */
export async function* eventRowPages(sql: Sql, pageSize = EVENT_PAGE): AsyncGenerator<EventRow[]> {
  let after = [-1, -1];
  for (;;) {
    const rows = await sql.all<EventRow>(
      "SELECT block_number, log_index, tx_hash, block_time, contract, name, loan_id, args FROM events WHERE (block_number, log_index) > (?, ?) ORDER BY block_number, log_index LIMIT ?",
      [...after, pageSize],
    );
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1];
    after = [last.block_number, last.log_index];
  }
}

export interface EventRow {
  block_number: number;
  log_index: number;
  tx_hash: string;
  block_time: number;
  contract: ContractName;
  name: string;
  loan_id: number | null;
  args: string;
}

/** Empties the index entirely (rows, chain identity, block hashes), in one transaction, ready to be rebuilt. */
export async function emptyIndex(sql: Sql): Promise<void> {
  await sql.transaction(async (tx) => {
    for (const table of [...DATA_TABLES, "blocks"]) await tx.run(`DELETE FROM ${table}`);
  });
}
