import { existsSync } from "node:fs";
import type { Deployment } from "../lib/deployments";
import { auditDir, indexPath } from "../lib/paths";
import { runAudit, type AuditResult } from "./audit";
import { openDb } from "./db";
import { writeAuditReports } from "./report/exports";
import { syncOnce, type SyncOptions } from "./sync";
import { LedgerViews } from "./views";
import type { AuditRun } from "./wire";

export type { AuditRun };

/**
 * One audit run, as `smefin audit` and the regulator's audit page make it: sync the index to the chain head,
 * audit it in one read transaction (a sync committing meanwhile changes nothing the audit and its reports see),
 * and write the reports.
 */

export interface AuditRunOptions {
  deployment: Deployment;
  rpcUrl: string;
  /** The index file; default the deployment network's index in the data folder (lib/paths). */
  dbPath?: string;
  /** The reports' folder; default DATA/audit (lib/paths). */
  out?: string;
  /**
   * Sync first: true (default) syncs here with `syncOptions`; a function is the caller's own sync (the app
   * server shares one among concurrent requests); false audits the index as it is.
   */
  sync?: boolean | (() => Promise<unknown>);
  syncOptions?: Omit<SyncOptions, "rpcUrl" | "deployment" | "dbPath" | "db">;
  /** Compare every investor position with the chain (default true). */
  positionsOnChain?: boolean;
}

export async function auditWithReports(options: AuditRunOptions): Promise<AuditRun> {
  const { deployment, rpcUrl, dbPath = indexPath(deployment.network), out = auditDir() } = options;
  if (typeof options.sync === "function") await options.sync();
  else if (options.sync ?? true) await syncOnce({ ...options.syncOptions, rpcUrl, deployment, dbPath });
  if (!existsSync(dbPath)) throw new Error(`there is no ledger index at ${dbPath}: run \`smefin index\` first`);
  const views = new LedgerViews(openDb(dbPath, { readonly: true }));
  try {
    views.db.exec("BEGIN");
    try {
      const { store: _store, ...result } = await runAudit({ db: views.db, deployment, rpcUrl, positionsOnChain: options.positionsOnChain });
      const files = writeAuditReports(result, views, out);
      return { ...result, ranAt: Math.floor(Date.now() / 1000), files };
    } finally {
      views.db.exec("COMMIT");
    }
  } finally {
    views.db.close();
  }
}
