import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Sql } from "./sql";

/**
 * The one writer of an index. Any number of processes read an index (app servers, the command line), but only
 * the holder of its lease writes: a row of `writer_lease` naming the holder and an expiry, taken when free or
 * expired, renewed inside every transaction the writer commits (so a writer that lost its lease cannot commit
 * anything: the renewal finds another holder and the transaction rolls back), and deleted when the writer is
 * done. A writer that crashed holds it no longer than LEASE_TTL_MS. The same SQL serves SQLite and PostgreSQL:
 * the conditional upsert is atomic on both.
 */

/** How long a lease lasts without renewal: longer than any one block range takes to fetch and write. */
export const LEASE_TTL_MS = 60_000;

/** The lease was taken by another writer (this one stalled past its expiry): nothing of the transaction is kept. */
export class LeaseLostError extends Error {
  constructor(holder: string) {
    super(`the index's writer lease of ${holder} was taken over by another writer; nothing more was written`);
    this.name = "LeaseLostError";
  }
}

export interface LeaseHolder {
  holder: string;
  expiresAt: number;
}

export class WriterLease {
  private constructor(
    readonly holder: string,
    readonly ttlMs: number,
  ) {}

  /** A name for this process's lease: host, process id and a random part. */
  static newHolder(): string {
    return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  /** Takes the lease when it is free, expired or already this holder's; undefined when another writer holds it. */
  static async tryAcquire(sql: Sql, holder = WriterLease.newHolder(), ttlMs = LEASE_TTL_MS): Promise<WriterLease | undefined> {
    const now = Date.now();
    const taken = await sql.run(
      `INSERT INTO writer_lease (id, holder, expires_at) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE writer_lease.holder = excluded.holder OR writer_lease.expires_at < ?`,
      [holder, now + ttlMs, now],
    );
    return taken === 1 ? new WriterLease(holder, ttlMs) : undefined;
  }

  /** Takes the lease, waiting up to `waitMs` for another writer to release it (or for its lease to expire). */
  static async acquire(sql: Sql, options: { waitMs?: number; pollMs?: number; holder?: string; ttlMs?: number } = {}): Promise<WriterLease | undefined> {
    const deadline = Date.now() + (options.waitMs ?? 0);
    for (;;) {
      const lease = await WriterLease.tryAcquire(sql, options.holder, options.ttlMs);
      if (lease || Date.now() >= deadline) return lease;
      await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs ?? 250, Math.max(1, deadline - Date.now()))));
    }
  }

  /** Who holds the lease now, if anyone (an expired lease counts as nobody's). */
  static async current(sql: Sql): Promise<LeaseHolder | undefined> {
    const row = await sql.get<{ holder: string; expires_at: number }>("SELECT holder, expires_at FROM writer_lease WHERE id = 1");
    return row && row.expires_at >= Date.now() ? { holder: row.holder, expiresAt: row.expires_at } : undefined;
  }

  /** Extends the lease; call inside each of the writer's transactions. Throws LeaseLostError when it is no longer ours. */
  async renew(tx: Sql): Promise<void> {
    const renewed = await tx.run("UPDATE writer_lease SET expires_at = ? WHERE id = 1 AND holder = ?", [Date.now() + this.ttlMs, this.holder]);
    if (renewed !== 1) throw new LeaseLostError(this.holder);
  }

  /** Gives the lease up (if it is still ours). */
  async release(sql: Sql): Promise<void> {
    await sql.run("DELETE FROM writer_lease WHERE id = 1 AND holder = ?", [this.holder]);
  }
}

/** The sentence a syncer answers with when another writer holds the index. */
export const anotherWriterMessage = (location: string, holder: LeaseHolder | undefined) =>
  `another writer holds the index ${location}${holder ? ` (${holder.holder}, lease until ${new Date(holder.expiresAt).toISOString()})` : ""}; it was not written`;
