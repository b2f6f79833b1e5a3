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
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Server } from "node:http";
import type { Deployment } from "../../lib/deployments";
import { devSigner } from "../../lib/devAccounts";
import { loanBookAbi } from "../../lib/generated/abis";
import { encodeFunctionData } from "viem";
import { getCursor, openIndex } from "../../indexer/db";
import type { Sql } from "../../indexer/sql";
import { syncOnce } from "../../indexer/sync";
import { RpcClient } from "../../indexer/rpc";
import { ROOT } from "../lib/processes";
import { ensureRealChain } from "./realChain";
import { deriveLedger, serveLedger, type ReplayLedger } from "./replay";
import { startPostgres, type BenchPostgres } from "./postgres";
import { loadTest, percentiles, startApp, type AppServer } from "./app";
import { firstContent } from "./browser";
import { markdown, type ScaleResult, type StoreFigures } from "./report";
import { CHAIN_DEPLOYMENTS, LARGE_DEPLOYMENTS, LARGE_DIR, NETWORK, POSTGRES_DIR, SCALE_DIR } from "./layout";

const CHAIN_URL = "http://127.0.0.1:8556";
const REPLAY_PORT = 8557;
const REPLAY_URL = `http://127.0.0.1:${REPLAY_PORT}`;
const APP_PORT = 3200;
const PG_PORT = 5442;
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

/**
 * Where one store keeps an index: a SQLite file under a folder, or a database of the benchmark's PostgreSQL
 * server. `fresh` empties it; `open` gives it as the indexer's `Sql`; `location` is what the audit and the app are
 * pointed at (the file, or the URL as SMEFIN_INDEX_URL).
 */
interface IndexPlace {
  store: "sqlite" | "postgres";
  location: string;
  /** The app server's environment for this index. */
  appEnv: NodeJS.ProcessEnv;
  fresh(): Promise<void>;
  open(): Promise<Sql>;
}

function sqlitePlace(dir: string): IndexPlace {
  const path = indexFile(dir);
  return {
    store: "sqlite",
    location: path,
    appEnv: { SMEFIN_INDEX_URL: "" },
    async fresh() {
      mkdirSync(dir, { recursive: true });
      removeIndex(path);
    },
    open: () => openIndex({ path }),
  };
}

function postgresPlace(pgServer: BenchPostgres, database: string): IndexPlace {
  const url = pgServer.url(database);
  return {
    store: "postgres",
    location: url,
    appEnv: { SMEFIN_INDEX_URL: url },
    async fresh() {
      await pgServer.dropDatabase(database);
      await pgServer.ensureDatabase(database);
    },
    async open() {
      await pgServer.ensureDatabase(database);
      return openIndex({ url });
    },
  };
}

/** Syncs `place` from `rpcUrl` to the head (from scratch when `fresh`); answers the events and seconds. */
async function index(place: IndexPlace, rpcUrl: string, deployment: Deployment, options: { blockRange?: number; progress?: boolean } = {}): Promise<{ events: number; seconds: number }> {
  const sql = await place.open();
  try {
    const result = await syncOnce({
      rpcUrl,
      deployment,
      sql,
      blockRange: options.blockRange,
      onProgress: options.progress ? (p) => p.toBlock % 2_000 < (options.blockRange ?? 2_000) && log(`  block ${fmt(p.toBlock)} / ${fmt(p.headBlock)}, ${fmt(p.totalEvents)} events`) : undefined,
    });
    return { events: result.events, seconds: result.seconds };
  } finally {
    await sql.close();
  }
}

