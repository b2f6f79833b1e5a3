/**
 * `npm start`: the embedded default. Starts the local chain (anvil, its state kept under the data folder so a
 * restart finds every block, balance and event where it was) unless one already answers on 127.0.0.1:8545
 * (SMEFIN_LOCAL_RPC_URL), deploys the contracts when they are not on that chain, seeds the demo on an empty one,
 * prints every role's account, then serves the production build of the web app (built first when missing or
 * stale) on http://127.0.0.1:3000 (SMEFIN_APP_PORT). Ctrl-C stops what it started, the chain writing its state
 * first; a chain that was already running is left running.
 *
 * `npm start -- --fresh` (or `npm run reset`) starts over: the chain's state, its deployment record and its ledger
 * index are deleted first.
 */
import { existsSync, rmSync } from "node:fs";
import { relative } from "node:path";
import type { ChildProcess } from "node:child_process";
import { DEV_ACCOUNTS, DEV_MNEMONIC, devAddress } from "../lib/devAccounts";
import { LOCAL_NETWORK, rpcUrlOf } from "../lib/chain";
import { deploymentPath } from "../lib/deployments";
import { chainDir, chainStatePath, indexPath } from "../lib/paths";
import { ROOT, bin, run, rpcAlive, startDaemon, waitFor } from "./lib/processes";
import { STATE_INTERVAL_SECONDS, startAnvil, type Anvil } from "./lib/anvil";
import { appStartArgs, ensureAppBuild } from "./lib/appBuild";

const RPC_URL = rpcUrlOf(LOCAL_NETWORK)!;
const APP_PORT = Number(process.env.SMEFIN_APP_PORT ?? 3000);
const APP_URL = `http://127.0.0.1:${APP_PORT}`;
const FRESH = process.argv.slice(2).includes("--fresh");

let chain: Anvil | undefined;
let app: ChildProcess | undefined;
let stopping = false;

/** Stops the app, then the chain with Ctrl-C so that it writes its state, and exits once both are gone. */
async function stopAll(code = 0): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (app && app.exitCode === null && app.signalCode === null) {
      const exited = new Promise((resolve) => app!.once("exit", resolve));
      app.kill("SIGTERM");
      await exited;
    }
    if (chain) {
      await chain.stop();
      console.log(`The local chain stopped; its state is kept in ${shown(chainStatePath())}.`);
    }
  }
  process.exit(code);
}

const shown = (path: string) => (path.startsWith(ROOT) ? relative(ROOT, path) : path);

/** Deletes what belongs to the local chain, and says what it deleted. */
function startOver(): void {
  const index = indexPath(LOCAL_NETWORK);
  const paths = [chainDir(), deploymentPath(LOCAL_NETWORK), index, `${index}-wal`, `${index}-shm`].filter((p) => existsSync(p));
  for (const path of paths) rmSync(path, { recursive: true, force: true });
  console.log(
    paths.length
      ? `Starting over: deleted the local chain's ${paths.map(shown).join(", ")}.`
      : "Starting over: there was no local chain state, deployment or index to delete.",
  );
}

async function ensureChain(): Promise<void> {
  if (await rpcAlive(RPC_URL)) {
    if (FRESH) throw new Error(`a chain this command did not start answers on ${RPC_URL}: stop it before starting over`);
    console.log(`A chain already answers on ${RPC_URL}: using it.`);
    return;
  }
  if (FRESH) startOver();
  const statePath = chainStatePath();
  console.log(
    existsSync(statePath)
      ? `Resuming the local chain on ${RPC_URL} from ${shown(statePath)} ...`
      : `Starting a local chain on ${RPC_URL} (state kept in ${shown(statePath)}) ...`,
  );
  chain = await startAnvil({ url: RPC_URL, statePath }, (line) => console.log(line));
  chain.child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`The local chain stopped (${signal ?? `exit ${code}`}).`);
    void stopAll(1);
  });
  const height = await blockNumber();
  console.log(`Local chain running (pid ${chain.child.pid}, block ${height}; state written every ${STATE_INTERVAL_SECONDS} s and on exit).`);
}

async function blockNumber(): Promise<bigint> {
  const res = await fetch(RPC_URL, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }) });
  return BigInt(((await res.json()) as { result: string }).result);
}

function printAccounts(): void {
  console.log("\nDevelopment accounts of the local chain (well-known keys: never use them elsewhere):\n");
  for (const account of DEV_ACCOUNTS) {
    console.log(`  ${account.name.padEnd(12)} ${account.role.padEnd(10)} ${devAddress(account.index)}  ${account.label}`);
  }
  console.log(`
Chain:     ${RPC_URL} (chain id 31337); point an injected wallet there and import a key of the mnemonic
           "${DEV_MNEMONIC}", or pick a development account in the app.
Addresses: ${shown(deploymentPath(LOCAL_NETWORK))}
Start over (delete the chain's state, deployment and index): npm run reset`);
}

async function main(): Promise<void> {
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));
  await ensureChain();
  await run(bin("hardhat"), ["run", "--network", LOCAL_NETWORK, "scripts/deploy.ts"]);
  await run(bin("hardhat"), ["run", "--network", LOCAL_NETWORK, "scripts/seed.ts"]);
  printAccounts();
  await startApp();
  console.log(`\nRunning: the app on ${APP_URL}. Press Ctrl-C to stop ${chain ? "the app and the local chain" : "the app"}.`);
}

async function appAnswers(): Promise<boolean> {
  try {
    return (await fetch(`${APP_URL}/api/deployment`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

async function startApp(): Promise<void> {
  if (await appAnswers()) throw new Error(`something already answers on ${APP_URL}: stop it or set SMEFIN_APP_PORT`);
  if (await ensureAppBuild()) console.log("Built the web app.");
  console.log(`\nStarting the web app on ${APP_URL} ...`);
  app = startDaemon(bin("next"), appStartArgs(APP_PORT), {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", SMEFIN_NETWORK: LOCAL_NETWORK, SMEFIN_LOCAL_RPC_URL: RPC_URL },
    stdio: ["ignore", "inherit", "inherit"],
  });
  app.on("exit", (code) => {
    if (stopping) return;
    console.error(`The web app stopped (exit ${code}).`);
    void stopAll(1);
  });
  await waitFor(appAnswers, "the web app", 180_000);
  console.log(`Web app: ${APP_URL} (pick a development account on its home page, or connect a wallet to the local chain)`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  void stopAll(1);
});
