"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { LoanState } from "@lib/enums";
import { useContracts } from "@/hooks/useContracts";
import { useParticipantAddress } from "@/hooks/useAccount";
import { usePaging } from "@/hooks/useIndex";
import { usePortfolio, type Position } from "@/hooks/usePortfolio";
import { useWrite } from "@/hooks/useWrite";
import { Pager } from "@/components/Pager";
import { StateBadge } from "@/components/StateBadge";
import { TxStatus } from "@/components/TxStatus";
import { BarChart } from "@/components/Charts";
import { money } from "@/lib/display";

function PositionRow({ p }: { p: Position }) {
  const { state, run, busy } = useWrite();
  return (
    <tr data-loan={String(p.loan.id)}>
      <td><Link href={`/investor/loans/${p.loan.id}`}>{p.loan.purpose}</Link></td>
      <td><StateBadge state={p.loan.state} frozen={p.loan.frozen} /></td>
      <td className="num">{money(p.contributed)}</td>
      <td className="num">{money(p.claimed)}</td>
      <td className="num">{money(p.claimable)}</td>
      <td>
        {p.claimable > 0n ? <button className="btn small primary" disabled={busy} onClick={() => run("Claim", ({ write }) => write({ contract: "loanBook", functionName: "claim", args: [p.loan.id] }))}>Claim {money(p.claimable)}</button> : null}
        {p.refundDue > 0n ? <button className="btn small" disabled={busy} onClick={() => run("Refund", ({ write }) => write({ contract: "loanBook", functionName: "refund", args: [p.loan.id] }))}>Take refund of {money(p.refundDue)}</button> : null}
        <TxStatus state={state} compact />
      </td>
    </tr>
  );
}

export default function Portfolio() {
  const me = useParticipantAddress();
  const contracts = useContracts();
  // The investor's positions from the index, a page at a time; the wallet balance is read live.
  const paging = usePaging(50);
  const positions = usePortfolio({}, paging);
  const balance = useQuery({
    queryKey: ["balance", me],
    enabled: !!contracts,
    queryFn: () => contracts!.token.read.balanceOf([me]),
  });
  const rows = positions.data ?? [];
  const sum = (f: (p: Position) => bigint) => rows.reduce((s, p) => s + f(p), 0n);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Portfolio</h1>
          <p>Your positions, what each loan has paid you, and what you can claim now.</p>
        </div>
      </div>
      <div className="stats">
        <div className="stat"><span>Wallet balance</span><b>{balance.data !== undefined ? money(balance.data) : "…"}</b></div>
        <div className="stat"><span>Invested</span><b>{money(sum((p) => p.contributed))}</b></div>
        <div className="stat"><span>Received</span><b>{money(sum((p) => p.claimed))}</b></div>
        <div className="stat"><span>Claimable now</span><b data-testid="claimable-total">{money(sum((p) => p.claimable + p.refundDue))}</b></div>
      </div>
      <div className="card">
        {rows.length === 0 ? (
          <p className="empty">{positions.isPending ? "Loading …" : positions.isError ? positions.error.message : "No positions yet."}</p>
        ) : (
          <table>
            <thead><tr><th>Loan</th><th>State</th><th className="num">Invested</th><th className="num">Received</th><th className="num">Claimable</th><th /></tr></thead>
            <tbody>{rows.map((p) => <PositionRow key={String(p.loan.id)} p={p} />)}</tbody>
          </table>
        )}
        <Pager paging={paging} total={positions.page?.total} label="positions" />
      </div>
      <div className="grid2">
        <div className="card">
          <BarChart title="Invested by loan (sDEP)" bars={rows.map((p) => ({ label: `#${p.loan.id}`, value: Number(p.contributed / 1_000_000n), tone: p.loan.state === LoanState.Defaulted || p.loan.state === LoanState.Compensated ? "red" : p.loan.state === LoanState.Late ? "amber" : "teal" }))} format={(v) => `${Math.round(v / 1000)}k`} />
        </div>
        <div className="card">
          <BarChart title="Received by loan (sDEP)" bars={rows.map((p) => ({ label: `#${p.loan.id}`, value: Number(p.claimed / 1_000_000n), tone: "green" }))} format={(v) => (v >= 1000 ? `${(v / 1000).toFixed(1)}k` : String(Math.round(v)))} />
        </div>
      </div>
    </>
  );
}
