import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AuditResult } from "../audit";
import type { LedgerViews } from "../views";
import { auditHtml } from "./html";

/** A CSV file: a header of the keys of the first row, RFC 4180 quoting, nested values as JSON. */
export function toCsv(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return "";
  const keys = Object.keys(rows[0]);
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${[keys.join(","), ...rows.map((r) => keys.map((k) => cell(r[k])).join(","))].join("\n")}\n`;
}

/**
 * Writes the audit's exports into `outDir`: audit.json (the result), findings.csv and the ledger as CSV
 * (loans, positions, participants, attestations, movements, regulator actions), and report.html.
 */
export function writeAuditReports(result: AuditResult, views: LedgerViews, outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const files: [string, string][] = [
    ["audit.json", `${JSON.stringify(result, null, 2)}\n`],
    ["findings.csv", toCsv(result.findings.map((f) => ({ rule: f.rule, severity: f.severity, loan: f.loan ?? "", participant: f.participant ?? "", attestation: f.attestation ?? "", detail: f.detail })))],
    ["loans.csv", toCsv(views.loans() as unknown as Record<string, unknown>[])],
    ["positions.csv", toCsv(views.positions() as unknown as Record<string, unknown>[])],
    ["participants.csv", toCsv(views.participants() as unknown as Record<string, unknown>[])],
    ["attestations.csv", toCsv(views.attestations() as unknown as Record<string, unknown>[])],
    ["movements.csv", toCsv(views.movements() as unknown as Record<string, unknown>[])],
    ["regulator-actions.csv", toCsv(views.regulatorActions() as unknown as Record<string, unknown>[])],
    ["report.html", auditHtml(result, views)],
  ];
  return files.map(([name, content]) => {
    const path = join(/*turbopackIgnore: true*/ outDir, name);
    writeFileSync(path, content);
    return path;
  });
}
