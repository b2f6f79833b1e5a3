"use client";
import type { RepaymentRow } from "@/hooks/useRepayments";
import { date, money } from "@/lib/display";
import { Skeleton } from "./Skeleton";
import { TableBox } from "./TableBox";

/** The repayments, or a skeleton while they are read (never "no repayments" before they have arrived). */
export function RepaymentHistory({ rows, empty = "No repayments yet." }: { rows: RepaymentRow[] | undefined; empty?: string }) {
  if (rows === undefined) return <Skeleton label="Reading the repayments" />;
  if (rows.length === 0) return <p className="empty">{empty}</p>;
  return (
    <TableBox label="Repayments"><table>
      <thead>
        <tr>
          <th>Date</th>
          <th>Loan</th>
          <th className="num">Paid</th>
          <th className="num">Repaid to date</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.blockNumber}-${r.loanId}-${r.repaid}`}>
            <td>{date(r.timestamp)}</td>
            <td>{String(r.loanId)}</td>
            <td className="num">{money(r.amount)}</td>
            <td className="num">{money(r.repaid)}</td>
          </tr>
        ))}
      </tbody>
    </table></TableBox>
  );
}
