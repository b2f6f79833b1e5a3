/**
 * Benchmark of the ledger index and the audit: builds a synthetic ledger of more than 100,000 events on a Hardhat
 * node of its own (port 8553, or SMEFIN_BENCH_PORT), then times a full index from scratch and the audit of it.
 * Prints a table and writes docs/benchmarks-index.md (linked from docs/benchmarks.md). Exits non-zero when the
 * ledger is short of its event count or the audit finds anything.
 *
 *   npm run bench:index               (SMEFIN_BENCH_LOANS=400 loans of 40 investors by default)
 *
 * The ledger is written fast: automine off, transactions sent unsigned by unlocked and impersonated accounts with
 * explicit nonces and gas limits, hundreds per JSON-RPC batch, then mined block after block until the pool is empty.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { encodeEventTopics, encodeFunctionData, getAbiItem, keccak256, toEventSelector, toHex, type AbiEvent, type Hex } from "viem";
import { requireDeployment, type Deployment } from "../lib/deployments";
import { devSigner as dev } from "../lib/devAccounts";
import { AttestationKind, BusinessScale, RepaymentMethod, Role, kindBit, ratingCode } from "../lib/enums";
import { loanSubject } from "../lib/attestations";
import { attestationRegistryAbi, depositTokenAbi, loanBookAbi, participantRegistryAbi } from "../lib/generated/abis";
import { attestTypedData } from "../lib/typedData";
import { runAudit } from "../indexer/audit";
import { openIndex } from "../indexer/db";
import { writeAuditReports } from "../indexer/report/exports";
import { syncOnce } from "../indexer/sync";
import { LedgerViews } from "../indexer/views";
import { RpcClient, type RpcLog } from "../indexer/rpc";
import { bin, rpcAlive, run, startDaemon, waitFor } from "./lib/processes";

const PORT = Number(process.env.SMEFIN_BENCH_PORT ?? 8553);
const LOANS = Number(process.env.SMEFIN_BENCH_LOANS ?? 400);
const FUNDERS = 40;
const ENTERPRISES = 20;
const INVESTORS = 200;
/** Every fourth loan's credit rating is relayed with the rater's EIP-712 signature. */
const RELAY_EVERY = 4;
const REPAYMENTS = 3;
const TOKEN = 1_000_000n;
const SHARE = 1_000n * TOKEN;
const BLOCK_RANGE = 2_000;
const SMALL_RANGE = 5;
const DOCS = join(__dirname, "..", "docs");

const generated = (tag: string, i: number) => `0x${keccak256(toHex(`${tag}-${i}`)).slice(26)}` as Hex;
const hex = (n: bigint | number) => `0x${BigInt(n).toString(16)}`;

interface Tx {
  from: Hex;
  to: Hex;
  data: Hex;
  gas: number;
}

/** Sends transactions with explicit nonces in batches and mines until every one of them is in a block. */
class Sender {
  private readonly nonces = new Map<string, number>();
  sent = 0;

  constructor(private readonly rpc: RpcClient) {}

  async send(txs: Tx[]): Promise<void> {
    for (let i = 0; i < txs.length; i += 400) {
      const chunk = txs.slice(i, i + 400).map((tx) => {
        const nonce = this.nonces.get(tx.from) ?? 0;
        this.nonces.set(tx.from, nonce + 1);
        return { method: "eth_sendTransaction", params: [{ from: tx.from, to: tx.to, data: tx.data, gas: hex(tx.gas), gasPrice: hex(1_000_000_000), nonce: hex(nonce) }] };
      });
      const hashes = await this.rpc.batch<string>(chunk);
      this.sent += chunk.length;
      await this.mineAll();
      // Every transaction must have succeeded: a reverted one would leave the ledger short of what it claims.
      const receipts = await this.rpc.batch<{ status: string }>(hashes.map((h) => ({ method: "eth_getTransactionReceipt", params: [h] })));
      const failed = receipts.findIndex((r) => r.status !== "0x1");
      if (failed >= 0) {
        const reason = await this.rpc.call("eth_call", [chunk[failed].params[0], "latest"]).then(() => "no revert now", (e: Error) => e.message);
        throw new Error(`transaction ${hashes[failed]} reverted (${reason})`);
      }
    }
  }

