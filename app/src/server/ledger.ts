import "server-only";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Deployment } from "@lib/deployments";
import { isPostgresUrl, openDb, openIndex } from "../../../indexer/db";
import { IndexMemo, memoized } from "../../../indexer/memo";
import { SqliteSql, type Sql } from "../../../indexer/sql";
import { syncOnce, type SyncResult } from "../../../indexer/sync";
import { LedgerViews } from "../../../indexer/views";
import type { AuditResult } from "../../../indexer/wire";
import { AUDIT_EXPORTS } from "../../../indexer/auditExports";
import { auditWithReports, type AuditRun } from "../../../indexer/auditRun";
import { isOnChain } from "../../../indexer/chain";
import { RpcClient } from "../../../indexer/rpc";
import { barChartSvg } from "../../../indexer/report/charts";
import { reportCharts } from "../../../indexer/report/data";
import { rpcUrl } from "./env";
import { auditDir, indexPath as indexFile } from "@lib/paths";
import { LOCAL_CHAIN_ID } from "@lib/chain";
import { devAccountByAddress } from "@lib/devAccounts";

/**
 * The app server's ledger index: DATA/index-NETWORK.sqlite under the data folder (lib/paths), the file the
 * command line keeps when both use the same SMEFIN_DATA_DIR, or the PostgreSQL database of SMEFIN_INDEX_URL that
 * several app servers share. It is synced to the chain head before a ledger request is answered (the sync rolls
 * back a reorganisation and rebuilds the index of another local chain, see indexer/chain.ts); when another
 * server or the command line holds the index's writer lease, this server reads what that writer wrote. Requests
 * arriving together share one sync, and one that finished less than SYNC_EVERY_MS ago counts as fresh. A
 * PostgreSQL index is reached through one pool per process. The audit runs one at a time and writes its reports
 * into DATA/audit, as `smefin audit` does, through the same function.
 */

const SYNC_EVERY_MS = 1_000;

/** The index of the deployment served, where the command line keeps it too (lib/paths). */
const indexPath = (d: Deployment) => indexFile(d.network);

/** The audit exports a regulator may download, with their content types. */
export { AUDIT_EXPORTS };

interface LedgerState {
  sync?: Promise<SyncResult>;
  /** Whether the sync under way is the follow loop's (follow.ts), which a request does not count on. */
  following?: boolean;
  /** When a request's sync last finished: requests within SYNC_EVERY_MS of it share it. */
  syncedAt?: number;
  /** When any sync last finished, the follow loop's included: how fresh the lists say they are. */
  checkedAt?: number;
  audit?: Promise<AuditSummary>;
  /** A PostgreSQL index: one pool per process, shared by the sync and the requests. */
  postgres?: { url: string; sql: Promise<Sql> };
  /** The SQLite index's reader: one read-only connection per process, for as long as the file is the same one. */
  sqliteReader?: { file: string; sql: SqliteSql };
}
// One state per server process, kept across module reloads in development.
const state = ((globalThis as { __smefinLedger?: LedgerState }).__smefinLedger ??= {});

/** Syncs the index to the chain head, unless a sync is running (then waits for it) or has just finished. */
export async function syncIndex(d: Deployment): Promise<void> {
  // The follow loop's sync may have started before what this request must see: wait for it, then sync.
  while (state.sync && state.following) await state.sync.catch(() => undefined);
  if (state.sync) {
    await state.sync;
    return;
  }
  if (state.syncedAt !== undefined && Date.now() - state.syncedAt < SYNC_EVERY_MS) return;
  await runSync(d, false);
}

/**
 * Runs `use` over the index of `d`: the SQLite file opened for it (read-only for readers) and closed after, or
 * the process's pool of the PostgreSQL index.
 */
export async function withSql<T>(d: Deployment, role: "writer" | "reader", use: (sql: Sql) => Promise<T>): Promise<T> {
  const url = process.env.SMEFIN_INDEX_URL;
  if (!isPostgresUrl(url)) {
    if (role === "reader") return use(sqliteReader(indexPath(d)));
    const sql = await openIndex({ path: indexPath(d) });
    try {
      return await use(sql);
    } finally {
      await sql.close();
    }
  }
  if (state.postgres?.url !== url) {
    state.postgres?.sql.then((sql) => sql.close()).catch(() => undefined);
    const sql = openIndex({ url }).then((pool) => ((pool.memo = new IndexMemo()), pool));
    state.postgres = { url, sql };
    sql.catch(() => state.postgres?.sql === sql && (state.postgres = undefined));
  }
  return use(await state.postgres.sql);
}

/**
 * The process's read-only connection to the SQLite index at `path` (its statements prepared once, its answers
 * kept per index state: indexer/memo.ts), opened again when the file was replaced (a new file, another inode).
 * better-sqlite3 answers synchronously, so one connection serves every request of the process.
 */
function sqliteReader(path: string): SqliteSql {
  const { dev, ino } = statSync(path);
  const file = `${path}:${dev}:${ino}`;
  if (state.sqliteReader?.file !== file) {
    state.sqliteReader?.sql.close().catch(() => undefined);
    const sql = new SqliteSql(openDb(path, { readonly: true }));
    sql.memo = new IndexMemo();
    state.sqliteReader = { file, sql };
  }
  return state.sqliteReader.sql;
}

