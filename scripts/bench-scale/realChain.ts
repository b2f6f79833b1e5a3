/**
 * The real chain of the scale benchmark: built once (a fresh anvil, the contracts deployed with free gas, the
 * ledger of ledger.ts played on it, anvil's state written on exit), then loaded from DATA/scale/chain by every run.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Deployment } from "../../lib/deployments";
import { RpcClient } from "../../indexer/rpc";
import { deployOn, keepState, startBenchChain, type BenchChain } from "./chain";
import { buildLedger, type LedgerShape } from "./ledger";
import { CHAIN_DEPLOYMENTS, CHAIN_DIR, CHAIN_LEDGER, CHAIN_STATE, NETWORK } from "./layout";

/** Block gas limit of the benchmark chain (30 million, a common limit of QBFT networks). */
export const GAS_LIMIT = 30_000_000;

export interface ChainRecord {
  shape: LedgerShape;
  transactions: number;
  blocks: number;
  buildSeconds: number;
  builtAt: string;
}

export const readChainDeployment = (): Deployment => JSON.parse(readFileSync(join(CHAIN_DEPLOYMENTS, `${NETWORK}.json`), "utf8")) as Deployment;

/** Starts the real chain, building it first when DATA/scale/chain has none (or another shape). */
export async function ensureRealChain(url: string, shape: LedgerShape, log: (line: string) => void): Promise<{ chain: BenchChain; record: ChainRecord; deployment: Deployment }> {
  const existing = existsSync(CHAIN_LEDGER) && existsSync(CHAIN_STATE) ? (JSON.parse(readFileSync(CHAIN_LEDGER, "utf8")) as ChainRecord) : undefined;
  if (existing && JSON.stringify(existing.shape) === JSON.stringify(shape)) {
    log(`Loading the real chain from ${CHAIN_STATE} ...`);
    const started = performance.now();
    const chain = await startBenchChain(url, CHAIN_STATE, GAS_LIMIT);
    log(`  loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return { chain, record: existing, deployment: readChainDeployment() };
  }
  rmSync(CHAIN_DIR, { recursive: true, force: true });
  log(`Building the real chain on anvil (${shape.loans.toLocaleString("en-US")} loans) ...`);
  const started = performance.now();
  const fresh = await startBenchChain(url, CHAIN_STATE, GAS_LIMIT);
  let record: ChainRecord;
  try {
    await deployOn(url, CHAIN_DEPLOYMENTS);
    const deployment = readChainDeployment();
    const rpc = new RpcClient(url, { timeoutMs: 600_000 });
    const { transactions } = await buildLedger(rpc, deployment, shape, log);
    const blocks = Number(await rpc.call<string>("eth_blockNumber", []));
    record = { shape, transactions, blocks, buildSeconds: (performance.now() - started) / 1000, builtAt: new Date().toISOString() };
    log(`  ${transactions.toLocaleString("en-US")} transactions in ${blocks.toLocaleString("en-US")} blocks, ${record.buildSeconds.toFixed(0)} s; writing anvil's state ...`);
  } finally {
    await fresh.stop();
  }
  keepState(CHAIN_STATE);
  writeFileSync(CHAIN_LEDGER, `${JSON.stringify(record, null, 2)}\n`);
  const chain = await startBenchChain(url, CHAIN_STATE, GAS_LIMIT);
  return { chain, record, deployment: readChainDeployment() };
}
