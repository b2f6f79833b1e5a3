"use client";
import Link from "next/link";
import { useNames } from "@/hooks/useNames";
import type { LedgerEvent } from "@/hooks/useLedger";
import { argText, eventTitle } from "@/lib/ledgerEvents";
import styles from "./ledger.module.css";

const ADDRESS = /^0x[0-9a-f]{40}$/;

/** One indexed event with every argument: accounts named, amounts formatted, the loan linked to its events. */
export function EventDetails({ event }: { event: LedgerEvent }) {
  const names = useNames();
  return (
    <section className={styles.event} data-testid="event-detail">
      <div className="section-title">
        <h3>
          <span title={event.name}>{eventTitle(event.name)}</span> <span className="muted">· {event.contract}</span>
        </h3>
        <span className="muted">
          log {event.logIndex}
          {event.loanId !== null ? (
            <>
              {" · "}
              <Link href={`/regulator/ledger?loan=${event.loanId}`}>loan {event.loanId}</Link>
            </>
          ) : null}
        </span>
      </div>
      <dl className={styles.args}>
        {Object.entries(event.args).map(([key, value]) => (
          <div key={key} style={{ display: "contents" }}>
            <dt>{key}</dt>
            <dd>
              {typeof value === "string" && ADDRESS.test(value) ? (
                <>
                  <Link href={`/regulator/ledger?account=${value}`}>{names.label(value)}</Link> <span className="mono muted">{value}</span>
                </>
              ) : (
                <span className={typeof value === "string" && value.startsWith("0x") ? "mono" : undefined}>{argText(event.contract, key, value, event.name)}</span>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
