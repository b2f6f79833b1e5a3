"use client";
import { isPresentedToInvestors } from "@lib/attestations";
import { useAttestations } from "@/hooks/useAttestations";
import { useLoans, type LoanData } from "@/hooks/useLoans";
import { LoanRoute } from "@/components/LoanRoute";
import { LoanFacts } from "@/components/LoanFacts";
import { LoanStanding, ScheduleTable } from "@/components/ScheduleTable";
import { LoanSupervision } from "@/components/RecordedReasons";
import { AttestationTable } from "@/components/AttestationTable";

export default function RegulatorLoanPage() {
  return <LoanRoute>{(data) => <RegulatorLoan {...data} />}</LoanRoute>;
}

/** One loan as the supervisor reads it: terms, where it stands on its schedule, its freezes and notices in words. */
function RegulatorLoan({ loan }: LoanData) {
  const loans = useLoans();
  const attestations = useAttestations({ loanId: loan.id, enterprise: loan.enterprise });
  const purpose = loans.data?.find((l) => l.id === loan.id)?.purpose;
  return (
    <>
      <LoanFacts loan={loan} purpose={purpose} />
      <div className="card">
        <h2>Repayment schedule</h2>
        <LoanStanding loan={loan} />
        <ScheduleTable loan={loan} />
      </div>
      <LoanSupervision loanId={loan.id} />
      <div className="card">
        <h2>Attestations</h2>
        <AttestationTable rows={(attestations.data ?? []).filter(isPresentedToInvestors)} />
      </div>
    </>
  );
}
