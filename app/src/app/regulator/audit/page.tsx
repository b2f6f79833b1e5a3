"use client";
import Link from "next/link";
import { formatTimestamp } from "@lib/format";
import { AUDIT_EXPORTS } from "../../../../../indexer/auditExports";
import { useLedger, useRunAudit, type LastAuditAnswer } from "@/hooks/useLedger";
import { useNames } from "@/hooks/useNames";
import { Notice } from "@/components/Notice";
import { ChainAndBlock, RebuildIndexButton } from "@/components/LedgerChain";
import styles from "@/components/ledger.module.css";
import { TableBox } from "@/components/TableBox";

const EXPORTS = Object.keys(AUDIT_EXPORTS);

export default function AuditPage() {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Ledger audit</h1>
          <p>Rebuilds the ledger from the indexed events and checks it against the chain and the platform&apos;s rules: conservation of money, lifecycle, listings, entitlements, signatures.</p>
        </div>
      </div>
      <Audit />
    </>
  );
}

function Audit() {
  const last = useLedger<LastAuditAnswer>("/api/ledger/audit");
  const run = useRunAudit();
  const names = useNames();
  const audit = last.data?.audit ?? null;
  return (
    <>
      <div className="card">
        <div className="section-title">
          <div>
            <h2>Run the audit</h2>
            <p className="muted" style={{ margin: 0 }}>
              The server syncs its index to the chain head, replays every event and compares the result with the contracts at that block. The reports of the
              last run stay available below.
            </p>
          </div>
          <div className="row">
            <RebuildIndexButton />
            <button className="btn primary" onClick={() => run.mutate()} disabled={run.isPending} data-testid="run-audit">
              {run.isPending ? "Auditing …" : "Run audit"}
            </button>
          </div>
        </div>
        {run.isPending ? <p className="muted" data-testid="audit-running">Syncing the index and checking every rule against the chain …</p> : null}
        {run.isError ? (
          <Notice tone="error" title="The audit could not run">
            {run.error.message}
          </Notice>
        ) : null}
      </div>
      {last.isPending ? (
        <div className="page-loading">Reading the last audit …</div>
      ) : last.isError ? (
        <Notice tone="error" title="The last audit cannot be read">
          {last.error.message}
        </Notice>
      ) : !audit ? (
        <Notice title={last.data?.replaced ? "The last audit is of another chain" : "No audit yet"}>
          {last.data?.replaced ?? "Run the audit to check the ledger; its result, the offline report and the exports appear here."}
        </Notice>
      ) : (
        <>
          <div className="card" data-testid="audit-result">
            <div className={`${styles.verdict} ${audit.ok ? styles.verdictOk : styles.verdictBad}`} data-testid="audit-verdict" data-ok={audit.ok}>
              {audit.ok ? (
                <span className="badge badge-green">ok</span>
              ) : (
                <span className="badge badge-red">failed</span>
              )}
              {audit.ok ? "The ledger adds up: no rule failed." : `${audit.findings.filter((f) => f.severity === "error").length} finding(s): the ledger does not add up where listed.`}
            </div>
            <div className="stats" style={{ marginTop: 16, marginBottom: 0 }}>
              <div className="stat">
                <span>Events replayed</span>
                <b>{audit.events.toLocaleString("en-US")}</b>
              </div>
              <div className="stat">
                <span>Head block</span>
                <b>
                  <Link href={`/regulator/ledger/block/${audit.headBlock}`}>{audit.headBlock}</Link>
                </b>
              </div>
              <div className="stat">
                <span>Findings</span>
                <b data-testid="audit-findings-count">{audit.findings.length}</b>
              </div>
              <div className="stat">
                <span>Duration</span>
                <b>{audit.seconds.toFixed(1)} s</b>
              </div>
            </div>
            <p className="muted" style={{ marginBottom: 0 }}>
              {audit.network}: <ChainAndBlock chain={audit.chain} />
              {audit.ranAt ? ` · run ${formatTimestamp(audit.ranAt)}` : ""}.
            </p>
          </div>
          <div className="card">
            <h2>Findings</h2>
            {audit.findings.length === 0 ? (
              <p className="empty" data-testid="no-findings">
                No findings: every check of every rule held.
              </p>
            ) : (
              <TableBox label="Findings"><table data-testid="audit-findings">
                <thead>
                  <tr>
                    <th>Severity</th>
                    <th>Rule</th>
                    <th>Loan or participant</th>
                    <th>Detail</th>
                  </tr>
                </thead>
                <tbody>
                  {audit.findings.map((f, i) => (
                    <tr key={i}>
                      <td>{f.severity === "error" ? <span className="badge badge-red">error</span> : <span className="badge badge-amber">warning</span>}</td>
                      <td>
                        <code>{f.rule}</code>
                      </td>
                      <td>
                        {f.loan !== undefined ? <Link href={`/regulator/ledger?loan=${f.loan}`}>loan {f.loan}</Link> : null}
                        {f.participant ? (
                          <div>
                            <Link href={`/regulator/ledger?account=${f.participant}`}>{names.label(f.participant)}</Link>
                          </div>
                        ) : null}
                        {f.attestation ? <div className="mono">{f.attestation}</div> : null}
                      </td>
                      <td>{f.detail}</td>
                    </tr>
                  ))}
                </tbody>
              </table></TableBox>
            )}
          </div>
          <div className="card">
            <h2>Rules</h2>
            <TableBox label="Audit rules"><table>
              <thead>
                <tr>
                  <th>Rule</th>
                  <th>What it checks</th>
                  <th className="num">Checks</th>
                  <th className="num">Errors</th>
                  <th className="num">Warnings</th>
                </tr>
              </thead>
              <tbody>
                {audit.rules.map((r) => (
                  <tr key={r.rule}>
                    <td>
                      <code>{r.rule}</code>
                    </td>
                    <td>{r.description}</td>
                    <td className="num">{r.checks.toLocaleString("en-US")}</td>
                    <td className="num">{r.errors ? <span className="badge badge-red">{r.errors}</span> : 0}</td>
                    <td className="num">{r.warnings ? <span className="badge badge-amber">{r.warnings}</span> : 0}</td>
                  </tr>
                ))}
              </tbody>
            </table></TableBox>
          </div>
          <div className="card">
            <h2>Reports</h2>
            <p className="muted">The offline report is one self-contained page (charts included) to archive or send; the exports are the ledger as CSV and the result as JSON.</p>
            <div className={styles.downloads}>
              <a className="btn primary" href="/api/ledger/audit/report.html" target="_blank" rel="noreferrer" data-testid="audit-report">
                Open the HTML report
              </a>
              {EXPORTS.map((name) => (
                <a key={name} className="btn" href={`/api/ledger/audit/${name}`} download={name}>
                  {name}
                </a>
              ))}
            </div>
          </div>
        </>
      )}
    </>
  );
}
