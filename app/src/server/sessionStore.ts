import "server-only";
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Address } from "viem";
import { sessionsPath } from "@lib/paths";

/**
 * The server's record of used sign-in nonces and open sessions, in DATA/sessions.sqlite: a nonce is used once
 * (it is kept until it would have expired anyway), a session exists until it expires or its holder logs out. A file rather than memory so that restarts
 * and several app processes on one host share it; sessions are keyed by an HMAC of their cookie under the
 * session secret, so the file alone opens none.
 */

export interface StoredSession {
  address: Address;
  /** Unix seconds. */
  expiresAt: number;
}

type Db = Database.Database;
const cache = globalThis as { __smefinSessionDb?: { path: string; db: Db } };

function db(): Db {
  const path = sessionsPath();
  if (cache.__smefinSessionDb?.path !== path) {
    mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 2000");
    db.exec(`
      CREATE TABLE IF NOT EXISTS used_nonces (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS sessions (key TEXT PRIMARY KEY, address TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
    `);
    cache.__smefinSessionDb = { path, db };
  }
  return cache.__smefinSessionDb.db;
}

const now = () => Math.floor(Date.now() / 1000);

function prune(d: Db): void {
  d.prepare("DELETE FROM used_nonces WHERE expires_at <= ?").run(now());
  d.prepare("DELETE FROM sessions WHERE expires_at <= ?").run(now());
}

/** Records `nonce` as used; false when it was used before. */
export function useNonce(nonce: string, expiresAt: number): boolean {
  const d = db();
  prune(d);
  return d.prepare("INSERT OR IGNORE INTO used_nonces (nonce, expires_at) VALUES (?, ?)").run(nonce, expiresAt).changes === 1;
}

export function storeSession(key: string, session: StoredSession): void {
  const d = db();
  prune(d);
  d.prepare("INSERT INTO sessions (key, address, expires_at) VALUES (?, ?, ?)").run(key, session.address, session.expiresAt);
}

export function findSession(key: string): StoredSession | undefined {
  const row = db().prepare("SELECT address, expires_at AS expiresAt FROM sessions WHERE key = ? AND expires_at > ?").get(key, now()) as StoredSession | undefined;
  return row ? { address: row.address, expiresAt: row.expiresAt } : undefined;
}

export function deleteSession(key: string): void {
  db().prepare("DELETE FROM sessions WHERE key = ?").run(key);
}
