import { join } from "node:path";
import { DATA_TABLES, openDb, openIndex } from "../../indexer/db";
import { SqliteSql, type Sql } from "../../indexer/sql";
import { postgresDatabase } from "../helpers/postgres";

/**
 * The two stores every index, views and audit test runs on: the SQLite file and a PostgreSQL database of the test
 * run's own server (test/helpers/postgres.ts). A test describes its cases once and runs them for each store.
 */
export const STORES = ["sqlite", "postgres"] as const;
export type StoreKind = (typeof STORES)[number];

/** Where an index lives: what openIndex and the command line (`--db`, SMEFIN_INDEX_URL) are given. */
export interface StoreLocation {
  kind: StoreKind;
  /** The SQLite file (also given on PostgreSQL, where it is unused). */
  path: string;
  url?: string;
  /** The environment of a `smefin` subprocess writing this index. */
  env: Record<string, string>;
  open(): Promise<Sql>;
}

/** A new, empty index of `kind`: a file in `dir`, or a database of the test server. */
export async function newStore(kind: StoreKind, dir: string, name: string): Promise<StoreLocation> {
  const path = join(dir, `${name}.sqlite`);
  if (kind === "sqlite") return { kind, path, env: {}, open: () => openIndex({ path, url: "" }) };
  const url = await postgresDatabase(name);
  return { kind, path, url, env: { SMEFIN_INDEX_URL: url }, open: () => openIndex({ url }) };
}

/** Every row of every table of an index, in a stable order: two indexes with the same content dump the same. */
export async function dumpIndex(sql: Sql): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of DATA_TABLES) {
    const rows = await sql.all(`SELECT * FROM ${table}`);
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/** The dump of the index at `store`. */
export async function dumpStore(store: StoreLocation): Promise<Record<string, unknown[]>> {
  const sql = await store.open();
  try {
    return await dumpIndex(sql);
  } finally {
    await sql.close();
  }
}

/** The dump of the SQLite index file at `path`. */
export async function dumpFile(path: string): Promise<Record<string, unknown[]>> {
  const sql = new SqliteSql(openDb(path, { readonly: true }));
  try {
    return await dumpIndex(sql);
  } finally {
    await sql.close();
  }
}

/** An event row with its arguments parsed. */
export interface StoredEvent {
  block_number: number;
  log_index: number;
  loan_id: number | null;
  block_time: number;
  args: any;
}

/** The events named `name` whose arguments `match` accepts, in chain order, arguments parsed (portable: no JSON SQL). */
export async function eventsNamed(sql: Sql, name: string, match: (args: any) => boolean = () => true): Promise<StoredEvent[]> {
  const rows = await sql.all<any>("SELECT block_number, log_index, loan_id, block_time, args FROM events WHERE name = ? ORDER BY block_number, log_index", [name]);
  return rows.map((r) => ({ ...r, args: JSON.parse(r.args) })).filter((r) => match(r.args));
}

/** Rewrites the arguments of the events named `name` that `match` accepts; answers how many. */
export async function rewriteEvents(sql: Sql, name: string, match: (args: any) => boolean, edit: (args: any) => void): Promise<number> {
  const rows = await eventsNamed(sql, name, match);
  for (const r of rows) {
    edit(r.args);
    await sql.run("UPDATE events SET args = ? WHERE block_number = ? AND log_index = ?", [JSON.stringify(r.args), r.block_number, r.log_index]);
  }
  return rows.length;
}

/** Deletes the events named `name` that `match` accepts; answers how many. */
export async function deleteEvents(sql: Sql, name: string, match: (args: any) => boolean): Promise<number> {
  const rows = await eventsNamed(sql, name, match);
  for (const r of rows) await sql.run("DELETE FROM events WHERE block_number = ? AND log_index = ?", [r.block_number, r.log_index]);
  return rows.length;
}

const ROLLED_BACK = new Error("rolled back");

/** Runs `fn` on the index changed by `tamper`, then rolls the change back: the index stays honest for the next test. */
export async function inRolledBack<T>(sql: Sql, tamper: (tx: Sql) => Promise<unknown>, fn: (tx: Sql) => Promise<T>): Promise<T> {
  let result: T | undefined;
  await sql
    .transaction(async (tx) => {
      await tamper(tx);
      result = await fn(tx);
      throw ROLLED_BACK;
    })
    .catch((error) => {
      if (error !== ROLLED_BACK) throw error;
    });
  return result as T;
}