/** The audit in a process of its own (auditChild.ts): its time, events, findings and peak resident memory. */
function audit(mode: "full" | "events", deploymentFile: string, index: string, rpcUrl: string): { events: number; seconds: number; peakMiB: number; byRule: Record<string, number>; examples: Record<string, string> } {
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
    { name: "loans (regulator: by state)", account: "regulator", path: (i: number) => `/api/index/loans?state=${["Active", "Listed", "UnderReview", "Active,Listed"][i % 4]}&${page(i, 25)}` },
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

async function measureApis(app: AppServer, loans: number): Promise<{ latency: Record<string, { p50: number; p95: number; n: number }>; failures: Record<string, string> }> {
  const sessions = new Map<string, string>();
  const latency: Record<string, { p50: number; p95: number; n: number }> = {};
  const failures: Record<string, string> = {};
  for (const api of listApis(loans)) {
    try {
      if (!sessions.has(api.account)) sessions.set(api.account, await app.session(api.account));
      const cookie = sessions.get(api.account)!;
      // One round first: the route's first answer compiles and caches what later answers reuse.
      await loadTest(app.url, cookie, api.path, 2, 2);
      const samples = await loadTest(app.url, cookie, api.path, CLIENTS, PER_CLIENT);
      latency[api.name] = percentiles(samples);
      log(`  ${api.name}: p50 ${latency[api.name].p50} ms, p95 ${latency[api.name].p95} ms`);
    } catch (error) {
      failures[api.name] = (error as Error).message.slice(0, 300);
      log(`  ${api.name}: FAILED ${failures[api.name]}`);
    }
  }
  return { latency, failures };
}

/**
 * What the indexer's code and the large ledger's derivation were when an index was built: an index built by other
 * code is built again.
 */
function indexerVersion(): string {
  const files = [...["db.ts", "store.ts", "ledger.ts", "decode.ts", "sync.ts"].map((f) => join(ROOT, "indexer", f)), join(__dirname, "replay.ts")].map((f) => readFileSync(f));
  return createHash("sha256").update(Buffer.concat(files)).digest("hex").slice(0, 16);
}

interface LargeBuild {
  events: number;
  seconds: number;
  builtAt: string;
  indexer: string;
  head: number;
}

/**
 * The large index of `place`: kept between runs (DATA/scale/large, or the PostgreSQL cluster there) while its
 * cursor is at the replay's head and the indexer's code is the same; built again from the replay otherwise. The
 * figures of the build that made it are kept beside it.
 */
async function ensureLargeIndex(place: IndexPlace, deployment: Deployment, head: number): Promise<LargeBuild & { built: boolean }> {
  const record = join(LARGE_DIR, `built-${place.store}.json`);
  const version = indexerVersion();
  if (existsSync(record)) {
    const kept = JSON.parse(readFileSync(record, "utf8")) as LargeBuild;
    if (kept.indexer === version && kept.head === head) {
      const sql = await place.open();
      try {
        const cursor = await getCursor(sql);
        if (cursor?.lastBlock === head) return { ...kept, built: false };
      } finally {
        await sql.close();
      }
    }
  }
  rmSync(record, { force: true });
  await place.fresh();
  log(`Indexing the large ledger into ${place.store === "sqlite" ? "SQLite" : "PostgreSQL"} ...`);
  const result = await index(place, REPLAY_URL, deployment, { blockRange: 200, progress: true });
  const build: LargeBuild = { events: result.events, seconds: result.seconds, builtAt: new Date().toISOString(), indexer: version, head };
  mkdirSync(LARGE_DIR, { recursive: true });
  writeFileSync(record, `${JSON.stringify(build, null, 2)}\n`);
  return { ...build, built: true };
}

function machine(): Record<string, unknown> {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.versions.node,
  };
}

/**
 * The app server's data folder: the folder of the SQLite index, or for PostgreSQL a folder of its own with no
 * index file in it, so that nothing the app serves can come from the SQLite index by mistake.
 */
function appDataDir(dir: string, place: IndexPlace): string {
  const out = place.store === "sqlite" ? dir : `${dir}-pg`;
  mkdirSync(out, { recursive: true });
  return out;
}

const emptyFigures = (): StoreFigures => ({ indexEventsPerSecond: null, followLagMs: null, auditSeconds: null, auditPeakMiB: null, apiP95Ms: null });

