/**
 * Where the scale benchmark keeps its ledger, under the data folder (lib/paths): DATA/scale/...
 *
 * - chain/: the real chain (anvil's state file), its deployment record and what was played on it (ledger.json);
 * - large/: the large ledger: its deployment record (the real chain's contracts, block numbers of the replay)
 *   and its SQLite index, the data folder of the app server measured against it;
 * - postgres/: the PostgreSQL cluster of the benchmark.
 */
import { join } from "node:path";
import { dataDir } from "../../lib/paths";

export const SCALE_DIR = join(dataDir(), "scale");
export const CHAIN_DIR = join(SCALE_DIR, "chain");
export const CHAIN_STATE = join(CHAIN_DIR, "anvil-state.json");
export const CHAIN_DEPLOYMENTS = join(CHAIN_DIR, "deployments");
export const CHAIN_LEDGER = join(CHAIN_DIR, "ledger.json");
export const LARGE_DIR = join(SCALE_DIR, "large");
export const LARGE_DEPLOYMENTS = join(LARGE_DIR, "deployments");
export const POSTGRES_DIR = join(SCALE_DIR, "postgres");
export const NETWORK = "localhost";