  async initNonces(accounts: Hex[]): Promise<void> {
    const counts = await this.rpc.batch<string>(accounts.map((a) => ({ method: "eth_getTransactionCount", params: [a, "latest"] })));
    accounts.forEach((a, i) => this.nonces.set(a, Number(counts[i])));
  }

  private async mineAll(): Promise<void> {
    // A block takes what fits in its gas limit; the rest waits in the pool for the next one.
    for (;;) {
      await this.rpc.call("evm_mine", []);
      const pending = await this.rpc.call<{ transactions: string[] }>("eth_getBlockByNumber", ["pending", false]);
      if (pending.transactions.length === 0) return;
    }
  }
}

async function buildLedger(rpc: RpcClient, deployment: Deployment): Promise<void> {
  const c = deployment.contracts;
  const registry = c.ParticipantRegistry.address;
  const attestations = c.AttestationRegistry.address;
  const token = c.DepositToken.address;
  const loanBook = c.LoanBook.address;
  const [regulator, operator, custodian, rater] = [0, 1, 2, 3].map((i) => dev(i).address);
  const raterAccount = dev(3);
  const enterprises = Array.from({ length: ENTERPRISES }, (_, i) => generated("enterprise", i));
  const investors = Array.from({ length: INVESTORS }, (_, i) => generated("investor", i));
  const sender = new Sender(rpc);

  const tx = (from: Hex, to: Hex, abi: any, functionName: string, args: unknown[], gas: number): Tx => ({ from, to, data: encodeFunctionData({ abi, functionName, args } as any), gas });

  await rpc.call("evm_setAutomine", [false]);
  await rpc.batch([...enterprises, ...investors].flatMap((a) => [
    { method: "hardhat_impersonateAccount", params: [a] },
    { method: "hardhat_setBalance", params: [a, hex(10n ** 20n)] },
  ]));
  await sender.initNonces([regulator, operator, custodian, rater, ...enterprises, ...investors]);
  const block = await rpc.call<{ timestamp: string }>("eth_getBlockByNumber", ["latest", false]);
  const expiry = Number(block.timestamp) + 5 * 365 * 24 * 3600;

  console.log("  admissions, suitability, mints, approvals ...");
  const admit = (account: Hex, role: number, kinds: number, scale: number) =>
    tx(regulator, registry, participantRegistryAbi, "admit", [account, role, kinds, scale, expiry, keccak256(toHex(`credential ${account}`))], 200_000);
  await sender.send([
    admit(operator, Role.Operator, 0, BusinessScale.None),
    admit(custodian, Role.Custodian, 0, BusinessScale.None),
    admit(rater, Role.Agency, kindBit(AttestationKind.Identity) | kindBit(AttestationKind.CreditRating), BusinessScale.None),
    ...enterprises.map((e) => admit(e, Role.Enterprise, 0, BusinessScale.Small)),
    ...investors.map((i) => admit(i, Role.Investor, 0, BusinessScale.None)),
  ]);
  const perInvestor = (BigInt(LOANS * FUNDERS) * SHARE) / BigInt(INVESTORS) + SHARE;
  await sender.send([
    ...investors.map((i) => tx(operator, registry, participantRegistryAbi, "setSuitability", [i, 5], 100_000)),
    ...investors.map((i, n) => tx(custodian, token, depositTokenAbi, "mint", [i, perInvestor, keccak256(toHex(`deposit investor ${n}`))], 150_000)),
    ...enterprises.map((e, n) => tx(custodian, token, depositTokenAbi, "mint", [e, 100_000n * TOKEN, keccak256(toHex(`deposit enterprise ${n}`))], 150_000)),
    ...[...investors, ...enterprises].map((a) => tx(a, token, depositTokenAbi, "approve", [loanBook, 2n ** 255n], 100_000)),
  ]);

  console.log(`  ${LOANS} demands published, reviewed and attested ...`);
  const amount = SHARE * BigInt(FUNDERS);
  const terms = { amount, minRaise: amount, rateBps: 900, method: RepaymentMethod.EqualInstalment, instalments: 12, periodLength: 30 * 24 * 3600, fundingPeriod: 30 * 24 * 3600 };
  const loanIds = Array.from({ length: LOANS }, (_, i) => BigInt(i + 1));
  await sender.send(loanIds.map((id) => tx(enterprises[Number(id - 1n) % ENTERPRISES], loanBook, loanBookAbi, "publish", [terms, keccak256(toHex(`demand ${id}`)), `working capital ${id}`], 300_000)));
  // Ids follow the order the block executed the publications in: read them back from LoanPublished.
  const published = await rpc.call<RpcLog[]>("eth_getLogs", [{ fromBlock: "0x0", toBlock: "latest", address: loanBook, topics: [toEventSelector(getAbiItem({ abi: loanBookAbi, name: "LoanPublished" }) as AbiEvent)] }]);
  const enterpriseById = new Map(published.map((log) => [BigInt(log.topics[1]!), `0x${log.topics[2]!.slice(26)}` as Hex]));
  const enterpriseOf = (id: bigint) => enterpriseById.get(id)!;
  await sender.send(loanIds.map((id) => tx(operator, loanBook, loanBookAbi, "openReview", [id], 150_000)));
  let raterNonce = 0n;
  const attestTxs: Tx[] = [];
  for (const id of loanIds) {
    const identity = { kind: AttestationKind.Identity, subject: loanSubject(id), value: 0n, dataHash: keccak256(toHex(`kyc ${id}`)), refUID: `0x${"0".repeat(64)}` as Hex, expiresAt: 0 };
    attestTxs.push(tx(rater, attestations, attestationRegistryAbi, "attest", [identity], 250_000));
    const rating = { ...identity, kind: AttestationKind.CreditRating, value: BigInt(ratingCode("A")), dataHash: keccak256(toHex(`rating ${id}`)) };
    if (Number(id) % RELAY_EVERY === 0) {
      const input = { chainId: deployment.chainId, registry: attestations, attester: rater, request: rating, nonce: raterNonce++, deadline: 2n ** 40n };
      const signature = await raterAccount.signTypedData(attestTypedData(input));
      attestTxs.push(tx(operator, attestations, attestationRegistryAbi, "attestBySignature", [rating, rater, input.nonce, input.deadline, signature], 300_000));
    } else {
      attestTxs.push(tx(rater, attestations, attestationRegistryAbi, "attest", [rating], 250_000));
    }
  }
  await sender.send(attestTxs);
  // Attested only: the proxy's own events (Upgraded, Initialized) share the address.
  const [attested] = encodeEventTopics({ abi: attestationRegistryAbi, eventName: "Attested" });
  const logs = await rpc.call<RpcLog[]>("eth_getLogs", [{ fromBlock: "0x0", toBlock: "latest", address: attestations, topics: [attested] }]);
  const uids = new Map<string, Hex[]>();
  for (const log of logs) {
    const subject = log.topics[3]!.toLowerCase();
    uids.set(subject, [...(uids.get(subject) ?? []), log.topics[1]!]);
  }

  console.log("  listed, funded by 40 investors each, disbursed ...");
  await sender.send(loanIds.map((id) => tx(operator, loanBook, loanBookAbi, "list", [id, 100, uids.get(loanSubject(id))], 300_000)));
  const funders = (id: bigint) => Array.from({ length: FUNDERS }, (_, k) => investors[((Number(id) - 1) * FUNDERS + k) % INVESTORS]);
  await sender.send(loanIds.flatMap((id) => funders(id).map((inv) => tx(inv, loanBook, loanBookAbi, "fund", [id, SHARE], 200_000))));
  await sender.send(loanIds.map((id) => tx(enterpriseOf(id), loanBook, loanBookAbi, "disburse", [id], 300_000)));

  console.log(`  ${REPAYMENTS} repayments per loan, claims after the first and the last ...`);
  const repayment = amount / 10n;
  const claims = () => loanIds.flatMap((id) => funders(id).map((inv) => tx(inv, loanBook, loanBookAbi, "claim", [id], 150_000)));
  for (let r = 0; r < REPAYMENTS; r++) {
    await sender.send(loanIds.map((id) => tx(enterpriseOf(id), loanBook, loanBookAbi, "repay", [id, repayment], 250_000)));
    if (r === 0) await sender.send(claims());
  }
  await sender.send(claims());
  await rpc.call("evm_setAutomine", [true]);
  console.log(`  ${sender.sent} transactions sent`);
}