/** Everything measured on the real chain with one store: index throughput, the full audit, follow lag. */
async function measureRealChain(place: IndexPlace, deployment: Deployment, figures: StoreFigures): Promise<void> {
  const name = place.store === "sqlite" ? "SQLite" : "PostgreSQL";
  log(`Indexing the real chain from scratch (${name}) ...`);
  await place.fresh();
  const small = await index(place, CHAIN_URL, deployment, { blockRange: 50 });
  figures.indexSmallRangeEventsPerSecond = Math.round(small.events / small.seconds);
  log(`  in 50-block ranges: ${fmt(small.events)} events in ${small.seconds.toFixed(1)} s: ${fmt(figures.indexSmallRangeEventsPerSecond)} events/s`);
  await place.fresh();
  const full = await index(place, CHAIN_URL, deployment);
  figures.indexEvents = full.events;
  figures.indexSeconds = Math.round(full.seconds * 10) / 10;
  figures.indexEventsPerSecond = Math.round(full.events / full.seconds);
  log(`  default ranges: ${fmt(full.events)} events in ${full.seconds.toFixed(1)} s: ${fmt(figures.indexEventsPerSecond)} events/s`);

  log(`Full audit of the real chain's index, with the chain (${name}) ...`);
  const a = audit("full", join(CHAIN_DEPLOYMENTS, `${NETWORK}.json`), place.location, CHAIN_URL);
  figures.fullAuditOfRealChain = { events: a.events, seconds: Math.round(a.seconds * 10) / 10, peakMiB: Math.round(a.peakMiB), findings: a.byRule };
  log(`  ${fmt(a.events)} events in ${a.seconds.toFixed(1)} s, peak ${Math.round(a.peakMiB)} MiB, findings ${JSON.stringify(a.byRule)}`);

  log(`Follow lag through the app server (${name}) ...`);
  const app = await startApp({ port: APP_PORT, rpcUrl: CHAIN_URL, dataDir: appDataDir(REAL_DIR, place), deploymentsDir: CHAIN_DEPLOYMENTS, env: place.appEnv });
  try {
    const lag = await measureFollowLag(app, deployment);
    figures.followLagSamplesMs = lag;
    figures.followLagMs = percentiles(lag).p50;
    log(`  ${lag.join(", ")} ms (median ${figures.followLagMs} ms)`);
  } finally {
    await app.stop();
  }
}

