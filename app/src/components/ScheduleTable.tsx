"use client";
import { schedule } from "@lib/schedule";
import type { LoanView } from "@lib/loans";
import { date, money } from "@/lib/display";
import { TableBox } from "./TableBox";

/** The repayment schedule (closed form, lib/schedule.ts), each row marked paid when the repaid total covers it. */
export function ScheduleTable({ loan }: { loan: LoanView }) {
  const principal = loan.accounts.principal || loan.amount;
  const rows = schedule({ rateBps: loan.rateBps, method: loan.method, instalments: loan.instalments, periodLength: loan.periodLength }, principal);
  return (
    <TableBox label="Repayment schedule"><table>
      <thead>
        <tr>
          <th>#</th>
          <th>Due</th>
          <th className="num">Amount</th>
          <th className="num">Principal</th>
          <th className="num">Interest</th>
          <th className="num">Remaining</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const paid = loan.startedAt > 0 && loan.accounts.repaid >= r.cumulative;
          return (
            <tr key={String(r.k)}>
              <td>{String(r.k)}</td>
              <td>{loan.startedAt ? date(loan.startedAt + Number(r.dueOffset)) : `+${Number(r.dueOffset) / 86_400} days`}</td>
              <td className="num">{money(r.amount)}</td>
              <td className="num">{money(r.principal)}</td>
              <td className="num">{money(r.interest)}</td>
              <td className="num">{money(r.remaining)}</td>
              <td>{paid ? <span className="badge badge-green">Paid</span> : loan.startedAt ? <span className="badge badge-grey">Open</span> : "-"}</td>
            </tr>
          );
        })}
      </tbody>
    </table></TableBox>
  );
}