function table(rows: [string, string][]): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n");
}

async function main(): Promise<void> {
  const started = performance.now();
  const url = `http://127.0.0.1:${PORT}`;
  if (await rpcAlive(url)) throw new Error(`something already answers on ${url}: set SMEFIN_BENCH_PORT`);
  const node = startDaemon(bin("hardhat"), ["node", "--hostname", "127.0.0.1", "--port", String(PORT)]);
  const work = mkdtempSync(join(tmpdir(), "smefin-bench-index-"));
  try {
    await waitFor(() => rpcAlive(url), `the benchmark node on ${url}`);
    const env = { ...process.env, SMEFIN_LOCAL_RPC_URL: url, SMEFIN_RPC_URL: url, SMEFIN_DEPLOYMENTS_DIR: work };
    await run(bin("hardhat"), ["run", "--network", "localhost", "scripts/deploy.ts"], { env, stdio: "ignore" });
    process.env.SMEFIN_DEPLOYMENTS_DIR = work;
    const deployment = requireDeployment("localhost");
    const rpc = new RpcClient(url, { timeoutMs: 600_000 });

    console.log(`Building the synthetic ledger on ${url} ...`);
    const buildStarted = performance.now();
    await buildLedger(rpc, deployment);
    const buildSeconds = (performance.now() - buildStarted) / 1000;
    const head = Number(await rpc.call<string>("eth_blockNumber", []));

    console.log("Indexing from scratch ...");
    const dbPath = join(work, "index.sqlite");
    const sync = await syncOnce({ rpcUrl: url, deployment, dbPath, blockRange: BLOCK_RANGE });
    const eventsPerSecond = sync.events / sync.seconds;
    // The same ledger again in small ranges: the per-range cost (one transaction, one cursor write, a getLogs).
    const small = await syncOnce({ rpcUrl: url, deployment, dbPath: join(work, "index-small-ranges.sqlite"), blockRange: SMALL_RANGE });

    console.log("Auditing ...");
    const sql = await openIndex({ path: dbPath });
    const mix = await sql.all<{ name: string; n: number }>("SELECT name, count(*) AS n FROM events GROUP BY name ORDER BY n DESC");
    console.log(`  event mix: ${mix.map((m) => `${m.name} ${m.n}`).join(", ")}`);
    const audit = await runAudit({ sql, deployment, rpcUrl: url });
    const reportStarted = performance.now();
    const { store: _store, ...result } = audit;
    await writeAuditReports(result, new LedgerViews(sql), join(work, "audit"));
    const reportSeconds = (performance.now() - reportStarted) / 1000;
    await sql.close();
    const totalSeconds = (performance.now() - started) / 1000;

    const rows: [string, string][] = [
      ["events", sync.events.toLocaleString("en-US")],
      ["blocks", head.toLocaleString("en-US")],
      ["loans / investors / enterprises", `${LOANS} / ${INVESTORS} / ${ENTERPRISES} (${FUNDERS} funders a loan)`],
      ["building the ledger", `${buildSeconds.toFixed(0)} s`],
      ["full index from scratch", `${sync.seconds.toFixed(1)} s (${sync.ranges} range(s) of up to ${BLOCK_RANGE} blocks)`],
      ["index throughput", `${Math.round(eventsPerSecond).toLocaleString("en-US")} events/s (goal 2,000)`],
      [`index throughput, ${SMALL_RANGE}-block ranges`, `${Math.round(small.events / small.seconds).toLocaleString("en-US")} events/s (${small.ranges} ranges, ${small.seconds.toFixed(1)} s)`],
      ["audit (replay, rules, chain reads, signatures)", `${audit.seconds.toFixed(1)} s (goal 60 s)`],
      ["audit findings", `${audit.findings.length} (${audit.ok ? "ok" : "FAILED"})`],
      ["reports (JSON, CSV, HTML)", `${reportSeconds.toFixed(1)} s`],
      ["whole benchmark", `${totalSeconds.toFixed(0)} s`],
    ];
    console.log(`\n${table(rows)}`);
    writeDocs(rows, audit.rules, mix);

    const failures: string[] = [];
    if (sync.events < 100_000) failures.push(`only ${sync.events} events (want at least 100,000)`);
    if (!audit.ok || audit.findings.length > 0) failures.push(`the audit of the honest ledger found ${audit.findings.length} finding(s)`);
    if (eventsPerSecond < 2_000) console.warn(`Goal missed: ${Math.round(eventsPerSecond)} events/s indexed (goal 2,000).`);
    if (audit.seconds > 60) console.warn(`Goal missed: the audit took ${audit.seconds.toFixed(1)} s (goal 60 s).`);
    for (const f of failures) console.error(`FAIL: ${f}`);
    if (failures.length) process.exitCode = 1;
  } finally {
    if (node.exitCode === null) {
      const exited = new Promise((resolve) => node.once("exit", resolve));
      node.kill("SIGTERM");
      await exited;
    }
    rmSync(work, { recursive: true, force: true });
  }
}

