import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AuditResult } from "../audit";
import type { LedgerViews } from "../views";
import { toCsv } from "../../lib/csv";
import { auditHtml } from "./html";

/**
 * Writes the audit's exports into `outDir`: audit.json (the result), findings.csv and the ledger as CSV
 * (loans, positions, participants, attestations, movements, regulator actions, the committee's history), and report.html.
 */
export async function writeAuditReports(result: AuditResult, views: LedgerViews, outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const files: [string, string][] = [
    ["audit.json", `${JSON.stringify(result, null, 2)}\n`],
    ["findings.csv", toCsv(result.findings.map((f) => ({ rule: f.rule, severity: f.severity, loan: f.loan ?? "", participant: f.participant ?? "", attestation: f.attestation ?? "", proposal: f.proposal ?? "", detail: f.detail })))],
    ["loans.csv", toCsv((await views.loans()) as unknown as Record<string, unknown>[])],
    ["positions.csv", toCsv((await views.positions()) as unknown as Record<string, unknown>[])],
    ["participants.csv", toCsv((await views.participants()) as unknown as Record<string, unknown>[])],
    ["attestations.csv", toCsv((await views.attestations()) as unknown as Record<string, unknown>[])],
    ["movements.csv", toCsv((await views.movements()) as unknown as Record<string, unknown>[])],
    ["regulator-actions.csv", toCsv((await views.regulatorActions()) as unknown as Record<string, unknown>[])],
    ["committee.csv", toCsv(result.committee as unknown as Record<string, unknown>[])],
    ["report.html", await auditHtml(result, views)],
  ];
  return files.map(([name, content]) => {
    const path = join(/*turbopackIgnore: true*/ outDir, name);
    writeFileSync(path, content);
    return path;
  });
}
