import { join } from "node:path";
import { DATA_TABLES, openIndex } from "../../indexer/db";
import type { Sql } from "../../indexer/sql";
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