const START = "<!-- ledger-index-benchmark -->";
const END = "<!-- /ledger-index-benchmark -->";

function writeDocs(rows: [string, string][], rules: { rule: string; checks: number }[], mix: { name: string; n: number }[]): void {
  const md = `# Ledger index benchmark

A synthetic ledger on a Hardhat node of the benchmark's own, indexed from scratch into SQLite and audited.
Regenerate with:

\`\`\`sh
npm run bench:index
\`\`\`

Generated ${new Date().toISOString()} on ${cpus().length} cores, Node ${process.versions.node.split(".")[0]}, Hardhat node over HTTP JSON-RPC on
the same machine, better-sqlite3 (WAL, synchronous NORMAL).

The ledger: admissions, suitability levels, mints and approvals; ${LOANS} demands published, reviewed, attested
(identity and credit rating, every ${RELAY_EVERY}th rating relayed with an EIP-712 signature), listed, funded by ${FUNDERS} investors
each, disbursed; ${REPAYMENTS} partial repayments per loan, and every investor's claims after the first and the last.

| measure | value |
|---|---|
${rows.map(([k, v]) => `| ${k} | ${v} |`).join("\n")}

Events by name: ${mix.map((m) => `${m.name} ${m.n.toLocaleString("en-US")}`).join(", ")}.

Index throughput counts the whole sync: eth_getLogs per range, block timestamps, the transactions of relayed
attestations, decoding, and the SQLite writes of events, derived tables and cursor, one transaction per range.
The audit replays every event, checks every rule and reads the chain at the indexed head:

| rule | checks |
|---|---:|
${rules.map((r) => `| ${r.rule} | ${r.checks.toLocaleString("en-US")} |`).join("\n")}
`;
  writeFileSync(join(DOCS, "benchmarks-index.md"), md);
  // A marked section in docs/benchmarks.md points here; the rest of that file belongs to the gas benchmark.
  const path = join(DOCS, "benchmarks.md");
  const current = readFileSync(path, "utf8");
  const section = `${START}\n## Ledger index and audit\n\n${rows.filter(([k]) => /throughput|audit \(|events$/.test(k)).map(([k, v]) => `- ${k}: ${v}`).join("\n")}\n\nDetails in [benchmarks-index.md](benchmarks-index.md) (\`npm run bench:index\`).\n${END}`;
  const next = current.includes(START) ? current.replace(new RegExp(`${START}[\\s\\S]*?${END}`), section) : `${current.trimEnd()}\n\n${section}\n`;
  mkdirSync(DOCS, { recursive: true });
  writeFileSync(path, next);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
