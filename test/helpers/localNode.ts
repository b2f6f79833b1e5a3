import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { bin, rpcAlive, run, startDaemon, waitFor } from "../../scripts/lib/processes";
import { startAnvil } from "../../scripts/lib/anvil";

/** A node of the test's own (Hardhat's, or anvil), on its own port, with deployments written to a temporary folder. */
export interface LocalNode {
  url: string;
  port: number;
  deploymentsDir: string;
  /** Environment for child processes (hardhat run, the command line) that must use this node. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export interface LocalNodeOptions {
  /** Which EVM implementation: Hardhat's node (default) or anvil. */
  kind?: "hardhat" | "anvil";
  /** A chain without fees (zero base fee and gas price), like a Besu QBFT network with free gas. */
  freeGas?: boolean;
  /** anvil only: ether of every development account (0: accounts that can pay for nothing). */
  balance?: number;
}

export async function startLocalNode(port: number, options: LocalNodeOptions = {}): Promise<LocalNode> {
  const url = `http://127.0.0.1:${port}`;
  if (await rpcAlive(url)) throw new Error(`something already answers on ${url}: pick another port for the test node`);
  let child: ChildProcess;
  if (options.kind === "anvil") {
    child = (await startAnvil({ url, freeGas: options.freeGas, balance: options.balance })).child;
  } else {
    child = startDaemon(bin("hardhat"), ["node", "--hostname", "127.0.0.1", "--port", String(port)], {
      env: { ...process.env, ...(options.freeGas ? { SMEFIN_FREE_GAS_NODE: "1" } : {}) },
    });
    await waitFor(() => rpcAlive(url), `the test node on ${url}`, 180_000);
  }
  const deploymentsDir = mkdtempSync(join(tmpdir(), "smefin-deployments-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SMEFIN_LOCAL_RPC_URL: url,
    SMEFIN_RPC_URL: url,
    SMEFIN_DEPLOYMENTS_DIR: deploymentsDir,
    // On a chain without fees every client (deploy, seed, command line) sends zero fees.
    ...(options.freeGas ? { SMEFIN_FREE_GAS: "1" } : {}),
  };
  return {
    url,
    port,
    deploymentsDir,
    env,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(deploymentsDir, { recursive: true, force: true });
    },
  };
}

/** Deploys the contracts and, when asked, seeds the demo on the node, as `npm start` does. */
export async function deployOn(node: LocalNode, options: { seed?: boolean } = {}): Promise<void> {
  const quiet = { env: node.env, stdio: "ignore" as const };
  await run(bin("hardhat"), ["run", "--network", "localhost", "scripts/deploy.ts"], quiet);
  if (options.seed) await run(bin("hardhat"), ["run", "--network", "localhost", "scripts/seed.ts"], quiet);
}
