"use client";
import Link from "next/link";
import { LoanState } from "@lib/enums";
import { REPAYING_STATES } from "@lib/lifecycle";
import { useLoans, type LoanWithPurpose } from "@/hooks/useLoans";
import { useNames } from "@/hooks/useNames";
import { usePaging } from "@/hooks/useIndex";
import { StateBadge } from "@/components/StateBadge";
import { LoanTable } from "@/components/LoanTable";
import { Pager } from "@/components/Pager";
import { money, percent } from "@/lib/display";

const COLUMNS: { title: string; states: readonly LoanState[] }[] = [
  { title: "Published", states: [LoanState.Published] },
  { title: "Under review", states: [LoanState.UnderReview] },
  { title: "Listed", states: [LoanState.Listed] },
  { title: "Funded", states: [LoanState.Funded] },
  { title: "Repaying", states: REPAYING_STATES },
];
const CLOSED: number[] = [LoanState.Defaulted, LoanState.Compensated, LoanState.Repaid, LoanState.Cancelled, LoanState.Failed];

function Tile({ loan }: { loan: LoanWithPurpose }) {
  const names = useNames();
  const share = loan.amount > 0n ? Number((loan.raised * 100n) / loan.amount) : 0;
  return (
    <Link href={`/operator/loans/${loan.id}`} className="tile" data-loan={String(loan.id)}>
      <div className="tile-title">
        #{String(loan.id)} {loan.purpose}
      </div>
      <div className="tile-meta">{names.label(loan.enterprise)}</div>
      <div className="tile-meta row">
        {money(loan.amount)} · {percent(loan.rateBps)} {loan.state === LoanState.Late || loan.frozen ? <StateBadge state={loan.state} frozen={loan.frozen} /> : null}
      </div>
      {loan.state === LoanState.Listed ? (
        <div className="progress">
          <i style={{ width: `${share}%` }} />
        </div>
      ) : null}
    </Link>
  );
}

/** One stage of the board: its loans a page at a time, newest first, and how many there are. */
function Column({ title, states }: { title: string; states: readonly LoanState[] }) {
  const paging = usePaging(20);
  const loans = useLoans({ states }, paging);
  const items = loans.data ?? [];
  return (
    <section className="column" data-column={title}>
      <h3>
        {title} <span>{loans.page?.total ?? items.length}</span>
      </h3>
      {items.map((l) => (
        <Tile key={String(l.id)} loan={l} />
      ))}
      <Pager paging={paging} total={loans.page?.total} label="loans" />
    </section>
  );
}

export default function Pipeline() {
  const paging = usePaging(25);
  const closed = useLoans({ states: CLOSED as LoanState[] }, paging);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Pipeline</h1>
          <p>Every demand by stage: open reviews, request agency services, list with the attestations, follow repayment.</p>
        </div>
      </div>
      <div className="board">
        {COLUMNS.map((c) => (
          <Column key={c.title} title={c.title} states={c.states} />
        ))}
      </div>
      <div className="card" style={{ marginTop: 16 }}>
        <h2>Closed and in default</h2>
        <LoanTable loans={closed.data ?? []} href={(l) => `/operator/loans/${l.id}`} />
        <Pager paging={paging} total={closed.page?.total} label="loans" />
      </div>
    </>
  );
}
