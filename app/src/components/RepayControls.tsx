"use client";
import { OWING_STATES } from "@lib/lifecycle";
import { prepareRepay } from "@lib/actions/repay";
import { useDeployment } from "@/hooks/useDeployment";
import { useWrite } from "@/hooks/useWrite";
import type { LoanData } from "@/hooks/useLoans";
import { TxStatus } from "./TxStatus";
import { arrearsOf } from "@lib/schedule";
import { useChainTime } from "@/hooks/useChainTime";
import { scheduledLoan } from "./ScheduleTable";
import { ConfirmAction } from "./ConfirmAction";
import { date, money } from "@/lib/display";

/** The next amount due and the buttons that pay it or close the loan, with the write's progress. */
export function RepayControls({ loan, next, toClose }: Pick<LoanData, "loan" | "next" | "toClose">) {
  const { addresses } = useDeployment();
  const { state, run, busy } = useWrite();
  const owing = OWING_STATES.includes(loan.state);
  const now = useChainTime();
  // The count and amount of overdue instalments inside the next amount (the policy's dates are not needed here).
  const arrears = arrearsOf(scheduledLoan(loan), now.data ?? 0, { gracePeriod: 0, defaultPeriod: 0 });
  // After the payment that closes the loan, keep its confirmation on screen.
  if (!owing && state.phase === "idle") return null;
  const repay = (label: string, amount: bigint) =>
    run(label, async ({ account, send, publicClient, step }) => {
      const { approval, call } = await prepareRepay(publicClient, { account, loanBook: addresses.LoanBook, token: addresses.DepositToken, loanId: loan.id, amount });
      if (approval) {
        step("Approving the repayment …");
        await publicClient.waitForTransactionReceipt({ hash: await send(approval) });
      }
      return send(call);
    });
  return (
    <>
      {owing ? (
        <div className="row">
          <span data-testid="next-due">
            {next.amount > 0n && arrears.overdueInstalments > 0 ? (
              <>
                <b>{arrears.overdueInstalments} instalment{arrears.overdueInstalments === 1 ? "" : "s"} overdue</b> ({arrears.daysLate} day{arrears.daysLate === 1 ? "" : "s"} late): <b>{money(arrears.toCure)}</b> cures {arrears.overdueInstalments === 1 ? "it" : "them"}.
                {next.amount > arrears.toCure ? <> With instalment {String(next.number)}, due {date(next.dueAt)}: <b>{money(next.amount)}</b></> : null}
              </>
            ) : next.amount > 0n ? (
              <>
                Next: instalment {String(next.number)} due {date(next.dueAt)}: <b>{money(next.amount)}</b>
              </>
            ) : (
              "Nothing due now."
            )}
          </span>
          {next.amount > 0n ? (
            <button className="btn primary" disabled={busy} onClick={() => repay("Pay instalment", next.amount)}>
              Pay {money(next.amount)}
            </button>
          ) : null}
          <ConfirmAction
            label={`Repay all (${money(toClose)})`}
            className="btn"
            disabled={busy || toClose === 0n}
            title={`Repay loan ${loan.id} in full?`}
            confirmLabel={`Pay ${money(toClose)}`}
            onConfirm={() => void repay("Repay in full", toClose)}
          >
            <p>
              {money(toClose)} leaves your account now ({money(loan.accounts.repaid)} repaid so far) and closes loan {String(loan.id)}: no further instalments are due.
              Your wallet may first ask you to approve the loan book to take this amount.
            </p>
          </ConfirmAction>
        </div>
      ) : (
        <p className="muted">Nothing more is owed on this loan.</p>
      )}
      <TxStatus state={state} />
    </>
  );
}
