/**
 * `npm start`: the embedded default. Starts a local chain unless one already answers on 127.0.0.1:8545
 * (SMEFIN_LOCAL_RPC_URL),
 * deploys the contracts and seeds the demo once, prints every role's account, then serves the production build
 * of the web app (built first when missing or stale) on http://127.0.0.1:3000 (SMEFIN_APP_PORT). Ctrl-C stops
 * what it started; a chain that was already running is left running, and nothing is deployed or seeded twice.
 */
import { HDNodeWallet, Mnemonic } from "ethers";
import type { ChildProcess } from "node:child_process";
import { DEV_ACCOUNTS, DEV_MNEMONIC } from "../lib/devAccounts";
import { LOCAL_RPC_URL } from "../lib/chain";
import { bin, rpcAlive, run, startDaemon, waitFor } from "./lib/processes";
import { appStartArgs, ensureAppBuild } from "./lib/appBuild";

const started: ChildProcess[] = [];
/** SMEFIN_LOCAL_RPC_URL moves the local chain (the deploy and seed scripts follow it through the hardhat config). */
const RPC_URL = process.env.SMEFIN_LOCAL_RPC_URL ?? LOCAL_RPC_URL;
const APP_PORT = Number(process.env.SMEFIN_APP_PORT ?? 3000);
const APP_URL = `http://127.0.0.1:${APP_PORT}`;

function stopAll(code = 0): never {
  for (const child of started) if (child.pid && child.exitCode === null) child.kill("SIGTERM");
  process.exit(code);
}

async function ensureChain(): Promise<void> {
  if (await rpcAlive(RPC_URL)) {
    console.log(`A chain already answers on ${RPC_URL}: using it.`);
    return;
  }
  console.log(`Starting a local chain on ${RPC_URL} ...`);
  const node = startDaemon(bin("hardhat"), ["node", "--hostname", "127.0.0.1", "--port", new URL(RPC_URL).port]);
  started.push(node);
  node.on("exit", (code) => {
    console.error(`The local chain stopped (exit ${code}).`);
    stopAll(1);
  });
  await waitFor(() => rpcAlive(RPC_URL), "the local chain");
  console.log(`Local chain running (pid ${node.pid}).`);
}

function printAccounts(): void {
  const mnemonic = Mnemonic.fromPhrase(DEV_MNEMONIC);
  console.log("\nDevelopment accounts of the local chain (well-known keys: never use them elsewhere):\n");
  for (const account of DEV_ACCOUNTS) {
    const wallet = HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${account.index}`);
    console.log(`  ${account.name.padEnd(12)} ${account.role.padEnd(10)} ${wallet.address}  ${account.label}`);
  }
  console.log(`
Chain:     ${RPC_URL} (chain id 31337); point an injected wallet there and import a key with
           npx hardhat node's printed keys, or pick a development account in the app.
Addresses: deployments/localhost.json`);
}

async function main(): Promise<void> {
  process.on("SIGINT", () => stopAll(0));
  process.on("SIGTERM", () => stopAll(0));
  await ensureChain();
  await run(bin("hardhat"), ["run", "--network", "localhost", "scripts/deploy.ts"]);
  await run(bin("hardhat"), ["run", "--network", "localhost", "scripts/seed.ts"]);
  printAccounts();
  await startApp();
  console.log(`\nRunning: the app on ${APP_URL}. Press Ctrl-C to stop ${started.length > 1 ? "the app and the local chain" : "the app"}.`);
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
  const app = startDaemon(bin("next"), appStartArgs(APP_PORT), {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", SMEFIN_RPC_URL: RPC_URL },
    stdio: ["ignore", "inherit", "inherit"],
  });
  started.push(app);
  app.on("exit", (code) => {
    console.error(`The web app stopped (exit ${code}).`);
    stopAll(1);
  });
  await waitFor(appAnswers, "the web app");
  console.log(`Web app: ${APP_URL} (pick a development account on its home page, or connect a wallet to the local chain)`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  stopAll(1);
});
