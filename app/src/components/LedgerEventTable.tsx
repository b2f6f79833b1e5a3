"use client";
import Link from "next/link";
import { formatTimestamp, shortAddress } from "@lib/format";
import { useNames } from "@/hooks/useNames";
import type { LedgerEvent } from "@/hooks/useLedger";
import { amountsOf, eventTitle, partiesOf, summaryOf } from "@/lib/ledgerEvents";
import styles from "./ledger.module.css";

/** Indexed events as a table: when, where (block, transaction), what (contract, event, loan), who and how much. */
export function LedgerEventTable({ events, empty, showTx = true }: { events: LedgerEvent[]; empty: string; showTx?: boolean }) {
  const names = useNames();
  if (events.length === 0) return <p className="empty">{empty}</p>;
  return (
    <table className={styles.events} data-testid="ledger-events">
      <thead>
        <tr>
          <th>Time (UTC)</th>
          <th className="num">Block</th>
          {showTx ? <th>Transaction</th> : null}
          <th>Event</th>
          <th className="num">Loan</th>
          <th>Parties</th>
          <th className="num">Amounts</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={`${e.blockNumber}-${e.logIndex}`} data-testid="ledger-row" data-loan={e.loanId ?? ""} data-event={e.name}>
            <td className={styles.when}>{formatTimestamp(e.blockTime).replace("T", " ").replace("Z", "")}</td>
            <td className="num">
              <Link href={`/regulator/ledger/block/${e.blockNumber}`} data-testid="block-link">
                {e.blockNumber}
              </Link>
            </td>
            {showTx ? (
              <td>
                <Link href={`/regulator/ledger/tx/${e.txHash}`} className="mono" data-testid="tx-link" title={e.txHash}>
                  {shortAddress(e.txHash)}
                </Link>
              </td>
            ) : null}
            <td>
              <div className={styles.eventName} title={e.name}>{eventTitle(e.name)}</div>
              <div className={styles.contract}>{e.contract}</div>
            </td>
            <td className="num">{e.loanId ?? ""}</td>
            <td>
              <div className={styles.parties}>
                {summaryOf(e.name, e.args) ? <span>{summaryOf(e.name, e.args)}</span> : null}
                {partiesOf(e.args).map((p) => (
                  <span key={p.role} title={p.address}>
                    <em>{p.role}</em>
                    {names.label(p.address)}
                  </span>
                ))}
              </div>
            </td>
            <td className="num">
              {amountsOf(e.contract, e.name, e.args).map((a) => (
                <div key={a.label} title={a.label}>
                  {a.text} <span className={styles.contract}>{a.label}</span>
                </div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
