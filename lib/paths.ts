/**
 * Where smefin keeps its files: one home for the data folder and what lives in it, honoured by the command line,
 * the app server, the indexer, the local chain and the benchmarks alike.
 *
 * - SMEFIN_DATA_DIR (default `data/` at the repository root): the ledger index, audit reports, the local chain's
 *   state, uploaded documents and the app server's own records.
 * - SMEFIN_DEPLOYMENTS_DIR (default `deployments/` at the repository root): deployments/NETWORK.json.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * The repository root. From source (CLI, scripts, tests) it is this file's parent folder; inside the app's server
 * bundle `__dirname` is somewhere under `.next/`, so it is the nearest folder up from the working directory that
 * holds hardhat.config.ts.
 */
export function repositoryRoot(): string {
  const fromSource = resolve(/*turbopackIgnore: true*/ __dirname, "..");
  if (existsSync(join(fromSource, "hardhat.config.ts"))) return fromSource;
  let dir = process.cwd();
  for (;;) {
    if (existsSync(join(dir, "hardhat.config.ts"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** The data folder (SMEFIN_DATA_DIR, default `data/`). */
export function dataDir(): string {
  return resolve(/*turbopackIgnore: true*/ process.env.SMEFIN_DATA_DIR ?? join(repositoryRoot(), "data"));
}

/** The deployments folder (SMEFIN_DEPLOYMENTS_DIR, default `deployments/`). */
export function deploymentsDir(): string {
  return resolve(/*turbopackIgnore: true*/ process.env.SMEFIN_DEPLOYMENTS_DIR ?? join(repositoryRoot(), "deployments"));
}

/** The ledger index of a network: DATA/index-NETWORK.sqlite (or the same name in another folder, for benchmarks). */
export function indexPath(network: string, folder: string = dataDir()): string {
  return join(folder, `index-${network}.sqlite`);
}

/** The audit's reports: DATA/audit. */
export function auditDir(): string {
  return join(dataDir(), "audit");
}

/** The local chain's own folder: DATA/chain (its state, kept by anvil across restarts). */
export function chainDir(): string {
  return join(dataDir(), "chain");
}

/** The local chain's state file: DATA/chain/anvil-state.json (or the same name in another chain's folder). */
export function chainStatePath(folder: string = chainDir()): string {
  return join(folder, "anvil-state.json");
}

/**
 * The app server's stored documents, demand metadata, investors' preferences and the record of who uploaded what
 * (DATA/uploads, one file per account): DATA/documents, DATA/metadata, ...
 */
export function appDataDir(kind: "documents" | "metadata" | "preferences" | "uploads"): string {
  return join(dataDir(), kind);
}

/** The app server's sign-in nonces and sessions: DATA/sessions.sqlite. */
export function sessionsPath(): string {
  return join(dataDir(), "sessions.sqlite");
}
