"use client";
import { OWING_STATES } from "@lib/lifecycle";
import { prepareRepay } from "@lib/actions/repay";
import { useDeployment } from "@/hooks/useDeployment";
import { useWrite } from "@/hooks/useWrite";
import type { LoanData } from "@/hooks/useLoans";
import { TxStatus } from "./TxStatus";
import { date, money } from "@/lib/display";

/** The next amount due and the buttons that pay it or close the loan, with the write's progress. */
export function RepayControls({ loan, next, toClose }: Pick<LoanData, "loan" | "next" | "toClose">) {
  const { addresses } = useDeployment();
  const { state, run, busy } = useWrite();
  const owing = OWING_STATES.includes(loan.state);
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
            {next.amount > 0n ? (
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
          <button className="btn" disabled={busy || toClose === 0n} onClick={() => repay("Repay in full", toClose)}>
            Repay all ({money(toClose)})
          </button>
        </div>
      ) : (
        <p className="muted">Nothing more is owed on this loan.</p>
      )}
      <TxStatus state={state} />
    </>
  );
}
