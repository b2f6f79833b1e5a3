/**
 * One audit in a process of its own, so that its peak resident memory is its own: prints one JSON line with the
 * time, the events audited, the findings by rule and the process's peak RSS.
 *
 *   ts-node scripts/bench-scale/auditChild.ts full|events DEPLOYMENT.json INDEX RPC_URL
 *
 * INDEX is a SQLite file or a postgres:// URL.
 *
 * - full: the regulator's audit as `smefin audit` runs it (replay and rules, the derived tables, the chain at
 *   the indexed head, the relayed signatures);
 * - events: its pass over the events alone (replay with the lifecycle, listing and committee rules, claims, the
 *   derived tables against the replay), for a ledger that no chain holds in full.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { Deployment } from "../../lib/deployments";
import { runAudit } from "../../indexer/audit";
import { Findings } from "../../indexer/audit/findings";
import { replay } from "../../indexer/audit/replay";
import { checkClaims } from "../../indexer/audit/claims";
import { checkConsistency } from "../../indexer/audit/consistency";
import { isPostgresUrl, openIndex } from "../../indexer/db";

async function main(): Promise<void> {
  const [mode, deploymentFile, index, rpcUrl] = process.argv.slice(2);
  const deployment = JSON.parse(readFileSync(deploymentFile, "utf8")) as Deployment;
  const baselineMiB = process.memoryUsage().rss / 2 ** 20;
  const sql = await openIndex(isPostgresUrl(index) ? { url: index } : { path: index, readonly: true });
  const started = performance.now();
  let events: number;
  let findings: { rule: string; severity: string; detail: string }[];
  if (mode === "full") {
    const result = await runAudit({ sql, deployment, rpcUrl });
    events = result.events;
    findings = result.findings;
  } else {
    const f = new Findings();
    const { store, events: n } = await replay(sql, f, deployment);
    checkClaims(store, f);
    await checkConsistency(sql, store, f);
    events = n;
    findings = f.list;
  }
  const seconds = (performance.now() - started) / 1000;
  await sql.close();
  const byRule: Record<string, number> = {};
  const examples: Record<string, string> = {};
  for (const finding of findings) {
    const key = `${finding.rule} (${finding.severity})`;
    byRule[key] = (byRule[key] ?? 0) + 1;
    examples[key] ??= finding.detail;
  }
  // maxRSS is in KiB.
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ mode, events, seconds, findings: findings.length, byRule, examples, peakMiB, baselineMiB }));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
