/**
 * `npm run bench:scale`: the platform at the size of a province. Writes docs/benchmarks-scale.md and
 * docs/benchmarks-scale.json.
 *
 * 1. A real chain (anvil, free gas) with a ledger played through the contracts (ledger.ts), built once and kept
 *    in DATA/scale/chain: index throughput from scratch, follow lag through the app server, and the full audit
 *    (with the chain) are measured on it.
 * 2. The large ledger (at least 10,000 loans and 1,000,000 events), derived from the real chain's logs
 *    (replay.ts) and served as a chain of its own; its index is kept in DATA/scale/large. The audit's pass over
 *    the events, the app's list APIs under 20 concurrent clients and the first content of two pages in Chromium
 *    are measured on it.
 *
 * Run anything that opens ports in a network namespace of its own:
 *   unshare -n bash -c 'ip link set lo up && npm run bench:scale'
 *
 * SMEFIN_SCALE_LOANS (default 1,000) and SMEFIN_SCALE_COPIES (default 10) size the real chain and the large ledger.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Server } from "node:http";
import type { Deployment } from "../../lib/deployments";
import { devSigner } from "../../lib/devAccounts";
import { depositTokenAbi } from "../../lib/generated/abis";
import { encodeFunctionData, keccak256, toHex } from "viem";
import { openDb, getCursor } from "../../indexer/db";
import { syncOnce } from "../../indexer/sync";
import { RpcClient } from "../../indexer/rpc";
import { ROOT } from "../lib/processes";
import { ensureRealChain, type ChainRecord } from "./realChain";
import { deriveLedger, serveLedger } from "./replay";
import { loadTest, percentiles, startApp, type AppServer } from "./app";
import { firstContent } from "./browser";
import { CHAIN_DEPLOYMENTS, LARGE_DEPLOYMENTS, LARGE_DIR, NETWORK, SCALE_DIR } from "./layout";

const CHAIN_URL = "http://127.0.0.1:8556";
const REPLAY_PORT = 8557;
const REPLAY_URL = `http://127.0.0.1:${REPLAY_PORT}`;
const APP_PORT = 3200;
const CLIENTS = 20;
const PER_CLIENT = 20;
const LAG_SAMPLES = 10;
const DOCS = join(ROOT, "docs");
const REAL_DIR = join(SCALE_DIR, "real");

const shape = {
  loans: Number(process.env.SMEFIN_SCALE_LOANS ?? 1_000),
  enterprises: 100,
  investors: 300,
  funders: 15,
  repayments: 3,
};
const COPIES = Number(process.env.SMEFIN_SCALE_COPIES ?? 10);

const log = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

interface StoreFigures {
  indexEventsPerSecond: number | null;
  indexEvents?: number;
  indexSeconds?: number;
  followLagMs: number | null;
  followLagSamplesMs?: number[];
  auditSeconds: number | null;
  auditPeakMiB: number | null;
  auditEvents?: number;
  auditMode?: string;
  auditFindings?: Record<string, number>;
  fullAuditOfRealChain?: { events: number; seconds: number; peakMiB: number; findings: Record<string, number> };
  largeIndexEventsPerSecond?: number;
  largeIndexSeconds?: number;
  apiP95Ms: Record<string, number> | null;
  apiLatencyMs?: Record<string, { p50: number; p95: number; n: number }>;
  notMeasured?: string;
}

function indexFile(dir: string): string {
  return join(dir, `index-${NETWORK}.sqlite`);
}

function removeIndex(path: string): void {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
}

/** Index throughput: the real chain indexed from scratch into an empty SQLite file. */
async function measureIndex(deployment: Deployment): Promise<{ events: number; seconds: number }> {
  mkdirSync(REAL_DIR, { recursive: true });
  const path = indexFile(REAL_DIR);
  removeIndex(path);
  const result = await syncOnce({ rpcUrl: CHAIN_URL, deployment, dbPath: path });
  return { events: result.events, seconds: result.seconds };
}

