"use client";
import Link from "next/link";
import { LoanState, Role, Status, nameOf } from "@lib/enums";
import { OWING_STATES, TROUBLED_STATES, inStates } from "@lib/lifecycle";
import { useSummary } from "@/hooks/usePortfolio";
import { useDisclosures } from "@/hooks/useDisclosures";
import { usePlatform } from "@/hooks/usePlatform";
import { useNames } from "@/hooks/useNames";
import { useCommittee } from "@/hooks/useCommittee";
import { OPEN_PROPOSAL_STATES } from "@lib/governance";
import { BarChart, LineChart } from "@/components/Charts";
import { Notice } from "@/components/Notice";
import { IndexCharts } from "@/components/IndexCharts";
import { money, percent, period } from "@/lib/display";

const STATE_TONE: Record<string, string> = { Active: "green", Repaid: "green", Late: "amber", Defaulted: "red", Compensated: "red", Listed: "teal", Funded: "teal", Cancelled: "grey", Failed: "grey" };
const LABEL: Record<string, string> = { UnderReview: "Review", Compensated: "Comp.", Defaulted: "Default", Cancelled: "Cancel." };

export default function RegulatorDashboard() {
  // Totals from the index (every loan and participant summed on the server) and the latest disclosures.
  const summary = useSummary();
  const disclosures = useDisclosures(undefined, { sort: "block", order: "desc", limit: 100 });
  const platform = usePlatform();
  const names = useNames();
  const committee = useCommittee();
  const openProposals = (committee.data?.proposals ?? []).filter((p) => OPEN_PROPOSAL_STATES.includes(p.state));
  const totals = summary.data?.loans ?? [];
  const people = summary.data?.participants ?? [];
  const states = Object.entries(LoanState).filter(([, v]) => v !== LoanState.None);
  const ofState = (state: number) => totals.find((t) => t.state === state);
  const loanCount = totals.reduce((s, t) => s + t.loans, 0);
  const principalOut = totals.filter((t) => inStates(OWING_STATES, t.state)).reduce((s, t) => s + BigInt(t.outstanding), 0n);
  const escrow = totals.reduce((s, t) => s + BigInt(t.escrow), 0n);
  // Loans in trouble, and frozen loans in any other state.
  const troubled = totals.reduce((s, t) => s + (inStates(TROUBLED_STATES, t.state) ? t.loans : t.frozen), 0);
  const peopleWith = (f: (p: { role: number; status: number }) => boolean) => people.filter(f).reduce((s, p) => s + p.count, 0);
  const byEnterprise = new Map<string, { x: string; y: number }[]>();
  for (const d of [...(disclosures.data ?? [])].sort((a, b) => a.period - b.period)) {
    const key = names.label(d.enterprise);
    byEnterprise.set(key, [...(byEnterprise.get(key) ?? []), { x: period(d.period), y: Number(d.revenue / 1_000_000n) }]);
  }
  const head = (
    <div className="page-head">
      <div>
        <h1>Supervision dashboard</h1>
        <p>The whole platform read from the ledger: loans by state, money in escrow and outstanding, participants and disclosures.</p>
      </div>
    </div>
  );
  // Zeros while the ledger loads would read as facts: say what is happening instead.
  if (summary.isError) {
    return (
      <>
        {head}
        <Notice tone="error" title="The ledger could not be read">{summary.error?.message}</Notice>
      </>
    );
  }
  if (summary.isPending) {
    return (
      <>
        {head}
        <div className="card page-loading">Reading loans and participants from the ledger …</div>
      </>
    );
  }
  return (
    <>
      {head}
      {platform.data?.paused ? <Notice tone="error" title="The platform is paused">Every operation except repayment is stopped; resuming it is a proposal to the committee.</Notice> : null}
      {openProposals.length > 0 ? (
        <Notice title={`${openProposals.length} committee proposal${openProposals.length === 1 ? "" : "s"} open`}>
          {openProposals.map((p) => `${p.id} (${p.state.toLowerCase()}): ${p.sentence}`).join("; ")}. <Link href="/regulator/committee">Open the committee</Link>
        </Notice>
      ) : null}
      <div className="stats">
        <div className="stat"><span>Loans</span><b>{loanCount}</b></div>
        <div className="stat"><span>Principal outstanding</span><b>{money(principalOut)}</b></div>
        <div className="stat"><span>Held in escrow</span><b>{money(escrow)}</b></div>
        <div className="stat"><span>Late, defaulted or frozen</span><b>{troubled}</b></div>
      </div>
      <div className="grid2">
        <div className="card">
          <BarChart title="Loans by state" bars={states.map(([name, v]) => ({ label: LABEL[name] ?? name, value: ofState(v)?.loans ?? 0, tone: STATE_TONE[name] }))} />
        </div>
        <div className="card">
          <BarChart
            title="Amount by state (thousand sDEP)"
            bars={states.filter(([, v]) => ofState(v)).map(([name, v]) => ({ label: LABEL[name] ?? name, value: Number(BigInt(ofState(v)!.principalOrAmount) / 1_000_000_000n), tone: STATE_TONE[name] }))}
          />
        </div>
        <div className="card">
          <BarChart
            title="Participants by role"
            bars={[Role.Operator, Role.Custodian, Role.Agency, Role.Enterprise, Role.Investor].map((r) => ({ label: nameOf(Role, r), value: peopleWith((p) => p.role === r), tone: "teal" }))}
          />
          <p className="muted">
            {peopleWith((p) => p.status === Status.Suspended)} suspended, {peopleWith((p) => p.status === Status.Revoked)} revoked.
          </p>
        </div>
        <div className="card">
          <LineChart title="Disclosed monthly revenue by enterprise (sDEP)" series={[...byEnterprise.entries()].map(([name, points]) => ({ name, points }))} format={(v) => `${Math.round(v / 1000)}k`} />
        </div>
      </div>
      {platform.data ? (
        <div className="card">
          <h2>Policy in force</h2>
          <dl className="facts">
            <dt>Loan prime rate / rate cap</dt><dd>{percent(platform.data.policy.lprBps)} / {percent(platform.data.policy.rateCapBps)}</dd>
            <dt>Platform fee cap</dt><dd>{percent(platform.data.policy.feeCapBps)}</dd>
            <dt>Enterprise cap</dt><dd>{money(platform.data.policy.enterpriseCap)}</dd>
          </dl>
        </div>
      ) : null}
      <IndexCharts />
    </>
  );
}
