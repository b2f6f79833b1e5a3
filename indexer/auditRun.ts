import type { Deployment } from "../lib/deployments";
import { auditDir, indexPath } from "../lib/paths";
import { runAudit, type AuditResult } from "./audit";
import { indexLocation, openIndex } from "./db";
import { writeAuditReports } from "./report/exports";
import { syncOnce, type SyncOptions } from "./sync";
import { LedgerViews } from "./views";
import type { AuditRun } from "./wire";

export type { AuditRun };

/**
 * One audit run, as `smefin audit` and the regulator's audit page make it: sync the index to the chain head,
 * audit it in one read-only transaction (a sync committing meanwhile changes nothing the audit and its reports
 * see), and write the reports. The index is the SQLite file, or the PostgreSQL database of SMEFIN_INDEX_URL.
 */

export interface AuditRunOptions {
  deployment: Deployment;
  rpcUrl: string;
  /** The index file; default the deployment network's index in the data folder (lib/paths). Unused with SMEFIN_INDEX_URL. */
  dbPath?: string;
  /** The reports' folder; default DATA/audit (lib/paths). */
  out?: string;
  /**
   * Sync first: true (default) syncs here with `syncOptions`; a function is the caller's own sync (the app
   * server shares one among concurrent requests); false audits the index as it is.
   */
  sync?: boolean | (() => Promise<unknown>);
  syncOptions?: Omit<SyncOptions, "rpcUrl" | "deployment" | "dbPath" | "sql">;
  /** Compare every investor position with the chain (default true). */
  positionsOnChain?: boolean;
}

export async function auditWithReports(options: AuditRunOptions): Promise<AuditRun> {
  const { deployment, rpcUrl, dbPath = indexPath(deployment.network), out = auditDir() } = options;
  if (typeof options.sync === "function") await options.sync();
  else if (options.sync ?? true) await syncOnce({ ...options.syncOptions, rpcUrl, deployment, dbPath });
  const sql = await openIndex({ path: dbPath, readonly: true }).catch((error: Error) => {
    throw new Error(`there is no ledger index at ${indexLocation({ path: dbPath })} (${error.message}): run \`smefin index\` first`);
  });
  try {
    return await sql.transaction(
      async (tx) => {
        const { store: _store, ...result } = await runAudit({ sql: tx, deployment, rpcUrl, positionsOnChain: options.positionsOnChain });
        const files = await writeAuditReports(result, new LedgerViews(tx), out);
        return { ...result, ranAt: Math.floor(Date.now() / 1000), files };
      },
      { readOnly: true },
    );
  } finally {
    await sql.close();
  }
}
