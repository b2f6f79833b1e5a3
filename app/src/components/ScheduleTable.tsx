"use client";
import { arrearsOf, instalmentStandings, schedule, type InstalmentStatus, type ScheduledLoan } from "@lib/schedule";
import type { LoanView } from "@lib/loans";
import { useChainTime } from "@/hooks/useChainTime";
import { usePlatform } from "@/hooks/usePlatform";
import { date, money } from "@/lib/display";
import { TableBox } from "./TableBox";

/** What lib/schedule.ts reads of a loan read from the LoanBook. */
export const scheduledLoan = (loan: LoanView): ScheduledLoan => ({
  state: loan.state,
  rateBps: loan.rateBps,
  method: loan.method,
  instalments: loan.instalments,
  periodLength: loan.periodLength,
  startedAt: loan.startedAt,
  principal: loan.accounts.principal || loan.amount,
  repaid: loan.accounts.repaid,
  closingAmount: loan.accounts.closingAmount,
});

const BADGES: Record<InstalmentStatus, [string, string]> = {
  paid: ["Paid", "badge-green"],
  due: ["Due", "badge-amber"],
  overdue: ["Overdue", "badge-red"],
  later: ["Scheduled", "badge-grey"],
};

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/**
 * Where a running loan stands at the chain's "today" (the latest block's time, which decides every deadline): the
 * overdue instalments, days late, the amount that cures them, and from when the loan may be declared late and in
 * default under the policy in force.
 */
export function LoanStanding({ loan }: { loan: LoanView }) {
  const now = useChainTime();
  const platform = usePlatform();
  if (loan.startedAt === 0 || now.data === undefined) return null;
  const policy = platform.data?.policy;
  const arrears = arrearsOf(scheduledLoan(loan), now.data, { gracePeriod: Number(policy?.gracePeriod ?? 0), defaultPeriod: Number(policy?.defaultPeriod ?? 0) });
  return (
    <div className="standing" data-testid="loan-standing">
      <p className="muted">Today on the chain: <b data-testid="chain-today">{date(now.data)}</b> (deadlines are measured against the chain&apos;s time).</p>
      {arrears.overdueInstalments > 0 ? (
        <p data-testid="arrears">
          <b>{plural(arrears.overdueInstalments, "instalment")} overdue</b>, the oldest since {date(arrears.oldestDueAt!)} ({plural(arrears.daysLate, "day")} late).{" "}
          Paying <b data-testid="to-cure">{money(arrears.toCure)}</b> brings the loan back on schedule.{" "}
          {policy ? (
            <>
              It may be declared late from <b>{date(arrears.lateFrom!)}</b> and in default from <b data-testid="default-from">{date(arrears.defaultFrom!)}</b>
              {arrears.defaultFrom! <= now.data ? " (already possible)" : ""}.
            </>
          ) : null}
        </p>
      ) : (
        <p data-testid="arrears">No instalment is overdue.</p>
      )}
    </div>
  );
}

/**
 * The repayment schedule (closed form, lib/schedule.ts); once disbursed, each instalment Paid, Due (the next),
 * Overdue with its days late and what is unpaid, or Scheduled, at the chain's "today".
 */
export function ScheduleTable({ loan }: { loan: LoanView }) {
  const now = useChainTime();
  const principal = loan.accounts.principal || loan.amount;
  const rows = schedule({ rateBps: loan.rateBps, method: loan.method, instalments: loan.instalments, periodLength: loan.periodLength }, principal);
  const standings = loan.startedAt && now.data !== undefined ? instalmentStandings(scheduledLoan(loan), now.data) : [];
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
        {rows.map((r, i) => {
          const s = standings[i];
          return (
            <tr key={String(r.k)} data-status={s?.status}>
              <td>{String(r.k)}</td>
              <td>{loan.startedAt ? date(loan.startedAt + Number(r.dueOffset)) : `+${Number(r.dueOffset) / 86_400} days`}</td>
              <td className="num">{money(r.amount)}</td>
              <td className="num">{money(r.principal)}</td>
              <td className="num">{money(r.interest)}</td>
              <td className="num">{money(r.remaining)}</td>
              <td>
                {s ? (
                  <>
                    <span className={`badge ${BADGES[s.status][1]}`}>{BADGES[s.status][0]}</span>
                    {s.status === "overdue" ? <> {plural(s.daysLate, "day")} late{s.unpaid !== r.amount ? <>, {money(s.unpaid)} unpaid</> : null}</> : null}
                  </>
                ) : loan.startedAt ? "…" : "-"}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table></TableBox>
  );
}
