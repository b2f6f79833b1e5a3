import type { Command } from "commander";
import { join } from "node:path";
import { auditDir } from "../../lib/paths";
import { auditWithReports } from "../../indexer/auditRun";
import type { Cli } from "../context";
import { table } from "../format";
import { addIndexOptions, syncOptionsFor, type IndexCommandOptions } from "./ledgerIndex";

type CliOf = () => Cli;

export function registerAudit(program: Command, cli: CliOf): void {
  addIndexOptions(
    program
      .command("audit")
      .description("the regulator's audit: rebuild the ledger from the index, check every rule against the chain, write JSON, CSV and HTML reports")
      .option("--out <dir>", "folder for the reports", auditDir())
      .option("--no-sync", "audit the index as it is, without syncing it to the chain head first")
      .option("--no-positions", "skip comparing every investor position with the chain"),
  ).action(async (opts: IndexCommandOptions & { out: string; sync: boolean; positions: boolean }) => {
    const c = cli();
    const { rpcUrl, deployment, dbPath, ...syncOptions } = syncOptionsFor(c, opts);
    const { files, ranAt: _ranAt, ...report } = await auditWithReports({ deployment, rpcUrl, dbPath: dbPath!, out: opts.out, sync: opts.sync, syncOptions, positionsOnChain: opts.positions });
    c.print({ ...report, reports: files }, () => {
      const lines = [
        `Audit of ${report.network} (chain ${report.chainId}, genesis ${report.chain.genesisHash}) at block ${report.headBlock} (${report.chain.block?.hash}): ${report.events} events replayed in ${report.seconds.toFixed(1)} s.`,
        "",
        table(
          ["rule", "checks", "errors", "warnings"],
          report.rules.map((r) => [r.rule, r.checks, r.errors, r.warnings]),
        ),
        "",
        report.ok ? "OK: every rule holds." : `FAILED: ${report.findings.filter((f) => f.severity === "error").length} finding(s).`,
      ];
      for (const f of report.findings.slice(0, 50)) {
        const about = [f.loan !== undefined ? `loan ${f.loan}` : "", f.proposal !== undefined ? `proposal ${f.proposal}` : "", f.participant ?? "", f.attestation ? `attestation ${f.attestation}` : ""].filter(Boolean).join(", ");
        lines.push(`  [${f.severity}] ${f.rule}${about ? ` (${about})` : ""}: ${f.detail}`);
      }
      if (report.findings.length > 50) lines.push(`  ... ${report.findings.length - 50} more in ${join(opts.out, "findings.csv")}`);
      lines.push("", `Supervisory committee (${report.committee.length} event(s), newest first):`);
      for (const h of report.committee.slice(0, 30)) lines.push(`  block ${h.blockNumber} ${new Date(h.blockTime * 1000).toISOString().slice(0, 16)}  ${h.sentence}`);
      if (report.committee.length > 30) lines.push(`  ... ${report.committee.length - 30} more in ${join(opts.out, "committee.csv")}`);
      lines.push("", `Reports: ${opts.out} (report.html, audit.json, findings.csv, committee.csv, ledger CSVs)`);
      return lines.join("\n");
    });
    if (!report.ok) process.exitCode = 1;
  });
}
