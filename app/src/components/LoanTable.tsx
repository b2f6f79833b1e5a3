"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import type { LoanWithPurpose } from "@/hooks/useLoans";
import { useNames } from "@/hooks/useNames";
import { StateBadge } from "./StateBadge";
import { money, percent } from "@/lib/display";

/** Loans as a table; each row links to `href(loan)`. */
export function LoanTable({ loans, href, action, showEnterprise = true, empty = "No loans." }: { loans: LoanWithPurpose[]; href?: (l: LoanWithPurpose) => string; action?: (l: LoanWithPurpose) => ReactNode; showEnterprise?: boolean; empty?: string }) {
  const names = useNames();
  if (loans.length === 0) return <p className="empty">{empty}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>#</th>
          <th>Purpose</th>
          {showEnterprise ? <th>Enterprise</th> : null}
          <th>State</th>
          <th className="num">Amount</th>
          <th className="num">Raised</th>
          <th className="num">Rate</th>
          <th className="num">Grade</th>
          {action ? <th /> : null}
        </tr>
      </thead>
      <tbody>
        {loans.map((l) => (
          <tr key={String(l.id)} data-loan={String(l.id)}>
            <td>{String(l.id)}</td>
            <td>{href ? <Link href={href(l)}>{l.purpose || `Loan ${l.id}`}</Link> : l.purpose}</td>
            {showEnterprise ? <td>{names.label(l.enterprise)}</td> : null}
            <td>
              <StateBadge state={l.state} frozen={l.frozen} />
            </td>
            <td className="num">{money(l.amount)}</td>
            <td className="num">{money(l.raised)}</td>
            <td className="num">{percent(l.rateBps)}</td>
            <td className="num">{l.riskGrade || "-"}</td>
            {action ? <td>{action(l)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
