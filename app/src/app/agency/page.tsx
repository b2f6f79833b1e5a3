"use client";
import Link from "next/link";
import { LoanState } from "@lib/enums";
import { useLoans } from "@/hooks/useLoans";
import { useServiceRequests } from "@/hooks/useServiceRequests";
import { useAttestations } from "@/hooks/useAttestations";
import { useParticipantAddress } from "@/hooks/useAccount";
import { useNames } from "@/hooks/useNames";
import { usePaging } from "@/hooks/useIndex";
import { StateBadge } from "@/components/StateBadge";
import { Pager } from "@/components/Pager";
import { kindsText } from "@lib/attestations";
import { money } from "@/lib/display";

export default function AgencyQueue() {
  const me = useParticipantAddress();
  const names = useNames();
  const paging = usePaging(50);
  const requests = useServiceRequests({ agency: me }, { ...paging, order: "desc" });
  const loans = useLoans({ ids: requests.data && [...new Set(requests.data.map((r) => r.loanId))] }, {}, !!requests.data);
  const mine = useAttestations({ attester: me }, true, { order: "desc" });
  const rows = (requests.data ?? []).map((r) => {
    const loan = loans.data?.find((l) => l.id === r.loanId);
    const done = (mine.data ?? []).some((a) => (BigInt(a.subject) === r.loanId || (loan && a.subject.toLowerCase().endsWith(loan.enterprise.slice(2).toLowerCase()))) && (r.kinds & (1 << a.kind)) !== 0);
    return { ...r, loan, done };
  });
  const open = rows.filter((r) => !r.done && r.loan && [LoanState.UnderReview, LoanState.Published].includes(r.loan.state as never));
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Service queue</h1>
          <p>Services the operator requested from {names.label(me)}. Open a request to read the demand&apos;s documents and attest.</p>
        </div>
      </div>
      <div className="stats">
        <div className="stat"><span>Requests</span><b>{requests.page?.total ?? rows.length}</b></div>
        <div className="stat"><span>Awaiting your attestation</span><b>{open.length}</b></div>
        <div className="stat"><span>Attestations made</span><b>{mine.page?.total ?? "…"}</b></div>
        <div className="stat"><span>Still valid</span><b>{mine.data?.filter((a) => a.valid).length ?? "…"}</b></div>
      </div>
      <div className="card">
        {rows.length === 0 ? (
          <p className="empty">{requests.isPending ? "Loading …" : "No services requested from you yet."}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Loan</th>
                <th>Demand</th>
                <th>Enterprise</th>
                <th>Services</th>
                <th>State</th>
                <th className="num">Amount</th>
                <th>Your answer</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.loanId}-${r.blockNumber}`} data-loan={String(r.loanId)}>
                  <td>{String(r.loanId)}</td>
                  <td>
                    <Link href={`/agency/requests/${r.loanId}`}>{r.loan?.purpose ?? `Loan ${r.loanId}`}</Link>
                  </td>
                  <td>{names.label(r.loan?.enterprise)}</td>
                  <td>{kindsText(r.kinds)}</td>
                  <td>{r.loan ? <StateBadge state={r.loan.state} frozen={r.loan.frozen} /> : null}</td>
                  <td className="num">{r.loan ? money(r.loan.amount) : ""}</td>
                  <td>{r.done ? <span className="badge badge-green">Attested</span> : <span className="badge badge-amber">Pending</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager paging={paging} total={requests.page?.total} label="requests" />
      </div>
    </>
  );
}