/** The audit in a process of its own (auditChild.ts): its time, events, findings and peak resident memory. */
function audit(mode: "full" | "events", deploymentFile: string, index: string, rpcUrl: string): { events: number; seconds: number; peakMiB: number; byRule: Record<string, number> } {
  const out = execFileSync(join(ROOT, "node_modules", ".bin", "ts-node"), ["--transpile-only", join(__dirname, "auditChild.ts"), mode, deploymentFile, index, rpcUrl], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

/**
 * Follow lag: a deposit minted on the real chain (one block, mined at once), then the app's event list asked every
 * 10 ms until it serves that block's event; from the block's mining to the first answer that has it. The samples
 * are spread over a few seconds so that they do not line up with the server's sync interval.
 */
async function measureFollowLag(app: AppServer, deployment: Deployment): Promise<number[]> {
  const cookie = await app.session("regulator");
  const rpc = new RpcClient(CHAIN_URL);
  const custodian = devSigner("custodian").address;
  const investor = devSigner("investor1").address;
  const newest = async () => {
    const response = await fetch(`${app.url}/api/ledger/events?name=Minted&pageSize=1`, { headers: { cookie } });
    if (!response.ok) throw new Error(`the event list answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { events: { blockNumber: number }[] };
    return body.events[0]?.blockNumber ?? -1;
  };
  await newest();
  const samples: number[] = [];
  for (let i = 0; i < LAG_SAMPLES; i++) {
    await sleep(300 + Math.random() * 1_500);
    const data = encodeFunctionData({ abi: depositTokenAbi, functionName: "mint", args: [investor, 1_000_000n, keccak256(toHex(`follow lag ${Date.now()} ${i}`))] });
    await rpc.call("evm_setAutomine", [false]);
    await rpc.call("eth_sendTransaction", [{ from: custodian, to: deployment.contracts.DepositToken.address, data, gas: "0x30000", gasPrice: "0x0" }]);
    await rpc.call("evm_mine", []);
    const mined = performance.now();
    await rpc.call("evm_setAutomine", [true]);
    const block = Number(await rpc.call<string>("eth_blockNumber", []));
    for (;;) {
      if ((await newest()) >= block) break;
      if (performance.now() - mined > 60_000) throw new Error(`block ${block} not served after 60 s`);
      await sleep(10);
    }
    samples.push(Math.round(performance.now() - mined));
  }
  return samples;
}

/** The app's list APIs, each with the requests its clients send (varied pages and filters). */
function listApis(loans: number): { name: string; account: string; path: (i: number) => string }[] {
  const loan = (i: number) => 1 + ((i * 7919) % loans);
  return [
    { name: "/api/ledger/events (newest, page 1..20)", account: "regulator", path: (i) => `/api/ledger/events?page=${1 + (i % 20)}&pageSize=50` },
    { name: "/api/ledger/events?loan=", account: "regulator", path: (i) => `/api/ledger/events?loan=${loan(i)}&pageSize=50` },
    { name: "/api/ledger/events?name=Repaid", account: "regulator", path: (i) => `/api/ledger/events?name=Repaid&page=${1 + (i % 10)}&pageSize=50` },
    { name: "/api/ledger/dashboard", account: "regulator", path: () => "/api/ledger/dashboard" },
    { name: "/api/ledger/status", account: "regulator", path: () => "/api/ledger/status" },
    { name: "/api/ledger/committee", account: "regulator", path: () => "/api/ledger/committee" },
  ];
}

async function measureApis(app: AppServer, loans: number): Promise<Record<string, { p50: number; p95: number; n: number }>> {
  const sessions = new Map<string, string>();
  const out: Record<string, { p50: number; p95: number; n: number }> = {};
  for (const api of listApis(loans)) {
    if (!sessions.has(api.account)) sessions.set(api.account, await app.session(api.account));
    const cookie = sessions.get(api.account)!;
    // One round first: the route's first answer compiles and caches what later answers reuse.
    await loadTest(app.url, cookie, api.path, 2, 2);
    const samples = await loadTest(app.url, cookie, api.path, CLIENTS, PER_CLIENT);
    out[api.name] = percentiles(samples);
    log(`  ${api.name}: p50 ${out[api.name].p50} ms, p95 ${out[api.name].p95} ms`);
  }
  return out;
}

/** The large index: kept in DATA/scale/large while its cursor is at the replay's head, else built again. */
async function ensureLargeIndex(deployment: Deployment, head: number): Promise<{ built: boolean; events: number; seconds: number }> {
  const path = indexFile(LARGE_DIR);
  if (existsSync(path)) {
    const db = openDb(path, { readonly: true });
    const cursor = getCursor(db);
    const events = (db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n;
    db.close();
    if (cursor?.lastBlock === head) return { built: false, events, seconds: 0 };
  }
  removeIndex(path);
  log("Indexing the large ledger into SQLite ...");
  const result = await syncOnce({ rpcUrl: REPLAY_URL, deployment, dbPath: path, blockRange: 200, onProgress: (p) => p.toBlock % 2_000 < 200 && log(`  block ${fmt(p.toBlock)} / ${fmt(p.headBlock)}, ${fmt(p.totalEvents)} events`) });
  return { built: true, events: result.events, seconds: result.seconds };
}

function machine(): Record<string, unknown> {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.versions.node,
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = loadavg();
  const sqlite: StoreFigures = { indexEventsPerSecond: null, followLagMs: null, auditSeconds: null, auditPeakMiB: null, apiP95Ms: null };
  const postgres: StoreFigures = { indexEventsPerSecond: null, followLagMs: null, auditSeconds: null, auditPeakMiB: null, apiP95Ms: null, notMeasured: "the index has no PostgreSQL store in this build" };
  const browser: Record<string, unknown> = { investorLoansFirstContentS: null, regulatorDashboardFirstContentS: null };

  const { chain, record, deployment } = await ensureRealChain(CHAIN_URL, shape, log);
  let replay: Server | undefined;
  let app: AppServer | undefined;
  let large: { events: number; loans: number; blocks: number; built: boolean; seconds: number };
  try {
    // 1. The real chain.
    log("Indexing the real chain from scratch (SQLite) ...");
    const index = await measureIndex(deployment);
    sqlite.indexEvents = index.events;
    sqlite.indexSeconds = index.seconds;
    sqlite.indexEventsPerSecond = Math.round(index.events / index.seconds);
    log(`  ${fmt(index.events)} events in ${index.seconds.toFixed(1)} s: ${fmt(sqlite.indexEventsPerSecond)} events/s`);

    log("Auditing the real chain's index (full audit, with the chain) ...");
    const full = audit("full", join(CHAIN_DEPLOYMENTS, `${NETWORK}.json`), indexFile(REAL_DIR), CHAIN_URL);
    sqlite.fullAuditOfRealChain = { events: full.events, seconds: full.seconds, peakMiB: Math.round(full.peakMiB), findings: full.byRule };
    log(`  ${fmt(full.events)} events in ${full.seconds.toFixed(1)} s, peak ${Math.round(full.peakMiB)} MiB, findings ${JSON.stringify(full.byRule)}`);

    log("Follow lag through the app server (SQLite) ...");
    app = await startApp({ port: APP_PORT, rpcUrl: CHAIN_URL, dataDir: REAL_DIR, deploymentsDir: CHAIN_DEPLOYMENTS });
    const lag = await measureFollowLag(app, deployment);
    await app.stop();
    app = undefined;
    sqlite.followLagSamplesMs = lag;
    sqlite.followLagMs = percentiles(lag).p50;
    log(`  ${lag.join(", ")} ms (median ${sqlite.followLagMs} ms)`);

    // 2. The large ledger.
    log(`Deriving the large ledger (${COPIES} copies of the real chain's loans) ...`);
    const ledger = await deriveLedger(new RpcClient(CHAIN_URL, { timeoutMs: 600_000 }), deployment, COPIES);
    mkdirSync(LARGE_DEPLOYMENTS, { recursive: true });
    writeFileSync(join(LARGE_DEPLOYMENTS, `${NETWORK}.json`), `${JSON.stringify(ledger.deployment, null, 2)}\n`);
    replay = await serveLedger(ledger, REPLAY_PORT, CHAIN_URL);
    log(`  ${fmt(ledger.logs.length)} events, ${fmt(ledger.loans)} loans, ${fmt(ledger.head)} blocks`);
    const built = await ensureLargeIndex(ledger.deployment, ledger.head);
    large = { events: built.events, loans: ledger.loans, blocks: ledger.head, built: built.built, seconds: built.seconds };
    if (built.built) {
      sqlite.largeIndexSeconds = built.seconds;
      sqlite.largeIndexEventsPerSecond = Math.round(built.events / built.seconds);
      log(`  indexed ${fmt(built.events)} events in ${built.seconds.toFixed(1)} s`);
    } else {
      log(`  reusing the large index (${fmt(built.events)} events)`);
    }

    log("Auditing the large ledger (the pass over the events) ...");
    const events = audit("events", join(LARGE_DEPLOYMENTS, `${NETWORK}.json`), indexFile(LARGE_DIR), REPLAY_URL);
    sqlite.auditMode = "events";
    sqlite.auditEvents = events.events;
    sqlite.auditSeconds = Math.round(events.seconds * 10) / 10;
    sqlite.auditPeakMiB = Math.round(events.peakMiB);
    sqlite.auditFindings = events.byRule;
    log(`  ${fmt(events.events)} events in ${events.seconds.toFixed(1)} s, peak ${Math.round(events.peakMiB)} MiB, findings ${JSON.stringify(events.byRule)}`);

    log(`List APIs on the large ledger, ${CLIENTS} concurrent clients (SQLite) ...`);
    app = await startApp({ port: APP_PORT, rpcUrl: REPLAY_URL, dataDir: LARGE_DIR, deploymentsDir: LARGE_DEPLOYMENTS });
    sqlite.apiLatencyMs = await measureApis(app, ledger.loans);
    sqlite.apiP95Ms = Object.fromEntries(Object.entries(sqlite.apiLatencyMs).map(([k, v]) => [k, v.p95]));

    log("First content in Chromium (large ledger, SQLite) ...");
    const timings = await firstContent(app.url, [
      { account: "investor1", path: "/investor", content: "main table tbody tr, main p.empty" },
      { account: "regulator", path: "/regulator", content: "main .stats" },
    ]);
    browser.investorLoansFirstContentS = timings[0].medianS;
    browser.regulatorDashboardFirstContentS = timings[1].medianS;
    browser.loadsS = Object.fromEntries(timings.map((t) => [t.path, t.seconds.map((s) => Math.round(s * 100) / 100)]));
    log(`  ${timings.map((t) => `${t.path} ${t.medianS} s`).join(", ")}`);
  } finally {
    await app?.stop();
    await new Promise((resolve) => (replay ? replay.close(resolve) : resolve(undefined)));
    await chain.stop();
  }

  const result = {
    generatedAt: new Date().toISOString(),
    command: "unshare -n bash -c 'ip link set lo up && npm run bench:scale'",
    machine: { ...machine(), loadAverageAtStart: loadAtStart.map((l) => Math.round(l * 100) / 100), loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
    events: large!.events,
    loans: large!.loans,
    blocks: large!.blocks,
    realChain: { ...record, events: sqlite.indexEvents },
    copies: COPIES,
    sqlite,
    postgres,
    browser,
    seconds: Math.round((performance.now() - started) / 1000),
  };
  mkdirSync(DOCS, { recursive: true });
  writeFileSync(join(DOCS, "benchmarks-scale.json"), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(DOCS, "benchmarks-scale.md"), markdown(result, record));
  log(`Wrote docs/benchmarks-scale.md and docs/benchmarks-scale.json (${result.seconds} s).`);
}

function markdown(r: any, record: ChainRecord): string {
  return `# Scale benchmark\n\n(see the JSON)\n${JSON.stringify(r, null, 2)}\n${record.builtAt}\n`;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

export { readFileSync };