/** When this server last brought the index up to the chain head (ms since the epoch), if it has. */
export const lastSyncedAt = (): number | undefined => state.checkedAt;

/** The follow loop's sync: after any sync under way, syncs now without counting as fresh for requests. */
export async function followIndex(d: Deployment): Promise<void> {
  while (state.sync) await state.sync.catch(() => undefined);
  await runSync(d, false, true);
}

async function runSync(d: Deployment, rebuild: boolean, following = false): Promise<SyncResult> {
  state.sync = withSql(d, "writer", (sql) => syncOnce({ rpcUrl, deployment: d, sql, rebuild }));
  state.following = following;
  try {
    const result = await state.sync;
    state.checkedAt = Date.now();
    if (!following) state.syncedAt = state.checkedAt;
    return result;
  } finally {
    state.sync = undefined;
    state.following = false;
  }
}

/** Empties the index and builds it again from the chain (after any sync under way), as `smefin index --rebuild`. */
export async function rebuildIndex(d: Deployment): Promise<SyncResult> {
  while (state.sync) await state.sync.catch(() => undefined);
  return runSync(d, true);
}

/**
 * Answers `use` over the server's reader of the index as the follow loop (follow.ts) keeps it, without waiting for
 * the chain; only the first request on a server that never built its SQLite file waits for the first sync.
 */
export async function readIndex<T>(d: Deployment, use: (sql: Sql) => Promise<T>): Promise<T> {
  if (!isPostgresUrl(process.env.SMEFIN_INDEX_URL) && !existsSync(indexPath(d))) await syncIndex(d);
  return withSql(d, "reader", use);
}

/** The views over the index as the follow loop keeps it (readIndex). */
export function readViews<T>(d: Deployment, read: (views: LedgerViews) => T | Promise<T>): Promise<T> {
  return readIndex(d, async (sql) => read(new LedgerViews(sql)));
}

/** Syncs, then answers `read` over the server's read-only connection to the index. */
export async function withIndex<T>(d: Deployment, read: (views: LedgerViews) => T | Promise<T>): Promise<T> {
  await syncIndex(d);
  return withSql(d, "reader", async (sql) => read(new LedgerViews(sql)));
}

/**
 * The audit report's four charts, drawn by the report's own SVG code, with agencies by name where the app knows
 * them (the development accounts' organisations on the local chain, as the pages name them).
 */
export function reportChartsSvg(views: LedgerViews, d: Deployment): Promise<{ title: string; svg: string }[]> {
  const names = d.chainId === LOCAL_CHAIN_ID ? (account: string) => devAccountByAddress(account)?.label ?? `${account.slice(0, 6)}…${account.slice(-4)}` : undefined;
  // A pass over every loan, funding and attestation: drawn once per index state by the server's reader (indexer/memo.ts).
  return memoized(views.sql, `reportCharts:${d.chainId}`, async () => (await reportCharts(views, names)).map((chart) => ({ title: chart.title, svg: barChartSvg(chart) })));
}

export type AuditSummary = AuditRun;

/** Syncs and audits the index (one audit at a time; a request during a run shares it), writing the reports. */
export function auditIndex(d: Deployment): Promise<AuditSummary> {
  state.audit ??= (async () => {
    try {
      const run = await auditWithReports({ deployment: d, rpcUrl, sync: () => syncIndex(d) });
      return { ...run, files: run.files.map((path) => path.slice(auditDir().length + 1)) };
    } finally {
      state.audit = undefined;
    }
  })();
  return state.audit;
}

/**
 * The last audit written to DATA/audit, when there is one and the chain still has the block it audited; an
 * audit of another chain (or of a block since reorganised away) is never shown as the current one.
 */
export async function lastAudit(): Promise<{ audit: AuditResult | null; replaced?: string }> {
  const path = join(auditDir(), "audit.json");
  if (!existsSync(path)) return { audit: null };
  const audit = JSON.parse(readFileSync(path, "utf8")) as AuditResult;
  if (await isOnChain(new RpcClient(rpcUrl, { retries: 2 }), audit.chain?.block)) return { audit };
  return {
    audit: null,
    replaced: `The last audit (block ${audit.headBlock} of chain ${audit.chainId}${audit.chain?.block?.hash ? `, ${audit.chain.block.hash.slice(0, 10)}…` : ""}) is of a chain this node no longer serves; run the audit again.`,
  };
}

/** One file of the last audit's reports (report.html or an export), when it exists. */
export function auditFile(name: string): Buffer | undefined {
  if (name !== "report.html" && !(name in AUDIT_EXPORTS)) return undefined;
  const path = join(auditDir(), name);
  return existsSync(path) ? readFileSync(path) : undefined;
}

/** Whether an error is the index refusing a chain it was not built from (indexer/chain.ts OtherChainError). */
export const isOtherChain = (error: unknown) => error instanceof Error && error.name === "OtherChainError";
