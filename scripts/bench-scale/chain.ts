/**
 * The scale benchmark's chain: anvil on a port of its own with free gas, its state in DATA/scale/chain. Built
 * once (deploy, then the large ledger of ledger.ts, then the state written on exit); later runs load that state
 * and find every block, receipt and log where it was.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { dirname } from "node:path";
import { anvilArgs, anvilBinary } from "../lib/anvil";
import { ROOT, bin, rpcAlive, run, waitFor } from "../lib/processes";

export interface BenchChain {
  url: string;
  child: ChildProcess;
  /** Ctrl-C: anvil writes its state (when it was started to write one) and exits. */
  stop(): Promise<void>;
}

/**
 * Starts anvil on `url`: loading `statePath` when it exists (and leaving it as it is), or a fresh chain that
 * writes its state to `statePath` on exit. Impersonates any sender (the ledger's generated participants), keeps no
 * historical states (every read is at the head) and mines blocks of up to `gasLimit` gas.
 */
export async function startBenchChain(url: string, statePath: string, gasLimit: number): Promise<BenchChain & { fresh: boolean }> {
  if (await rpcAlive(url)) throw new Error(`something already answers on ${url}`);
  const fresh = !existsSync(statePath);
  mkdirSync(dirname(statePath), { recursive: true });
  const args = [
    ...anvilArgs({ url, freeGas: true }),
    "--auto-impersonate",
    "--prune-history", "--order", "fifo",
    "--gas-limit", String(gasLimit),
    ...(fresh ? ["--dump-state", `${statePath}.partial`] : ["--load-state", statePath]),
  ];
  const child = spawn(anvilBinary(), args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await Promise.race([
    waitFor(() => rpcAlive(url), `anvil on ${url}`, 600_000),
    exited.then(() => {
      throw new Error(`anvil exited at start: ${stderr.trim() || "no message"}`);
    }),
  ]);
  return {
    url,
    child,
    fresh,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGINT");
        await exited;
      }
    },
  };
}

/** Keeps the state a fresh chain wrote on exit: renamed into place only once complete. */
export function keepState(statePath: string): void {
  if (existsSync(`${statePath}.partial`)) renameSync(`${statePath}.partial`, statePath);
}

/** Deploys the contracts on the chain with free gas, recording them in `deploymentsDir`. */
export async function deployOn(url: string, deploymentsDir: string): Promise<void> {
  const env = { ...process.env, SMEFIN_LOCAL_RPC_URL: url, SMEFIN_DEPLOYMENTS_DIR: deploymentsDir, SMEFIN_FREE_GAS: "1" };
  await run(bin("hardhat"), ["run", "--network", "localhost", "scripts/deploy.ts"], { env, stdio: "ignore" });
}
