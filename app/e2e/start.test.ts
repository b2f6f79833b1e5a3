import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, bin, rpcAlive, waitFor } from "../../scripts/lib/processes";

/**
 * `npm start` as a person runs it: on a port of its own it starts a chain, deploys, seeds, serves the app and
 * prints the accounts; run again while the chain runs it neither redeploys nor seeds twice; Ctrl-C stops what each
 * run started and nothing else; started again after Ctrl-C it resumes the same chain from the data folder; with
 * --fresh it says what it deleted and starts over.
 */
const CHAIN_URL = "http://127.0.0.1:8562";

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(appPort: number, env: NodeJS.ProcessEnv, args: string[] = []): Started {
  const child = spawn(bin("ts-node"), ["--transpile-only", "scripts/start.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, SMEFIN_LOCAL_RPC_URL: CHAIN_URL, SMEFIN_APP_PORT: String(appPort) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, output: () => out, exited };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

describe("npm start", function () {
  this.timeout(1_800_000);
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const runs: Started[] = [];

  before(async function () {
    if (await rpcAlive(CHAIN_URL)) throw new Error(`something already answers on ${CHAIN_URL}`);
    dir = mkdtempSync(join(tmpdir(), "smefin-start-"));
    env = { SMEFIN_DEPLOYMENTS_DIR: join(dir, "deployments"), SMEFIN_DATA_DIR: join(dir, "data") };
  });

  after(async function () {
    for (const run of runs) if (run.child.exitCode === null) run.child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("starts the chain, deploys, seeds once, serves the app, and Ctrl-C stops only what each run started", async function () {
    const first = start(3105, env);
    runs.push(first);
    await waitFor(async () => first.output().includes("Running: the app on"), "the first npm start", 600_000);
    expect(first.output()).to.include(`Starting a local chain on ${CHAIN_URL}`);
    expect(first.output()).to.include(`state kept in ${join(dir, "data", "chain", "anvil-state.json")}`);
    expect(first.output()).to.include("Deployed on localhost");
    expect(first.output()).to.include("Seeded the demo.");
    expect(first.output()).to.match(/investor12\s+investor\s+0x[0-9a-fA-F]{40}/);
    expect(await answers("http://127.0.0.1:3105/api/deployment")).to.equal(true);

    // Again while the chain runs (its app on another port): no second deployment, no second seed.
    const second = start(3106, env);
    runs.push(second);
    await waitFor(async () => second.output().includes("Running: the app on"), "the second npm start", 600_000);
    expect(second.output()).to.include(`A chain already answers on ${CHAIN_URL}: using it.`);
    expect(second.output()).to.include("Already deployed on localhost");
    expect(second.output()).to.include("already seeded; nothing changed");
    expect(second.output()).to.not.include("Seeded the demo.");

    // Ctrl-C on the second run stops its app and leaves the first run's chain alone.
    second.child.kill("SIGINT");
    await second.exited;
    expect(await answers("http://127.0.0.1:3106/api/deployment")).to.equal(false);
    expect(await rpcAlive(CHAIN_URL)).to.equal(true);

    // Ctrl-C on the first run stops its app and its chain.
    first.child.kill("SIGINT");
    await first.exited;
    await waitFor(async () => !(await rpcAlive(CHAIN_URL)), "the chain to stop", 60_000);
    expect(await answers("http://127.0.0.1:3105/api/deployment")).to.equal(false);
    expect(first.output()).to.include("The local chain stopped; its state is kept in");
  });

  it("started again, resumes the same chain from the data folder; with --fresh, starts over and says what it deleted", async function () {
    const again = start(3105, env);
    runs.push(again);
    await waitFor(async () => again.output().includes("Running: the app on"), "npm start after Ctrl-C", 600_000);
    expect(again.output()).to.include(`Resuming the local chain on ${CHAIN_URL} from ${join(dir, "data", "chain", "anvil-state.json")}`);
    expect(again.output()).to.include("Already deployed on localhost");
    expect(again.output()).to.include("already seeded; nothing changed");
    const head = (await (await fetch(CHAIN_URL, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }) })).json()) as { result: string };
    expect(Number(head.result), "the seeded chain's height").to.be.greaterThan(100);
    again.child.kill("SIGINT");
    await again.exited;
    await waitFor(async () => !(await rpcAlive(CHAIN_URL)), "the chain to stop", 60_000);

    const fresh = start(3105, env, ["--fresh"]);
    runs.push(fresh);
    await waitFor(async () => fresh.output().includes("Running: the app on"), "npm start --fresh", 600_000);
    expect(fresh.output()).to.match(/Starting over: deleted the local chain's .*chain.*localhost\.json/);
    expect(fresh.output()).to.include(`Starting a local chain on ${CHAIN_URL}`);
    expect(fresh.output()).to.include("Deployed on localhost");
    expect(fresh.output()).to.include("Seeded the demo.");
    fresh.child.kill("SIGINT");
    await fresh.exited;
    await waitFor(async () => !(await rpcAlive(CHAIN_URL)), "the chain to stop", 60_000);
  });
});
