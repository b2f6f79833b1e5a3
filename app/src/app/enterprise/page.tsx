"use client";
import Link from "next/link";
import { CANCELLABLE_STATES, OWING_STATES, inStates } from "@lib/lifecycle";
import { useLoans } from "@/hooks/useLoans";
import { useParticipantAddress } from "@/hooks/useAccount";
import { LoanTable } from "@/components/LoanTable";
import { money } from "@/lib/display";
import { Skeleton } from "@/components/Skeleton";

export default function EnterpriseHome() {
  const me = useParticipantAddress();
  const loans = useLoans();
  const mine = (loans.data ?? []).filter((l) => l.enterprise.toLowerCase() === me.toLowerCase()).reverse();
  const outstanding = mine.filter((l) => inStates(OWING_STATES, l.state));
  const raising = mine.filter((l) => inStates(CANCELLABLE_STATES, l.state));
  return (
    <>
      <div className="page-head">
        <div>
          <h1>My demands and loans</h1>
          <p>Follow each demand through review and funding, draw the funds, and repay on schedule.</p>
        </div>
        <Link className="btn primary" href="/enterprise/publish">
          Publish a demand
        </Link>
      </div>
      <div className="stats">
        <div className="stat"><span>Demands</span><b>{mine.length}</b></div>
        <div className="stat"><span>Raising now</span><b>{raising.length}</b></div>
        <div className="stat"><span>Loans outstanding</span><b>{outstanding.length}</b></div>
        <div className="stat"><span>Principal outstanding</span><b>{money(outstanding.reduce((s, l) => s + l.accounts.principal, 0n))}</b></div>
      </div>
      <div className="card">
        {loans.isPending ? <Skeleton label="Reading your demands" /> : <LoanTable loans={mine} href={(l) => `/enterprise/loans/${l.id}`} showEnterprise={false} empty="You have not published a demand yet." />}
      </div>
    </>
  );
}
