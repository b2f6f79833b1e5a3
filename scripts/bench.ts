/**
 * Gas and scaling benchmark on Hardhat's in-process network: gas per operation, repay and claim gas as a loan's
 * investor count grows (must stay flat), and transaction wall time. Prints tables and writes docs/benchmarks.md and
 * docs/benchmarks.json. Exits non-zero when attest is over budget or repay/claim gas grows with investors.
 *
 *   npm run bench
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { measureGas } from "./bench/gas";
import { INVESTOR_COUNTS, measureScaling, type ScalingRun } from "./bench/scaling";
import { measureThroughput } from "./bench/throughput";
import { buildReport, easLine, gasTable, markdown, scalingTable, throughputTable, violations, writeFile } from "./bench/report";

const DOCS = join(__dirname, "..", "docs");

async function main(): Promise<void> {
  const started = performance.now();

  console.log("Gas per operation...");
  const gas = await measureGas();

  const scaling: ScalingRun[] = [];
  for (const count of INVESTOR_COUNTS) {
    console.log(`Scaling: one loan funded by ${count} investor(s)...`);
    scaling.push(await measureScaling(count));
  }

  console.log("Throughput...");
  const throughput = await measureThroughput();

  const report = buildReport(gas, scaling, throughput, (performance.now() - started) / 1000);
  console.log(`\n${report.environment.note}\n\nGas per operation\n${gasTable(report)}\n\n${easLine(report)}`);
  console.log(`\nScaling with the number of investors\n${scalingTable(report)}`);
  console.log(`\nThroughput (in-process Hardhat network)\n${throughputTable(report)}`);

  writeFile(join(DOCS, "benchmarks.md"), markdown(report) + ledgerIndexSection(join(DOCS, "benchmarks.md")));
  writeFile(join(DOCS, "benchmarks.json"), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWrote docs/benchmarks.md and docs/benchmarks.json in ${report.runSeconds} s.`);

  const failures = violations(report);
  for (const failure of failures) console.error(`FAIL: ${failure}`);
  if (failures.length > 0) process.exitCode = 1;
}

/** The section `npm run bench:index` keeps in docs/benchmarks.md, carried over when this benchmark rewrites the file. */
function ledgerIndexSection(path: string): string {
  const current = existsSync(path) ? readFileSync(path, "utf8") : "";
  const section = current.match(/<!-- ledger-index-benchmark -->[\s\S]*?<!-- \/ledger-index-benchmark -->/);
  return section ? `\n${section[0]}\n` : "";
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
