"use client";
import { isPresentedToInvestors } from "@lib/attestations";
import { keccak256, stringToBytes } from "viem";
import { LoanState } from "@lib/enums";
import { CANCELLABLE_STATES, inStates } from "@lib/lifecycle";
import { useParticipantAddress } from "@/hooks/useAccount";
import { useRepayments } from "@/hooks/useRepayments";
import { useAttestations } from "@/hooks/useAttestations";
import { useWrite } from "@/hooks/useWrite";
import { LoanRoute } from "@/components/LoanRoute";
import { LoanFacts } from "@/components/LoanFacts";
import { LoanStanding, ScheduleTable } from "@/components/ScheduleTable";
import { LoanSupervision } from "@/components/RecordedReasons";
import { DocumentsPanel } from "@/components/DocumentsPanel";
import { RepaymentHistory } from "@/components/RepaymentHistory";
import { AttestationTable } from "@/components/AttestationTable";
import { TxStatus } from "@/components/TxStatus";
import { RepayControls } from "@/components/RepayControls";
import { Notice } from "@/components/Notice";
import { ConfirmAction } from "@/components/ConfirmAction";
import { date, money } from "@/lib/display";
import { useLoans, type LoanData } from "@/hooks/useLoans";

export default function EnterpriseLoanPage() {
  return <LoanRoute>{(data) => <EnterpriseLoan {...data} />}</LoanRoute>;
}

function EnterpriseLoan({ loan, next, toClose }: LoanData) {
  const me = useParticipantAddress();
  const { state, run, busy } = useWrite();
  const repayments = useRepayments([loan.id]);
  const attestations = useAttestations({ loanId: loan.id, enterprise: loan.enterprise });
  const loans = useLoans({ ids: [loan.id] });
  const purpose = loans.data?.find((l) => l.id === loan.id)?.purpose;
  if (loan.enterprise.toLowerCase() !== me.toLowerCase())
    return (
      <Notice tone="warn" title="Not your demand">
        Loan {String(loan.id)} belongs to another enterprise.
      </Notice>
    );

  return (
    <>
      <LoanFacts loan={loan} purpose={purpose} />
      <div className="card">
        <h2>Actions</h2>
        {loan.state === LoanState.Published || loan.state === LoanState.UnderReview ? (
          <p className="muted">
            {loan.state === LoanState.Published
              ? "Waiting for the operator to open the review."
              : "Under review: agencies are investigating; the operator lists the demand once the attestations are in."}
          </p>
        ) : null}
        {loan.state === LoanState.Listed ? <p className="muted">Listed: investors can fund until {date(loan.fundingDeadline)}.</p> : null}
        <div className="row">
          {loan.state === LoanState.Funded ? (
            <button
              className="btn primary"
              disabled={busy || loan.frozen}
              onClick={() =>
                run("Draw funds", ({ write }) => write({ contract: "loanBook", functionName: "disburse", args: [loan.id] }))
              }
            >
              Draw {money(loan.raised)}
            </button>
          ) : null}
          {inStates(CANCELLABLE_STATES, loan.state) ? (
            <ConfirmAction
              label="Cancel demand"
              disabled={busy}
              title={`Cancel demand ${loan.id}?`}
              confirmLabel={`Cancel demand ${loan.id}`}
              onConfirm={() =>
                void run("Cancel demand", ({ write }) =>
                  write({ contract: "loanBook", functionName: "cancel", args: [loan.id, keccak256(stringToBytes("withdrawn by the enterprise"))] }),
                )
              }
            >
              <p>
                Irreversible: the demand for {money(loan.amount)} is withdrawn for good
                {loan.raised > 0n ? <>, and its investors take back the {money(loan.raised)} they put in escrow</> : null}. To borrow again, publish a new demand.
              </p>
            </ConfirmAction>
          ) : null}
        </div>
        <RepayControls loan={loan} next={next} toClose={toClose} />
        {loan.frozen ? <p className="muted">The regulator has frozen this loan: no funding and no payout; repayments are still accepted.</p> : null}
        <TxStatus state={state} />
      </div>
      <div className="card">
        <h2>Repayment schedule</h2>
        <LoanStanding loan={loan} />
        <ScheduleTable loan={loan} />
      </div>
      <LoanSupervision loanId={loan.id} />
      <div className="grid2">
        <div className="card">
          <h2>Repayments</h2>
          <RepaymentHistory rows={repayments.data} />
        </div>
        <div className="card">
          <h2>Attestations</h2>
          <AttestationTable rows={attestations.data?.filter(isPresentedToInvestors)} />
        </div>
      </div>
      <DocumentsPanel loanId={loan.id} />
    </>
  );
}
