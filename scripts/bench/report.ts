import { cpus } from "node:os";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import hre from "hardhat";
import type { GasMeasurement } from "./gas";
import { spreadPercent, type ScalingRun } from "./scaling";
import type { ThroughputRun } from "./throughput";

export const COMMAND = "npm run bench";
/** Ethereum Attestation Service 1.4: `attest` with a 32-byte payload, measured at this gas. */
export const EAS_ATTEST_GAS = 206_934;
/**
 * Our direct attest must cost about half of EAS: 103,000 until the pause came to cover attestations, whose check
 * (one storage read of the registry's pause flag, 2,100 gas) raised it to 104,500; then 114,000 when the attestation
 * registry and the registry it asks became proxies (each loads its implementation's address, 2,100 gas, and
 * delegates to it, 2,600 gas: 9,400 for the two, about 9,900 with the extra call data copying).
 */
export const ATTEST_BUDGET = 114_000;
/** Repay and claim may vary at most this much (percent) from 1 to 1000 investors: distribution is pull-based. */
export const MAX_SCALING_SPREAD = 2;

export interface Environment {
  note: string;
  cores: number;
  node: string;
  hardhat: string;
  network: string;
  solc: string;
  optimizerRuns: number | undefined;
}

/**
 * Gas of this benchmark on the contracts before they were put behind UUPS proxies (committed once, measured by the
 * same script on plain deployments): the reference every report compares with, so the proxies' cost stays visible.
 */
export const BEFORE_UPGRADEABILITY_PATH = join(__dirname, "before-upgradeability.json");

export interface Baseline {
  description: string;
  commit: string;
  generatedAt: string;
  environment: string;
  gas: Record<string, number>;
}

export function readBaseline(path = BEFORE_UPGRADEABILITY_PATH): Baseline {
  return JSON.parse(readFileSync(path, "utf8")) as Baseline;
}

export interface BenchReport {
  generatedAt: string;
  command: string;
  environment: Environment;
  gas: Record<string, number>;
  /** The same operations' gas before the contracts were upgradeable proxies (scripts/bench/before-upgradeability.json). */
  gasBeforeUpgradeability: Record<string, number>;
  /** The state each gas figure was measured in. */
  gasStates: Record<string, string>;
  scaling: {
    repay: Record<string, number>;
    claim: Record<string, number>;
    spreadPercent: { repay: number; claim: number };
    setupSeconds: Record<string, number>;
  };
  throughput: Record<string, Record<string, Omit<ThroughputRun, "operation" | "mode">>>;
  runSeconds: number;
}

export function environment(): Environment {
  const compiler = hre.config.solidity.compilers[0];
  const hardhat = require("hardhat/package.json").version as string;
  const nodeMajor = process.versions.node.split(".")[0];
  const runs = compiler.settings?.optimizer?.enabled ? compiler.settings.optimizer.runs : undefined;
  return {
    note: `${cpus().length} cores, Node ${nodeMajor}, Hardhat ${hardhat} in-process network, solc ${compiler.version} optimizer ${runs ?? "off"}${runs ? " runs" : ""}`,
    cores: cpus().length,
    node: process.version,
    hardhat,
    network: `${hre.network.name} (in-process)`,
    solc: compiler.version,
    optimizerRuns: runs,
  };
}

export function buildReport(gas: GasMeasurement[], scaling: ScalingRun[], throughput: ThroughputRun[], runSeconds: number): BenchReport {
  const byCount = (pick: (run: ScalingRun) => number) => Object.fromEntries(scaling.map((run) => [String(run.investors), pick(run)]));
  const throughputTable: BenchReport["throughput"] = {};
  for (const { operation, mode, ...figures } of throughput) (throughputTable[operation] ??= {})[mode] = figures;
  return {
    generatedAt: new Date().toISOString(),
    command: COMMAND,
    environment: environment(),
    gas: Object.fromEntries(gas.map((m) => [m.operation, m.gas])),
    gasBeforeUpgradeability: readBaseline().gas,
    gasStates: Object.fromEntries(gas.map((m) => [m.operation, m.state])),
    scaling: {
      repay: byCount((run) => run.repay),
      claim: byCount((run) => run.claim),
      spreadPercent: { repay: spreadOf(scaling, (run) => run.repay), claim: spreadOf(scaling, (run) => run.claim) },
      setupSeconds: byCount((run) => Number(run.setupSeconds.toFixed(1))),
    },
    throughput: throughputTable,
    runSeconds: Number(runSeconds.toFixed(1)),
  };
}

function spreadOf(runs: ScalingRun[], pick: (run: ScalingRun) => number): number {
  return Number(spreadPercent(runs.map(pick)).toFixed(3));
}

/** Rule violations, empty when the benchmark passes. */
export function violations(report: BenchReport): string[] {
  const found: string[] = [];
  const attest = report.gas.attest;
  if (attest > ATTEST_BUDGET) found.push(`attest costs ${fmt(attest)} gas, over the budget of ${fmt(ATTEST_BUDGET)} (half of EAS plus the pause check)`);
  for (const [operation, spread] of Object.entries(report.scaling.spreadPercent)) {
    if (spread > MAX_SCALING_SPREAD) found.push(`${operation} gas varies ${spread}% between 1 and 1000 investors, over ${MAX_SCALING_SPREAD}%`);
  }
  return found;
}

const fmt = (n: number): string => n.toLocaleString("en-US");

