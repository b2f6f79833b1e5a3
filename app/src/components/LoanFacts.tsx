"use client";
import type { LoanView } from "@lib/loans";
import { nameOf, RepaymentMethod } from "@lib/enums";
import { useNames } from "@/hooks/useNames";
import { StateBadge } from "./StateBadge";
import { date, days, money, percent } from "@/lib/display";

const METHOD: Record<string, string> = { InterestFirst: "Interest first, principal at maturity", EqualPrincipal: "Equal principal", EqualInstalment: "Equal instalment (annuity)" };

/** Terms and money of one loan, under the heading of the loan's page. */
export function LoanFacts({ loan, purpose }: { loan: LoanView; purpose?: string }) {
  const names = useNames();
  const share = loan.amount > 0n ? Number((loan.raised * 1000n) / loan.amount) / 10 : 0;
  return (
    <div className="card">
      <div className="section-title">
        <h1 className="loan-title">
          Loan {String(loan.id)} {purpose ? <span className="muted">· {purpose}</span> : null}
        </h1>
        <StateBadge state={loan.state} frozen={loan.frozen} />
      </div>
      <div className="grid2">
        <dl className="facts">
          <dt>Enterprise</dt>
          <dd>{names.label(loan.enterprise)}</dd>
          <dt>Amount / minimum</dt>
          <dd>
            {money(loan.amount)} / {money(loan.minRaise)}
          </dd>
          <dt>Rate</dt>
          <dd>{percent(loan.rateBps)} a year</dd>
          <dt>Repayment</dt>
          <dd>
            {METHOD[nameOf(RepaymentMethod, loan.method)]}, {loan.instalments} × {days(loan.periodLength)} days
          </dd>
          <dt>Risk grade</dt>
          <dd>{loan.riskGrade ? `${loan.riskGrade} of 5` : "set at listing"}</dd>
        </dl>
        <dl className="facts">
          <dt>Raised</dt>
          <dd>
            {money(loan.raised)} ({share}%)
            <div className="progress">
              <i style={{ width: `${Math.min(100, share)}%` }} />
            </div>
          </dd>
          <dt>Funding deadline</dt>
          <dd>{date(loan.fundingDeadline)}</dd>
          <dt>Disbursed</dt>
          <dd>{date(loan.startedAt)}</dd>
          <dt>Repaid</dt>
          <dd>{money(loan.accounts.repaid)}</dd>
          <dt>Guarantee bond</dt>
          <dd>{loan.accounts.bond > 0n ? `${money(loan.accounts.bond)} by ${names.label(loan.accounts.guarantor)}` : loan.accounts.guaranteePaid > 0n ? `paid out ${money(loan.accounts.guaranteePaid)}` : "none"}</dd>
        </dl>
      </div>
    </div>
  );
}
