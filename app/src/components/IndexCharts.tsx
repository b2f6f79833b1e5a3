"use client";
import Link from "next/link";
import { useLedger, type IndexStatus } from "@/hooks/useLedger";
import { ChainAndBlock } from "./LedgerChain";
import { Notice } from "./Notice";
import styles from "./ledger.module.css";

interface DashboardAnswer {
  status: IndexStatus;
  charts: { title: string; svg: string }[];
}

/**
 * The audit report's charts from the server's ledger index: funding volume per month, outstanding by risk
 * grade, late and default rates by grade, attestations per agency. The SVG is the report's own (indexer/report),
 * drawn on the server from the index and escaped there.
 */
export function IndexCharts() {
  return (
    <section data-testid="index-charts">
      <div className="section-title">
        <h2>From the ledger index</h2>
        <Link href="/regulator/audit">Audit the ledger →</Link>
      </div>
      <Charts />
    </section>
  );
}

function Charts() {
  const answer = useLedger<DashboardAnswer>("/api/ledger/dashboard");
  if (answer.isPending) return <div className="card page-loading">Bringing the index up to date with the chain …</div>;
  if (answer.isError)
    return (
      <Notice tone="error" title="The ledger index cannot answer">
        {answer.error.message}
      </Notice>
    );
  const { status, charts } = answer.data;
  if (status.events === 0) return <Notice title="The index is empty">No event of the platform&apos;s contracts has been indexed yet; the charts appear once there are loans.</Notice>;
  return (
    <div className="card">
      <p className="muted" style={{ marginTop: 0 }}>
        {status.events.toLocaleString("en-US")} events, {status.loans} loans, {status.attestations} attestations, indexed from <ChainAndBlock chain={status.chain} />.
      </p>
      <div className={styles.charts}>
        {charts.map((c) => (
          <figure key={c.title} dangerouslySetInnerHTML={{ __html: c.svg }} />
        ))}
      </div>
    </div>
  );
}
