"use client";
import Link from "next/link";
import { BusinessScale, nameOf } from "@lib/enums";
import { useRecommendations } from "@/hooks/useRecommendations";
import { usePaging } from "@/hooks/useIndex";
import { Pager } from "@/components/Pager";
import { useRole } from "@/hooks/useRole";
import { useNames } from "@/hooks/useNames";
import { Notice } from "@/components/Notice";
import { money, percent, days } from "@/lib/display";

export default function Recommended() {
  const role = useRole();
  // Ranked by the app server across every listed loan, with the saved preferences; a page at a time.
  const paging = usePaging(25);
  const recommended = useRecommendations(paging);
  const names = useNames();
  const suitability = role.kind === "ready" ? role.participant.suitability : 0;
  const matches = recommended.data;
  const rejected = recommended.page?.rejected ?? 0;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Recommended for you</h1>
          <p>
            Listed loans that fit your suitability level ({suitability || "not assessed"}) and your preferences, safest and best-paying first.
          </p>
        </div>
        <Link className="btn" href="/investor/preferences">Edit preferences</Link>
      </div>
      {suitability === 0 ? <Notice tone="warn" title="Not assessed yet">The operator has not set your suitability level: you cannot fund any loan until it does.</Notice> : null}
      <div className="card">
        {recommended.error ? (
          <p className="empty">{recommended.error.message}</p>
        ) : !matches ? (
          <p className="muted">Matching …</p>
        ) : matches.length === 0 ? (
          <p className="empty">No listed loan matches now.</p>
        ) : (
          <table>
            <thead><tr><th>Rank</th><th>Loan</th><th>Enterprise</th><th className="num">Grade</th><th className="num">Rate</th><th className="num">Term</th><th className="num">Remaining</th><th>Why</th></tr></thead>
            <tbody>
              {matches.map((m) => (
                <tr key={String(m.loan.id)} data-loan={String(m.loan.id)}>
                  <td>{m.rank}</td>
                  <td><Link href={`/investor/loans/${m.loan.id}`}>{m.loan.purpose}</Link></td>
                  <td>{names.label(m.loan.enterprise)} <span className="muted">· {nameOf(BusinessScale, m.loan.scale)}</span></td>
                  <td className="num">{m.loan.riskGrade}</td>
                  <td className="num">{percent(m.loan.rateBps)}</td>
                  <td className="num">{days(m.loan.instalments * m.loan.periodLength)} d</td>
                  <td className="num">{money(m.remaining)}</td>
                  <td className="muted">{m.reasons.filter((r) => /grade|remains|scale|term/.test(r.message)).map((r) => r.message).join("; ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager paging={paging} total={recommended.page?.total} label="matching loans" />
        {rejected > 0 ? (
          <p className="muted">
            {rejected} other listed {rejected === 1 ? "loan does" : "loans do"} not fit your suitability or preferences, or {rejected === 1 ? "is" : "are"} frozen, fully funded or closed to funding.
          </p>
        ) : null}
      </div>
    </>
  );
}
