/** docs/benchmarks-scale.md from the figures of one run (the same figures as docs/benchmarks-scale.json). */

const fmt = (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? "not measured" : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const mark = (ok: boolean | undefined) => (ok === undefined ? "" : ok ? " (met)" : " (missed)");

export interface StoreFigures {
  indexEventsPerSecond: number | null;
  indexEvents?: number;
  indexSeconds?: number;
  indexSmallRangeEventsPerSecond?: number;
  followLagMs: number | null;
  followLagSamplesMs?: number[];
  auditSeconds: number | null;
  auditPeakMiB: number | null;
  auditEvents?: number;
  auditFindings?: Record<string, number>;
  auditFindingExamples?: Record<string, string>;
  fullAuditOfRealChain?: { events: number; seconds: number; peakMiB: number; findings: Record<string, number> };
  largeIndexEventsPerSecond?: number;
  largeIndexSeconds?: number;
  largeIndexBytes?: number;
  largeIndexBuiltAt?: string;
  apiFailures?: Record<string, string>;
  apiP95Ms: Record<string, number> | null;
  apiLatencyMs?: Record<string, { p50: number; p95: number; n: number }>;
  notMeasured?: string;
}

export interface ScaleResult {
  generatedAt: string;
  command: string;
  machine: { cores: number; cpu: string; memoryGiB: number; node: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  events: number;
  loans: number;
  blocks: number;
  copies: number;
  realChain: { shape: { loans: number; enterprises: number; investors: number; funders: number; repayments: number }; transactions: number; blocks: number; buildSeconds: number; builtAt: string; events?: number };
  sqlite: StoreFigures;
  postgres: StoreFigures;
  browser: { investorLoansFirstContentS: number | null; regulatorDashboardFirstContentS: number | null; loadsS?: Record<string, number[]>; pages?: Record<string, string> };
  seconds: number;
}

const GOALS = { index: 20_000, auditSeconds: 60, auditMiB: 1024, apiMs: 150, firstContentS: 1.5 };

function storeRows(s: StoreFigures, isSqlite: boolean): string[][] {
  const apis = s.apiLatencyMs ?? {};
  const worstP95 = s.apiP95Ms ? Math.max(...Object.values(s.apiP95Ms)) : undefined;
  return [
    ["index throughput from the real chain, default 2,000-block ranges (events/s)", s.indexEventsPerSecond === null ? "not measured" : `${fmt(s.indexEventsPerSecond)} (${fmt(s.indexEvents)} events in ${fmt(s.indexSeconds, 1)} s)${isSqlite ? mark(s.indexEventsPerSecond >= GOALS.index) : ""}`, isSqlite ? "≥ 20,000" : ""],
    ["index throughput from the real chain, 50-block ranges (events/s)", fmt(s.indexSmallRangeEventsPerSecond), ""],
    ["index of the large ledger from its replay server (events/s)", s.largeIndexEventsPerSecond ? `${fmt(s.largeIndexEventsPerSecond)} (${fmt(s.auditEvents ?? 0)} events in ${fmt(s.largeIndexSeconds, 1)} s; built ${s.largeIndexBuiltAt})` : "not measured", ""],
    ["follow lag, block mined to served by the API (median ms)", s.followLagMs === null ? "not measured" : `${fmt(s.followLagMs)} (samples ${s.followLagSamplesMs?.join(", ")})`, ""],
    ["audit of the large ledger, pass over the events (s)", `${fmt(s.auditSeconds, 1)}${s.auditSeconds !== null ? mark(s.auditSeconds <= GOALS.auditSeconds) : ""}`, "≤ 60"],
    ["audit peak resident memory (MiB)", `${fmt(s.auditPeakMiB)}${s.auditPeakMiB !== null ? mark(s.auditPeakMiB < GOALS.auditMiB) : ""}`, "< 1,024"],
    ["full audit of the real chain, with the chain (s / MiB)", s.fullAuditOfRealChain ? `${fmt(s.fullAuditOfRealChain.seconds, 1)} s, ${fmt(s.fullAuditOfRealChain.peakMiB)} MiB, ${fmt(s.fullAuditOfRealChain.events)} events` : "not measured", ""],
    ["list APIs, worst p95 (ms)", worstP95 === undefined ? "not measured" : `${fmt(worstP95, 1)}${mark(worstP95 < GOALS.apiMs)}`, "< 150"],
    ...Object.entries(apis).map(([name, v]) => [`list API: ${name}`, `p50 ${fmt(v.p50, 1)}, p95 ${fmt(v.p95, 1)}${mark(v.p95 < GOALS.apiMs)}`, "p95 < 150"]),
    ...Object.entries(s.apiFailures ?? {}).map(([name, message]) => [`list API: ${name}`, `failed: ${message.replace(/\|/g, "/")}`, "p95 < 150"]),
  ];
}

export function markdown(r: ScaleResult): string {
  const real = r.realChain;
  const table = (rows: string[][]) => ["| measure | value | goal |", "|---|---|---|", ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
  const findings = (f: Record<string, number> | undefined) => (!f || Object.keys(f).length === 0 ? "none" : Object.entries(f).map(([k, v]) => `${k}: ${fmt(v)}`).join(", "));
  return `# Scale benchmark

The platform at the size of a province: a ledger of ${fmt(r.loans)} loans and ${fmt(r.events)} events, indexed, audited
and served by the app server. Regenerate with (it opens ports, so in a network namespace of its own):

\`\`\`sh
${r.command}
\`\`\`

Generated ${r.generatedAt} in ${fmt(r.seconds)} s on ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memoryGiB} GiB, Node ${r.machine.node}.
Load average (1, 5, 15 min) at the start ${r.machine.loadAverageAtStart.join(", ")}, at the end ${r.machine.loadAverageAtEnd.join(", ")}: the
machine is shared, so the figures move with what else runs.

## The ledgers

- **The real chain** (anvil 1.7, free gas, blocks of up to 30 million gas), built once by the benchmark and kept in
  \`DATA/scale/chain\`: ${fmt(real.shape.loans)} loans of ${fmt(real.shape.enterprises)} enterprises, ${fmt(real.shape.investors)} investors, played through the contracts with
  ${fmt(real.transactions)} transactions in ${fmt(real.blocks)} blocks (${fmt(real.buildSeconds)} s to build): admissions, suitability, deposits and approvals; each
  demand published and reviewed; identity and credit rating attested (every 4th rating relayed with the agency's
  EIP-712 signature); listed; funded by ${real.shape.funders} investors; disbursed; ${real.shape.repayments} repayments; every investor's claims after the first
  and the last. One loan in 20 stays in review, one in 20 stays listed and a third funded. ${fmt(real.events ?? 0)} events.
  Transactions are sent unsigned by anvil's impersonated accounts with explicit nonces, zero fees and gas
  limits, 500 per JSON-RPC batch, and every one is checked to have emitted its event.
- **The large ledger** (${fmt(r.loans)} loans, ${fmt(r.events)} events, ${fmt(r.blocks)} blocks): the real chain's loans ${r.copies} times over,
  derived from the real chain's own logs (\`scripts/bench-scale/replay.ts\`): each copy has its own loan ids,
  attestation uids, deposit references and transaction hashes, and the copies are interleaved block by block
  (block *b* becomes blocks *b*·${r.copies} … *b*·${r.copies} + ${r.copies - 1}, at *b*'s time), so that ${fmt(r.loans)} loans run side by side. Admissions, policy and the
  committee are the real chain's, once. A small JSON-RPC server serves these logs and blocks (and passes chain id,
  genesis, code and calls to the real chain); the indexer builds the large index from it exactly as from a node,
  and the app server follows it as its chain. Its index is kept in \`DATA/scale/large\`.

The full 1,000,000 events were not played on a chain: anvil writes its state with a call trace per transaction
(about 10 KB each, 520 MB for the real chain's ${fmt(real.transactions)} transactions), so half a million transactions would be a state
file of about 5 GB to write and load, and about 20 minutes of building on this shared machine.

## Results

### SQLite

${table(storeRows(r.sqlite, true))}

### PostgreSQL

PostgreSQL 15 (Debian), a cluster of the benchmark's own in \`DATA/scale/postgres\` on the same machine, default
settings but for durability (\`fsync\`, \`synchronous_commit\` and \`full_page_writes\` off: an index can be
rebuilt), reached over TCP on the loopback; the app server and the indexer use node-postgres pools.
${r.postgres.notMeasured ? `\n**Not measured in full**: ${r.postgres.notMeasured.replace(/\|/g, "/")}.\n` : ""}
${table(storeRows(r.postgres, false))}

### Browser (Chromium, large ledger)

| page | first content (median s) | goal |
|---|---|---|
| investor's loan list (\`${r.browser.pages?.investor ?? "/investor"}\`) | ${fmt(r.browser.investorLoansFirstContentS, 2)}${r.browser.investorLoansFirstContentS !== null ? mark(r.browser.investorLoansFirstContentS < GOALS.firstContentS) : ""} | < 1.5 |
| regulator's dashboard (\`${r.browser.pages?.regulator ?? "/regulator"}\`) | ${fmt(r.browser.regulatorDashboardFirstContentS, 2)}${r.browser.regulatorDashboardFirstContentS !== null ? mark(r.browser.regulatorDashboardFirstContentS < GOALS.firstContentS) : ""} | < 1.5 |

Loads (s): ${Object.entries(r.browser.loadsS ?? {}).map(([p, s]) => `${p} ${s.join(", ")}`).join("; ")}.

## What each figure measures

- **Index throughput**: \`syncOnce\` into an empty index, from the real chain's deployment block to its head, with the
  default block range (2,000), and again in 50-block ranges: \`eth_getLogs\`, block headers, the transactions of
  relayed attestations, decoding, and the writes of events, derived tables and cursor, one transaction per range.
  From anvil the time is mostly anvil's own \`eth_getLogs\` (it answers a query for the whole real chain, about
  100,000 logs, in 14 to 25 s on this machine when it is shared). The large ledger's index, built from the replay
  server (logs held in memory, so the node costs little), shows the indexer's own rate at 1,000,000 events, and
  is how long a rebuild of the index takes from a node that serves logs at least that fast.
- **Follow lag**: a deposit minted on the real chain (one transaction, one block), then the app server's event
  list (\`/api/ledger/events?name=Minted\`) asked every 10 ms; from the block being mined to the first answer that
  serves it. ${fmt(r.sqlite.followLagSamplesMs?.length ?? 0)} samples spread over a few seconds each.
- **Audit**: in a process of its own (\`scripts/bench-scale/auditChild.ts\`), peak resident memory of that process
  (Node and ts-node included). On the large ledger, which no chain holds in full, the audit's **pass over the events**:
  the replay of every event with the lifecycle, listing and committee rules, the claims rule, and the derived
  tables against the replay. **Not measured at 1,000,000 events**: the comparison with the chain (per-loan accounts,
  states, admissions and positions read with \`eth_call\`) and the relayed signatures. The full audit, with those,
  is measured on the real chain's ${fmt(r.sqlite.fullAuditOfRealChain?.events ?? 0)} events (findings: ${findings(r.sqlite.fullAuditOfRealChain?.findings)}).
  Findings of the pass over the large ledger: ${findings(r.sqlite.auditFindings)}${Object.entries(r.sqlite.auditFindingExamples ?? {}).map(([k, v]) => `; ${k}, for example: "${v}"`).join("")}.${
    Object.values(r.sqlite.auditFindingExamples ?? {}).some((v) => v.includes("above the cap"))
      ? " These are true findings about the derived ledger, not faults of the index: the copies share the real chain's enterprises, so each enterprise has ten times the loans, and the audit's listing rule finds the later copies' listings above the policy's enterprise cap. The audit did the same work either way."
      : ""
  }
- **List APIs**: the production build of the app (\`next start\`) with the large index, ${20} clients at once, each
  sending ${20} requests one after another with a signed-in session (the regulator's, or an investor's for
  investors' lists), pages and filters varied by request; one warm-up round first. Latency is from the request to
  the end of the answer's body.
- **First content**: Chromium signed in as the role, the page opened four times; the first load warms the route
  and the browser's cache; the figure is the median of the three after it, from navigation to the first row of the
  page's list (or its "none" line) on the investor's page, and to the totals on the regulator's dashboard.
`;
}
