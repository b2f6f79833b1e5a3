/**
 * `npm start`: the embedded default. Starts a local chain unless one already answers on 127.0.0.1:8545,
 * deploys the contracts and seeds the demo once, then prints every role's account. Ctrl-C stops what it
 * started; a chain that was already running is left running, and nothing is deployed or seeded twice.
 */
import { HDNodeWallet, Mnemonic } from "ethers";
import type { ChildProcess } from "node:child_process";
import { DEV_ACCOUNTS, DEV_MNEMONIC } from "../lib/devAccounts";
import { LOCAL_RPC_URL } from "../lib/chain";
import { bin, rpcAlive, run, startDaemon, waitFor } from "./lib/processes";

const started: ChildProcess[] = [];

function stopAll(code = 0): never {
  for (const child of started) if (child.pid && child.exitCode === null) child.kill("SIGTERM");
  process.exit(code);
}

async function ensureChain(): Promise<void> {
  if (await rpcAlive(LOCAL_RPC_URL)) {
    console.log(`A chain already answers on ${LOCAL_RPC_URL}: using it.`);
    return;
  }
  console.log(`Starting a local chain on ${LOCAL_RPC_URL} ...`);
  const node = startDaemon(bin("hardhat"), ["node", "--hostname", "127.0.0.1", "--port", "8545"]);
  started.push(node);
  node.on("exit", (code) => {
    console.error(`The local chain stopped (exit ${code}).`);
    stopAll(1);
  });
  await waitFor(() => rpcAlive(LOCAL_RPC_URL), "the local chain");
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
Chain:     ${LOCAL_RPC_URL} (chain id 31337); point an injected wallet there and import a key with
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
  if (started.length > 0) console.log("\nRunning. Press Ctrl-C to stop the local chain.");
  else process.exit(0);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  stopAll(1);
});
