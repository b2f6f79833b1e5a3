import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Deployment } from "@lib/deployments";
import { openDb } from "../../../indexer/db";
import { syncOnce, type SyncResult } from "../../../indexer/sync";
import { LedgerViews } from "../../../indexer/views";
import { runAudit, type AuditResult } from "../../../indexer/audit";
import { writeAuditReports } from "../../../indexer/report/exports";
import { barChartSvg } from "../../../indexer/report/charts";
import { reportCharts } from "../../../indexer/report/data";
import { network, rpcUrl } from "./env";
import { auditDir, indexPath as indexFile } from "@lib/paths";

/**
 * The app server's ledger index: the same SQLite file the command line keeps (data/index-NETWORK.sqlite), synced
 * to the chain head before a ledger request is answered. Requests arriving together share one sync, and one
 * that finished less than SYNC_EVERY_MS ago counts as fresh. The audit runs one at a time and writes its reports
 * into data/audit, as `smefin audit` does.
 */

const SYNC_EVERY_MS = 1_000;

export const indexPath = () => indexFile(network);
export { auditDir };

/** The audit exports a regulator may download, with their content types. */
export const AUDIT_EXPORTS: Record<string, string> = {
  "audit.json": "application/json",
  "findings.csv": "text/csv",
  "loans.csv": "text/csv",
  "positions.csv": "text/csv",
  "participants.csv": "text/csv",
  "attestations.csv": "text/csv",
  "movements.csv": "text/csv",
  "regulator-actions.csv": "text/csv",
};

interface LedgerState {
  sync?: Promise<SyncResult>;
  syncedAt?: number;
  audit?: Promise<AuditSummary>;
}
// One state per server process, kept across module reloads in development.
const state = ((globalThis as { __smefinLedger?: LedgerState }).__smefinLedger ??= {});

/** Syncs the index to the chain head, unless a sync is running (then waits for it) or has just finished. */
export async function syncIndex(d: Deployment): Promise<void> {
  if (state.sync) {
    await state.sync;
    return;
  }
  if (state.syncedAt !== undefined && Date.now() - state.syncedAt < SYNC_EVERY_MS) return;
  state.sync = syncOnce({ rpcUrl, deployment: d, dbPath: indexPath() });
  try {
    await state.sync;
    state.syncedAt = Date.now();
  } finally {
    state.sync = undefined;
  }
}

/** Syncs, then answers `read` over a read-only connection to the index. */
export async function withIndex<T>(d: Deployment, read: (views: LedgerViews) => T | Promise<T>): Promise<T> {
  await syncIndex(d);
  const views = new LedgerViews(openDb(indexPath(), { readonly: true }));
  try {
    return await read(views);
  } finally {
    views.db.close();
  }
}

/** The audit report's four charts, drawn by the report's own SVG code. */
export function reportChartsSvg(views: LedgerViews): { title: string; svg: string }[] {
  return reportCharts(views).map((chart) => ({ title: chart.title, svg: barChartSvg(chart) }));
}

export type AuditSummary = Omit<AuditResult, "findings"> & { findings: AuditResult["findings"]; ranAt: number; files: string[] };

/** Syncs and audits the index (one audit at a time; a request during a run shares it), writing the reports. */
export function auditIndex(d: Deployment): Promise<AuditSummary> {
  state.audit ??= (async () => {
    try {
      return await withIndex(d, async (views) => {
        // One read transaction: a sync committing meanwhile does not change what the audit and its reports see.
        views.db.exec("BEGIN");
        try {
          const { store: _store, ...result } = await runAudit({ db: views.db, deployment: d, rpcUrl });
          const files = writeAuditReports(result, views, auditDir()).map((path) => path.slice(auditDir().length + 1));
          return { ...result, ranAt: Math.floor(Date.now() / 1000), files };
        } finally {
          views.db.exec("COMMIT");
        }
      });
    } finally {
      state.audit = undefined;
    }
  })();
  return state.audit;
}

/** The last audit written to data/audit, when there is one. */
export function lastAudit(): AuditResult | undefined {
  const path = join(auditDir(), "audit.json");
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as AuditResult) : undefined;
}

/** One file of the last audit's reports (report.html or an export), when it exists. */
export function auditFile(name: string): Buffer | undefined {
  if (name !== "report.html" && !(name in AUDIT_EXPORTS)) return undefined;
  const path = join(auditDir(), name);
  return existsSync(path) ? readFileSync(path) : undefined;
}

/** Whether an error is the index refusing a deployment it was not built for. */
export const isOtherDeployment = (error: unknown) => error instanceof Error && /belongs to another deployment/.test(error.message);