/** Everything measured on the large ledger with one store: its index, the audit's event pass, the list APIs. */
async function measureLarge(place: IndexPlace, ledger: ReplayLedger, figures: StoreFigures, withApp?: (app: AppServer) => Promise<void>): Promise<LargeBuild & { built: boolean }> {
  const name = place.store === "sqlite" ? "SQLite" : "PostgreSQL";
  const built = await ensureLargeIndex(place, ledger.deployment, ledger.head);
  figures.largeIndexSeconds = Math.round(built.seconds * 10) / 10;
  figures.largeIndexEventsPerSecond = Math.round(built.events / built.seconds);
  figures.largeIndexBuiltAt = built.builtAt;
  if (place.store === "sqlite") figures.largeIndexBytes = statSync(place.location).size + (existsSync(`${place.location}-wal`) ? statSync(`${place.location}-wal`).size : 0);
  log(`  ${built.built ? "indexed" : "kept from " + built.builtAt + ":"} ${fmt(built.events)} events in ${built.seconds.toFixed(1)} s (${fmt(figures.largeIndexEventsPerSecond)} events/s)`);

  log(`Audit of the large ledger, the pass over the events (${name}) ...`);
  const a = audit("events", join(LARGE_DEPLOYMENTS, `${NETWORK}.json`), place.location, REPLAY_URL);
  figures.auditEvents = a.events;
  figures.auditSeconds = Math.round(a.seconds * 10) / 10;
  figures.auditPeakMiB = Math.round(a.peakMiB);
  figures.auditFindings = a.byRule;
  figures.auditFindingExamples = a.examples;
  log(`  ${fmt(a.events)} events in ${a.seconds.toFixed(1)} s, peak ${Math.round(a.peakMiB)} MiB, findings ${JSON.stringify(a.byRule)}`);

  log(`List APIs on the large ledger, ${CLIENTS} concurrent clients (${name}) ...`);
  const app = await startApp({ port: APP_PORT, rpcUrl: REPLAY_URL, dataDir: appDataDir(LARGE_DIR, place), deploymentsDir: LARGE_DEPLOYMENTS, env: place.appEnv });
  try {
    const apis = await measureApis(app, ledger.loans);
    figures.apiLatencyMs = apis.latency;
    figures.apiFailures = apis.failures;
    figures.apiP95Ms = Object.fromEntries(Object.entries(apis.latency).map(([k, v]) => [k, v.p95]));
    if (withApp) await withApp(app);
  } finally {
    await app.stop();
  }
  return built;
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = loadavg();
  const sqlite = emptyFigures();
  const postgres = emptyFigures();
  const browser: ScaleResult["browser"] = { investorLoansFirstContentS: null, regulatorDashboardFirstContentS: null, pages: { investor: "/investor", regulator: "/regulator" } };

  const { chain, record, deployment } = await ensureRealChain(CHAIN_URL, shape, log);
  let replay: Server | undefined;
  let pgServer: BenchPostgres | undefined;
  let large: LargeBuild & { built: boolean };
  let ledger: ReplayLedger;
  try {
    pgServer = startPostgres(POSTGRES_DIR, PG_PORT);
    const places = { sqlite: { real: sqlitePlace(REAL_DIR), large: sqlitePlace(LARGE_DIR) }, postgres: { real: postgresPlace(pgServer, "real_chain"), large: postgresPlace(pgServer, "large_ledger") } };

    // 1. The real chain.
    if (!ONLY_LARGE) {
      await measureRealChain(places.sqlite.real, deployment, sqlite);
      await guarded(postgres, () => measureRealChain(places.postgres.real, deployment, postgres));
    }

    // 2. The large ledger.
    log(`Deriving the large ledger (${COPIES} copies of the real chain's loans) ...`);
    ledger = await deriveLedger(new RpcClient(CHAIN_URL, { timeoutMs: 600_000 }), deployment, COPIES);
    mkdirSync(LARGE_DEPLOYMENTS, { recursive: true });
    writeFileSync(join(LARGE_DEPLOYMENTS, `${NETWORK}.json`), `${JSON.stringify(ledger.deployment, null, 2)}\n`);
    replay = await serveLedger(ledger, REPLAY_PORT, CHAIN_URL);
    log(`  ${fmt(ledger.logs.length)} events, ${fmt(ledger.loans)} loans, ${fmt(ledger.head)} blocks`);

    large = await measureLarge(places.sqlite.large, ledger, sqlite, async (app) => {
      log("First content in Chromium (large ledger, SQLite) ...");
      const timings = await firstContent(app.url, [
        { account: "investor1", path: browser.pages!.investor, content: "main table tbody tr, main p.empty" },
        { account: "regulator", path: browser.pages!.regulator, content: "main .stats" },
      ]);
      browser.investorLoansFirstContentS = timings[0].medianS;
      browser.regulatorDashboardFirstContentS = timings[1].medianS;
      browser.loadsS = Object.fromEntries(timings.map((t) => [t.path, t.seconds.map((s) => Math.round(s * 100) / 100)]));
      log(`  ${timings.map((t) => `${t.path} ${t.medianS} s`).join(", ")}`);
    });
    await guarded(postgres, () => measureLarge(places.postgres.large, ledger, postgres));
  } finally {
    await new Promise((resolve) => (replay ? replay.close(resolve) : resolve(undefined)));
    pgServer?.stop();
    await chain.stop();
  }

  const result: ScaleResult = {
    generatedAt: new Date().toISOString(),
    command: "unshare -n bash -c 'ip link set lo up && npm run bench:scale'",
    machine: { ...(machine() as { cores: number; cpu: string; memoryGiB: number; node: string }), loadAverageAtStart: loadAtStart.map((l) => Math.round(l * 100) / 100), loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
    events: large!.events,
    loans: ledger!.loans,
    blocks: ledger!.head,
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

/** Runs a measurement of one store; a failure is recorded in its figures (and said), not the end of the run. */
async function guarded(figures: StoreFigures, measure: () => Promise<unknown>): Promise<void> {
  try {
    await measure();
  } catch (error) {
    const message = (error as Error).message.split("\n")[0];
    figures.notMeasured = [figures.notMeasured, message].filter(Boolean).join("; ");
    console.error(`  failed: ${message}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

