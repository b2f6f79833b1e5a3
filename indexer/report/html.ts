import { formatTokenAmount } from "../../lib/format";
import type { AuditResult } from "../audit";
import type { LedgerViews } from "../views";
import { barChartSvg } from "./charts";
import { reportCharts } from "./data";

const esc = (s: unknown) => String(s ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The audit as one self-contained HTML page: no script, no stylesheet or font to fetch, charts as inline SVG. */
export async function auditHtml(result: AuditResult, views: LedgerViews): Promise<string> {
  const loans = await views.loans();
  const verdict = result.ok ? "The ledger adds up: no rule failed." : `${result.findings.filter((f) => f.severity === "error").length} finding(s): the ledger does not add up where listed below.`;
  const ruleRows = result.rules
    .map((r) => `<tr class="${r.errors ? "bad" : ""}"><td><code>${esc(r.rule)}</code></td><td>${esc(r.description)}</td><td class="n">${r.checks}</td><td class="n">${r.errors}</td><td class="n">${r.warnings}</td></tr>`)
    .join("");
  const findingRows = result.findings
    .map((f) => `<tr class="${f.severity === "error" ? "bad" : "warn"}"><td>${esc(f.severity)}</td><td><code>${esc(f.rule)}</code></td><td>${esc(f.loan ?? "")}</td><td><code>${esc(f.participant ?? f.attestation ?? (f.proposal !== undefined ? `proposal ${f.proposal}` : ""))}</code></td><td>${esc(f.detail)}</td></tr>`)
    .join("");
  const loanRows = loans
    .map(
      (l) =>
        `<tr><td class="n">${l.id}</td><td>${esc(l.stateName)}${l.frozen ? " (frozen)" : ""}</td><td class="n">${l.riskGrade || ""}</td><td class="n">${esc(formatTokenAmount(BigInt(l.amount)))}</td><td class="n">${esc(formatTokenAmount(BigInt(l.raised)))}</td><td class="n">${esc(formatTokenAmount(BigInt(l.repaid)))}</td><td class="n">${esc(formatTokenAmount(BigInt(l.outstanding)))}</td><td class="n">${l.daysLate}</td></tr>`,
    )
    .join("");
  const committeeRows = result.committee
    .map((h) => `<tr><td class="n">${h.blockNumber}</td><td>${esc(new Date(h.blockTime * 1000).toISOString().replace(".000Z", "Z"))}</td><td class="n">${h.proposalId ?? ""}</td><td>${esc(h.action)}</td><td>${esc(h.sentence)}</td></tr>`)
    .join("");
  const charts = (await reportCharts(views)).map((c) => `<figure>${barChartSvg(c)}</figure>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>smefin ledger audit: ${esc(result.network)} at block ${result.headBlock}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.5em}table{border-collapse:collapse;width:100%;margin:1em 0;font-size:.9em}
td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#f3f3f3}
.n{text-align:right;font-variant-numeric:tabular-nums}.bad{background:#fde8e8}.warn{background:#fff8e1}
.verdict{font-size:1.2em;padding:.6em 1em;border-radius:4px}.ok{background:#e6f4ea}.ko{background:#fde8e8}
figure{display:inline-block;margin:.5em}code{font-size:.9em}
</style></head><body>
<h1>Ledger audit: ${esc(result.network)} (chain ${result.chainId}, genesis ${esc(result.chain.genesisHash ?? "unknown")})</h1>
<p>Rebuilt from ${result.events.toLocaleString("en-US")} events up to block ${result.headBlock} (hash ${esc(result.chain.block?.hash ?? "unknown")}, ${esc(new Date(result.headTime * 1000).toISOString())}); every chain read made at that block. Audit took ${result.seconds.toFixed(1)} s.</p>
<p class="verdict ${result.ok ? "ok" : "ko"}">${esc(verdict)}</p>
<h2>Rules</h2>
<table><tr><th>rule</th><th>what it checks</th><th>checks</th><th>errors</th><th>warnings</th></tr>${ruleRows}</table>
<h2>Findings</h2>
${result.findings.length ? `<table><tr><th>severity</th><th>rule</th><th>loan</th><th>participant / attestation / proposal</th><th>detail</th></tr>${findingRows}</table>` : "<p>None.</p>"}
<h2>Supervisory committee</h2>
${result.committee.length ? `<table><tr><th>block</th><th>time</th><th>proposal</th><th>action</th><th>what</th></tr>${committeeRows}</table>` : "<p>No committee events.</p>"}
<h2>Charts</h2>
${charts}
<h2>Loans</h2>
<table><tr><th>id</th><th>state</th><th>grade</th><th>amount</th><th>raised</th><th>repaid</th><th>outstanding</th><th>days late</th></tr>${loanRows}</table>
</body></html>
`;
}
