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
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Server } from "node:http";
import type { Deployment } from "../../lib/deployments";
import { devSigner } from "../../lib/devAccounts";
import { loanBookAbi } from "../../lib/generated/abis";
import { encodeFunctionData } from "viem";
import { openDb, getCursor } from "../../indexer/db";
import { syncOnce } from "../../indexer/sync";
import { RpcClient } from "../../indexer/rpc";
import { ROOT } from "../lib/processes";
import { ensureRealChain } from "./realChain";
import { deriveLedger, serveLedger } from "./replay";
import { loadTest, percentiles, startApp, type AppServer } from "./app";
import { firstContent } from "./browser";
import { markdown, type ScaleResult, type StoreFigures } from "./report";
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
/** SMEFIN_SCALE_ONLY=large measures the large ledger only (for working on the benchmark itself). */
const ONLY_LARGE = process.env.SMEFIN_SCALE_ONLY === "large";

const log = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

function indexFile(dir: string): string {
  return join(dir, `index-${NETWORK}.sqlite`);
}

function removeIndex(path: string): void {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
}

/** Index throughput: the real chain indexed from scratch into an empty SQLite file. */
async function measureIndex(deployment: Deployment, blockRange?: number): Promise<{ events: number; seconds: number }> {
  mkdirSync(REAL_DIR, { recursive: true });
  const path = indexFile(REAL_DIR);
  removeIndex(path);
  const result = await syncOnce({ rpcUrl: CHAIN_URL, deployment, dbPath: path, blockRange });
  return { events: result.events, seconds: result.seconds };
}

