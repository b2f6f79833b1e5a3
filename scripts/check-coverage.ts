import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Fails (exit 1) unless every contract under contracts/ (test doubles in contracts/mocks excepted) reaches the
 * line and branch coverage below, reading the summary `npm run coverage` writes to coverage/coverage-summary.json.
 */
export const THRESHOLDS = { lines: 98, branches: 95 };

interface Metric { total: number; covered: number; pct: number | "Unknown" }
type Summary = Record<string, { lines: Metric; branches: Metric }>;

export function shortfalls(summary: Summary, root: string): string[] {
  const problems: string[] = [];
  const files = Object.keys(summary).filter((f) => f !== "total");
  const contracts = files.filter((f) => {
    const rel = path.relative(root, path.resolve(root, f)).split(path.sep).join("/");
    return rel.startsWith("contracts/") && !rel.startsWith("contracts/mocks/");
  });
  if (contracts.length === 0) problems.push("no contract under contracts/ in the coverage summary");
  for (const file of contracts) {
    for (const metric of ["lines", "branches"] as const) {
      const m = summary[file][metric];
      const pct = m.total === 0 ? 100 : (100 * m.covered) / m.total;
      if (pct < THRESHOLDS[metric]) {
        problems.push(`${path.relative(root, path.resolve(root, file))}: ${metric} ${pct.toFixed(2)} % (${m.covered}/${m.total}) < ${THRESHOLDS[metric]} %`);
      }
    }
  }
  return problems;
}

if (require.main === module) {
  const root = path.resolve(__dirname, "..");
  const summary = JSON.parse(readFileSync(path.join(root, "coverage", "coverage-summary.json"), "utf8")) as Summary;
  const problems = shortfalls(summary, root);
  for (const [file, s] of Object.entries(summary)) {
    if (file === "total") continue;
    console.log(`${path.relative(root, path.resolve(root, file)).padEnd(48)} lines ${String(s.lines.pct).padStart(6)} %  branches ${String(s.branches.pct).padStart(6)} %`);
  }
  if (problems.length > 0) {
    console.error(`Coverage below the threshold (lines ${THRESHOLDS.lines} %, branches ${THRESHOLDS.branches} %):\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`Coverage at or above lines ${THRESHOLDS.lines} % and branches ${THRESHOLDS.branches} % for every contract.`);
}
