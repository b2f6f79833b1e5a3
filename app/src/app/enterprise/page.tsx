"use client";
import Link from "next/link";
import type { LoanState } from "@lib/enums";
import { CANCELLABLE_STATES, OWING_STATES, inStates } from "@lib/lifecycle";
import { useLoans } from "@/hooks/useLoans";
import { useParticipantAddress } from "@/hooks/useAccount";
import { LoanTable } from "@/components/LoanTable";
import { Pager } from "@/components/Pager";
import { usePaging } from "@/hooks/useIndex";
import { useSummary } from "@/hooks/usePortfolio";
import { money } from "@/lib/display";

export default function EnterpriseHome() {
  const me = useParticipantAddress();
  const paging = usePaging(50);
  const loans = useLoans({ enterprise: me }, paging);
  const mine = loans.data ?? [];
  // The figures cover every demand of the enterprise (the index's totals by state), the table a page of them.
  const totals = useSummary().data?.loans ?? [];
  const count = (states: readonly LoanState[]) => totals.filter((t) => inStates(states, t.state)).reduce((s, t) => s + t.loans, 0);
  const outstanding = totals.filter((t) => inStates(OWING_STATES, t.state));
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
        <div className="stat"><span>Demands</span><b>{loans.page?.total ?? mine.length}</b></div>
        <div className="stat"><span>Raising now</span><b>{count(CANCELLABLE_STATES)}</b></div>
        <div className="stat"><span>Loans outstanding</span><b>{count(OWING_STATES)}</b></div>
        <div className="stat"><span>Principal outstanding</span><b>{money(outstanding.reduce((s, t) => s + BigInt(t.principal), 0n))}</b></div>
      </div>
      <div className="card">
        {loans.isPending ? <p className="muted">Loading …</p> : <LoanTable loans={mine} href={(l) => `/enterprise/loans/${l.id}`} showEnterprise={false} empty="You have not published a demand yet." />}
        <Pager paging={paging} total={loans.page?.total} label="demands" />
      </div>
    </>
  );
}