/** A pipe table with aligned columns: valid markdown and readable on a terminal. */
function table(headers: string[], rows: (string | number)[][], numeric: boolean[] = []): string {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === "number" ? fmt(cell) : cell)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(" | ")} |`;
  const rule = `|${widths.map((wd, i) => (numeric[i] ? `${"-".repeat(wd + 1)}:` : "-".repeat(wd + 2))).join("|")}|`;
  return [line(headers), rule, ...cells.map(line)].join("\n");
}

export function gasTable(report: BenchReport): string {
  const rows = Object.entries(report.gas).map(([op, gas]) => {
    const before = report.gasBeforeUpgradeability[op];
    const change = before === undefined ? "" : `${gas >= before ? "+" : "-"}${fmt(Math.abs(gas - before))}`;
    return [op, before === undefined ? "" : before, gas, change, report.gasStates[op]];
  });
  return table(["operation", "before upgradeability", "gas", "change", "measured in"], rows, [false, true, true, true, false]);
}

export function scalingTable(report: BenchReport): string {
  const { repay, claim, spreadPercent, setupSeconds } = report.scaling;
  const counts = Object.keys(repay);
  return table(
    ["investors in the loan", "repay gas", "claim gas", "run wall time (s)"],
    [...counts.map((n) => [n, repay[n], claim[n], setupSeconds[n].toFixed(1)]), ["spread (max-min)/min", `${spreadPercent.repay}%`, `${spreadPercent.claim}%`, ""]],
    [false, true, true, true],
  );
}

export function throughputTable(report: BenchReport): string {
  const rows = Object.entries(report.throughput).flatMap(([op, modes]) =>
    Object.entries(modes).map(([mode, t]) => [op, mode, t.sender, t.transactions, t.seconds.toFixed(2), t.msPerTransaction.toFixed(2), t.transactionsPerSecond.toFixed(1)]),
  );
  return table(["operation", "mode", "sender", "transactions", "wall time (s)", "ms / tx", "tx / s"], rows, [false, false, false, true, true, true, true]);
}

export function easLine(report: BenchReport): string {
  const attest = report.gas.attest;
  const share = ((attest / EAS_ATTEST_GAS) * 100).toFixed(1);
  return `attest costs ${fmt(attest)} gas, ${share}% of the Ethereum Attestation Service (EAS 1.4 \`attest\` with a 32-byte payload, measured at ${fmt(EAS_ATTEST_GAS)} gas); budget ${fmt(ATTEST_BUDGET)} gas (half of EAS, plus the platform pause check and the two proxies it passes through).`;
}

export function markdown(report: BenchReport): string {
  return `# Benchmarks

Gas per operation, gas of repayment and claim as a loan's investor count grows, and transaction wall time.
Regenerate with:

\`\`\`sh
${report.command}
\`\`\`

Generated ${report.generatedAt.slice(0, 10)} (${report.generatedAt}) on: ${report.environment.note}.
The whole run took ${report.runSeconds} s. Figures are also in [benchmarks.json](benchmarks.json).

## Gas per operation

Receipt \`gasUsed\` of one transaction. Each was measured in a settled state rather than on the first write of a
fresh contract (counters, nonces and balances it touches already non-zero), as described beside it. Subjects and data
hashes of attestations are random, so attest figures move by a few dozen gas between runs (calldata zero bytes).

The column "before upgradeability" is the same benchmark on the contracts as plain deployments, before each was put
behind a UUPS proxy (scripts/bench/before-upgradeability.json, measured once at commit ${readBaseline().commit}). Every call to a
proxy loads the implementation's address from the ERC-1967 slot (2,100 gas the first time in a transaction) and
delegates to it (2,600 gas for the first call to that implementation in the transaction, 100 after), and an operation
pays this once for the contract called and once for every other contract it calls (the registry, the token): that is
most of the change. The permit domain of the token and the attestation registry is read from storage instead of code.

${gasTable(report)}

${easLine(report)}

## Scaling with the number of investors

One loan of 100,000 tokens in 12 monthly equal instalments, with a 10,000-token guarantee bond, funded in equal shares
by 1, 10, 100 and 1000 distinct investors, each on a fresh deployment. Measured: the enterprise's payment of instalment 2 (after instalment 1) and
the claim of the last investor to fund (for one investor, the only one) after instalment 2, having claimed after
instalment 1. Distribution is pull-based, with no loop over investors, so both must stay within
${MAX_SCALING_SPREAD}% of each other; the benchmark fails otherwise. The bond keeps other money in the LoanBook, as
the shared book always holds in use: without it, a single investor who has claimed everything leaves the book's
token balance at zero, and the next repay pays about 17,100 gas more to re-create that storage slot (the claim that
empties it gets about 4,800 back), a storage price that has nothing to do with the number of investors. The wall time covers the whole run: deployment,
investor wallets (ether, admission, suitability, tokens), funding in mined batches, disbursement and the measured
transactions.

${scalingTable(report)}

## Time and throughput (in-process Hardhat network)

These are wall-clock figures of Hardhat's in-process network on this machine, from an ethers client in the same
process: they show the cost of the client and the simulated node, not the throughput of a production chain (a Besu
QBFT network is bound by its block time and gas limit). Sequential: each transaction is sent, mined on its own
(automine) and its receipt awaited before the next, with ethers estimating gas and fees. Batched: all transactions
signed with explicit nonce and gas, queued with automine off, then mined. A client wallet signs in this process
and sends raw transactions (as a participant's wallet would); a node account is signed for by the in-process node,
which skips client-side signing and is faster for that reason alone. Wall times depend on the machine's load and
moved by up to a factor of two between runs on a shared 2-core machine; gas figures do not (beyond the attest calldata noise above).

${throughputTable(report)}
`;
}

export function writeFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
