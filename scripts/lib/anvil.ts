/**
 * anvil, the local chain of `npm start` and of the tests that need a second EVM implementation: its binary from
 * the `@foundry-rs/anvil` npm package, started with the development accounts of lib/devAccounts.ts and, when
 * given a state file, durable (anvil loads the file at start, rewrites it every few seconds and on exit: blocks,
 * receipts, logs and state).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { DEV_ACCOUNT_COUNT, DEV_MNEMONIC } from "../../lib/devAccounts";
import { LOCAL_CHAIN_ID } from "../../lib/chain";
import { ROOT, rpcAlive, waitFor } from "./processes";

/** How often anvil writes its state: at most this many seconds of writes are lost when it is killed. */
export const STATE_INTERVAL_SECONDS = 2;

/** The native binary inside the platform package (not the package's node wrapper, so signals reach anvil itself). */
export function anvilBinary(): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const binary = process.platform === "win32" ? "anvil.exe" : "anvil";
  return require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/bin/${binary}`);
}

export interface AnvilOptions {
  url: string;
  /** The state file: loaded when it exists, written every STATE_INTERVAL_SECONDS and on exit. */
  statePath?: string;
  /** A chain without fees: zero base fee, zero gas price, no minimum tip (like a Besu network with free gas). */
  freeGas?: boolean;
  /** Ether of every development account (default anvil's 10000). */
  balance?: number;
  /** Where anvil's output goes (default: discarded). */
  stdio?: "ignore" | "inherit";
}

export interface Anvil {
  child: ChildProcess;
  url: string;
  /** Ctrl-C: anvil writes its state and exits. */
  stop(): Promise<void>;
}

export function anvilArgs(options: AnvilOptions): string[] {
  const url = new URL(options.url);
  return [
    "--host", url.hostname,
    "--port", url.port || "8545",
    "--chain-id", String(LOCAL_CHAIN_ID),
    "--mnemonic", DEV_MNEMONIC,
    "--accounts", String(DEV_ACCOUNT_COUNT),
    ...(options.balance !== undefined ? ["--balance", String(options.balance)] : []),
    ...(options.freeGas ? ["--gas-price", "0", "--base-fee", "0", "--disable-min-priority-fee"] : []),
    ...(options.statePath ? ["--state", options.statePath, "--state-interval", String(STATE_INTERVAL_SECONDS)] : []),
    "--silent",
  ];
}

/**
 * A state file anvil can load, or none. anvil rewrites the file in place, so a kill in the middle of a write can
 * leave it cut short: the copy taken at the previous start (FILE.previous) is used then, and said so.
 */
function checkedState(statePath: string, log: (line: string) => void): void {
  const previous = `${statePath}.previous`;
  const readable = (path: string) => {
    try {
      JSON.parse(readFileSync(path, "utf8"));
      return true;
    } catch {
      return false;
    }
  };
  if (existsSync(statePath) && !readable(statePath)) {
    if (existsSync(previous) && readable(previous)) {
      log(`The chain's state ${statePath} is unreadable (cut short by a kill?): restoring the copy taken at the previous start.`);
      copyFileSync(previous, statePath);
    } else {
      throw new Error(`the chain's state ${statePath} is unreadable and has no earlier copy: start over with npm run reset`);
    }
  }
  if (existsSync(statePath)) copyFileSync(statePath, previous);
}

/** Starts anvil and waits until it answers; a chain loaded from its state resumes its clock where it stopped. */
export async function startAnvil(options: AnvilOptions, log: (line: string) => void = () => {}): Promise<Anvil> {
  if (options.statePath) {
    mkdirSync(dirname(options.statePath), { recursive: true });
    checkedState(options.statePath, log);
  }
  const child = spawn(anvilBinary(), anvilArgs(options), { cwd: ROOT, stdio: ["ignore", options.stdio ?? "ignore", options.stdio === "inherit" ? "inherit" : "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await Promise.race([
      waitFor(() => rpcAlive(options.url), `anvil on ${options.url}`),
      exited.then(() => {
        throw new Error(`anvil exited at start: ${stderr.trim() || "no message"}`);
      }),
    ]);
  } catch (err) {
    if (child.exitCode === null) child.kill("SIGKILL");
    throw err;
  }
  await resumeClock(options.url);
  return {
    child,
    url: options.url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGINT");
        await exited;
      }
    },
  };
}

async function rpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/**
 * anvil keeps the blocks of its state but not the offset of its clock, so a chain whose time was moved ahead
 * (the seed's months of repayments) would mine its next block before its last one. Its clock resumes from the
 * last block instead, as if the chain had been paused: time never runs backwards on the chain.
 */
async function resumeClock(url: string): Promise<void> {
  const latest = await rpc<{ timestamp: string }>(url, "eth_getBlockByNumber", ["latest", false]);
  const last = Number(BigInt(latest.timestamp));
  if (last >= Math.floor(Date.now() / 1000)) await rpc(url, "anvil_setTime", [last + 1]);
}
