"use client";
import Link from "next/link";
import { matchLoans } from "@lib/matching";
import { BusinessScale, LoanState, nameOf } from "@lib/enums";
import { useLoans } from "@/hooks/useLoans";
import { usePaging } from "@/hooks/useIndex";
import { Pager } from "@/components/Pager";
import { useChainTime } from "@/hooks/useChainTime";
import { useRole } from "@/hooks/useRole";
import { usePreferences, toMatching } from "@/hooks/usePreferences";
import { useNames } from "@/hooks/useNames";
import { Notice } from "@/components/Notice";
import { money, percent, days } from "@/lib/display";

export default function Recommended() {
  const role = useRole();
  const prefs = usePreferences();
  // Listed loans from the index, a page at a time; the matching ranks the page.
  const paging = usePaging(100);
  const loans = useLoans({ states: [LoanState.Listed] }, paging);
  const now = useChainTime();
  const names = useNames();
  const suitability = role.kind === "ready" ? role.participant.suitability : 0;
  const ready = loans.data && now.data !== undefined && prefs.data;
  const result = ready ? matchLoans(loans.data!, { suitability, preferences: toMatching(prefs.data ?? {}) }, now.data!) : undefined;
  const listedRejected = result?.rejected.filter((r) => r.reasons.every((x) => x.code !== "NotListed")) ?? [];
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
        {!result ? (
          <p className="muted">Matching …</p>
        ) : result.matches.length === 0 ? (
          <p className="empty">No listed loan matches now.</p>
        ) : (
          <table>
            <thead><tr><th>Rank</th><th>Loan</th><th>Enterprise</th><th className="num">Grade</th><th className="num">Rate</th><th className="num">Term</th><th className="num">Remaining</th><th>Why</th></tr></thead>
            <tbody>
              {result.matches.map((m) => {
                const loan = loans.data!.find((l) => l.id === m.loan.id)!;
                return (
                  <tr key={String(m.loan.id)} data-loan={String(m.loan.id)}>
                    <td>{m.rank}</td>
                    <td><Link href={`/investor/loans/${m.loan.id}`}>{loan.purpose}</Link></td>
                    <td>{names.label(loan.enterprise)} <span className="muted">· {nameOf(BusinessScale, loan.scale)}</span></td>
                    <td className="num">{m.loan.riskGrade}</td>
                    <td className="num">{percent(m.loan.rateBps)}</td>
                    <td className="num">{days(m.loan.instalments * m.loan.periodLength)} d</td>
                    <td className="num">{money(m.remaining)}</td>
                    <td className="muted">{m.reasons.filter((r) => /grade|remains|scale|term/.test(r.message)).map((r) => r.message).join("; ")}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <Pager paging={paging} total={loans.page?.total} label="listed loans" />
      </div>
      {listedRejected.length > 0 ? (
        <div className="card">
          <h2>Listed, but not for you</h2>
          <table>
            <thead><tr><th>Loan</th><th>Why not</th></tr></thead>
            <tbody>
              {listedRejected.map((r) => (
                <tr key={String(r.loan.id)}>
                  <td><Link href={`/investor/loans/${r.loan.id}`}>{loans.data!.find((l) => l.id === r.loan.id)?.purpose}</Link></td>
                  <td className="muted">{r.reasons.map((x) => x.message).join("; ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