/** The audit in a process of its own (auditChild.ts): its time, events, findings and peak resident memory. */
function audit(mode: "full" | "events", deploymentFile: string, index: string, rpcUrl: string): { events: number; seconds: number; peakMiB: number; byRule: Record<string, number> } {
  const out = execFileSync(join(ROOT, "node_modules", ".bin", "ts-node"), ["--transpile-only", join(__dirname, "auditChild.ts"), mode, deploymentFile, index, rpcUrl], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

/**
 * Follow lag: a repayment of loan 2 by its enterprise on the real chain (one transaction, one block), then the
 * app's list of that loan's repayments (/api/index/repayments) asked every 10 ms until it is served from an index
 * that has reached that block; from the block's mining to that answer. The samples are spread over a few seconds
 * so that they do not line up with the server's follow interval.
 */
async function measureFollowLag(app: AppServer, deployment: Deployment): Promise<number[]> {
  const cookie = await app.session("regulator");
  const rpc = new RpcClient(CHAIN_URL);
  const enterprise = devSigner("enterprise2").address;
  const served = async () => {
    const response = await fetch(`${app.url}/api/index/repayments?loans=2&limit=1`, { headers: { cookie } });
    if (!response.ok) throw new Error(`the repayments list answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { freshness: { block: number | null } };
    return body.freshness.block ?? -1;
  };
  await served();
  const samples: number[] = [];
  for (let i = 0; i < LAG_SAMPLES; i++) {
    await sleep(300 + Math.random() * 1_500);
    const data = encodeFunctionData({ abi: loanBookAbi, functionName: "repay", args: [2n, 1_000_000n] });
    await rpc.call("evm_setAutomine", [false]);
    await rpc.call("eth_sendTransaction", [{ from: enterprise, to: deployment.contracts.LoanBook.address, data, gas: "0x60000", gasPrice: "0x0" }]);
    await rpc.call("evm_mine", []);
    const mined = performance.now();
    await rpc.call("evm_setAutomine", [true]);
    const block = Number(await rpc.call<string>("eth_blockNumber", []));
    for (;;) {
      if ((await served()) >= block) break;
      if (performance.now() - mined > 60_000) throw new Error(`block ${block} not served after 60 s`);
      await sleep(10);
    }
    samples.push(Math.round(performance.now() - mined));
  }
  return samples;
}

/**
 * The app's list APIs (every route under /api/index, and the regulator's event list), each with the requests its
 * clients send: pages and filters varied by request number.
 */
function listApis(loans: number): { name: string; account: string; path: (i: number) => string }[] {
  const loan = (i: number) => 1 + ((i * 7919) % loans);
  const page = (i: number, pages: number) => `offset=${(i % pages) * 20}&limit=20`;
  const apis = [
    { name: "loans (investor: listed)", account: "investor1", path: (i: number) => `/api/index/loans?state=Listed&${page(i, 10)}` },
    { name: "loans (regulator: by state)", account: "regulator", path: (i: number) => `/api/index/loans?state=${["Active", "Listed", "Review", "Active,Listed"][i % 4]}&${page(i, 25)}` },
    { name: "portfolio (investor)", account: "investor1", path: (i: number) => `/api/index/portfolio?${page(i, 10)}` },
    { name: "attestations (a loan's)", account: "regulator", path: (i: number) => `/api/index/attestations?loan=${loan(i)}` },
    { name: "disclosures", account: "regulator", path: (i: number) => `/api/index/disclosures?${page(i, 5)}` },
    { name: "repayments", account: "regulator", path: (i: number) => `/api/index/repayments?${page(i, 50)}` },
    { name: "requests", account: "regulator", path: (i: number) => `/api/index/requests?${page(i, 5)}` },
    { name: "participants", account: "regulator", path: (i: number) => `/api/index/participants?${page(i, 20)}` },
    { name: "proposals", account: "regulator", path: (i: number) => `/api/index/proposals?${page(i, 2)}` },
    { name: "summary", account: "regulator", path: () => "/api/index/summary" },
    { name: "ledger events (explorer)", account: "regulator", path: (i: number) => `/api/ledger/events?page=${1 + (i % 20)}&pageSize=50` },
    { name: "ledger events of a loan", account: "regulator", path: (i: number) => `/api/ledger/events?loan=${loan(i)}&pageSize=50` },
  ];
  // A route the app does not have (yet) is left out rather than measured as a failure.
  return apis.filter((api) => existsSync(join(ROOT, "app", "src", "app", api.path(0).split("?")[0].replace(/^\//, ""), "route.ts")));
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
  const browser: ScaleResult["browser"] = { investorLoansFirstContentS: null, regulatorDashboardFirstContentS: null, pages: { investor: "/investor", regulator: "/regulator" } };

  const { chain, record, deployment } = await ensureRealChain(CHAIN_URL, shape, log);
  let replay: Server | undefined;
  let app: AppServer | undefined;
  let large: { events: number; loans: number; blocks: number; built: boolean; seconds: number };
  try {
    // 1. The real chain.
    if (!ONLY_LARGE) {
    log("Indexing the real chain from scratch (SQLite) ...");
    const index = await measureIndex(deployment);
    sqlite.indexEvents = index.events;
    sqlite.indexSeconds = index.seconds;
    sqlite.indexEventsPerSecond = Math.round(index.events / index.seconds);
    log(`  ${fmt(index.events)} events in ${index.seconds.toFixed(1)} s: ${fmt(sqlite.indexEventsPerSecond)} events/s`);
    const small = await measureIndex(deployment, 50);
    sqlite.indexSmallRangeEventsPerSecond = Math.round(small.events / small.seconds);
    log(`  in 50-block ranges: ${fmt(small.events)} events in ${small.seconds.toFixed(1)} s: ${fmt(sqlite.indexSmallRangeEventsPerSecond)} events/s`);

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
    }

    // 2. The large ledger.
    log(`Deriving the large ledger (${COPIES} copies of the real chain's loans) ...`);
    const ledger = await deriveLedger(new RpcClient(CHAIN_URL, { timeoutMs: 600_000 }), deployment, COPIES);
    mkdirSync(LARGE_DEPLOYMENTS, { recursive: true });
    writeFileSync(join(LARGE_DEPLOYMENTS, `${NETWORK}.json`), `${JSON.stringify(ledger.deployment, null, 2)}\n`);
    replay = await serveLedger(ledger, REPLAY_PORT, CHAIN_URL);
    log(`  ${fmt(ledger.logs.length)} events, ${fmt(ledger.loans)} loans, ${fmt(ledger.head)} blocks`);
    const built = await ensureLargeIndex(ledger.deployment, ledger.head);
    sqlite.largeIndexBytes = statSync(indexFile(LARGE_DIR)).size + (existsSync(`${indexFile(LARGE_DIR)}-wal`) ? statSync(`${indexFile(LARGE_DIR)}-wal`).size : 0);
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

  const result: ScaleResult = {
    generatedAt: new Date().toISOString(),
    command: "unshare -n bash -c 'ip link set lo up && npm run bench:scale'",
    machine: { ...(machine() as { cores: number; cpu: string; memoryGiB: number; node: string }), loadAverageAtStart: loadAtStart.map((l) => Math.round(l * 100) / 100), loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
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
  writeFileSync(join(DOCS, "benchmarks-scale.md"), markdown(result));
  log(`Wrote docs/benchmarks-scale.md and docs/benchmarks-scale.json (${result.seconds} s).`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

