import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AuditResult } from "../audit";
import type { LedgerViews } from "../views";
import { toCsv } from "../../lib/csv";
import { auditHtml } from "./html";
import { readableRows } from "./readable";

/**
 * Writes the audit's exports into `outDir`: audit.json (the result), findings.csv and the ledger as CSV
 * (loans, positions, participants, attestations, movements, regulator actions, the committee's history), and report.html.
 * The CSVs are for people: amounts in yuan, times as ISO dates, rates in percent (./readable.ts); audit.json keeps
 * the ledger's own units.
 */
export async function writeAuditReports(result: AuditResult, views: LedgerViews, outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const files: [string, string][] = [
    ["audit.json", `${JSON.stringify(result, null, 2)}\n`],
    ["findings.csv", toCsv(result.findings.map((f) => ({ rule: f.rule, severity: f.severity, loan: f.loan ?? "", participant: f.participant ?? "", attestation: f.attestation ?? "", proposal: f.proposal ?? "", detail: f.detail })))],
    ["loans.csv", toCsv(readableRows(await views.loans()))],
    ["positions.csv", toCsv(readableRows(await views.positions()))],
    ["participants.csv", toCsv(readableRows(await views.participants()))],
    ["attestations.csv", toCsv(readableRows(await views.attestations()))],
    ["movements.csv", toCsv(readableRows(await views.movements()))],
    ["regulator-actions.csv", toCsv(readableRows(await views.regulatorActions()))],
    ["committee.csv", toCsv(readableRows(result.committee))],
    ["report.html", await auditHtml(result, views)],
  ];
  return files.map(([name, content]) => {
    const path = join(/*turbopackIgnore: true*/ outDir, name);
    writeFileSync(path, content);
    return path;
  });
}
