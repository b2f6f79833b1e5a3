"use client";
import { useState } from "react";
import { Role } from "@lib/enums";
import { usePaging } from "@/hooks/useIndex";
import { Pager } from "@/components/Pager";
import { useParticipants, type ParticipantRow } from "@/hooks/useParticipants";
import { useNames } from "@/hooks/useNames";
import { useWrite } from "@/hooks/useWrite";
import { TxStatus } from "@/components/TxStatus";

const LEVELS = ["", "1 · capital preservation", "2 · conservative", "3 · balanced", "4 · growth", "5 · high risk tolerance"];

function SuitabilityRow({ investor }: { investor: ParticipantRow }) {
  const names = useNames();
  const { state, run, busy } = useWrite();
  const [level, setLevel] = useState(investor.suitability || 1);
  return (
    <tr data-investor={investor.address}>
      <td>{names.label(investor.address)}</td>
      <td className="mono">{investor.address}</td>
      <td>{investor.active ? <span className="badge badge-green">Active</span> : <span className="badge badge-grey">Inactive</span>}</td>
      <td>{investor.suitability ? LEVELS[investor.suitability] : "not assessed"}</td>
      <td>
        <div className="row">
          <select aria-label="suitability level" value={level} onChange={(e) => setLevel(Number(e.target.value))}>
            {[1, 2, 3, 4, 5].map((l) => <option key={l} value={l}>{LEVELS[l]}</option>)}
          </select>
          <button className="btn small" disabled={busy || level === investor.suitability} onClick={() => run("Set suitability", ({ write }) => write({ contract: "registry", functionName: "setSuitability", args: [investor.address, level] }))}>
            Save
          </button>
        </div>
        <TxStatus state={state} compact />
      </td>
    </tr>
  );
}

export default function Investors() {
  const paging = usePaging(50);
  const participants = useParticipants({ roles: [Role.Investor] }, paging);
  const investors = participants.data ?? [];
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Investor suitability</h1>
          <p>An investor may fund a loan only when its suitability level is at least the loan&apos;s risk grade.</p>
        </div>
      </div>
      <div className="card">
        <table>
          <thead><tr><th>Investor</th><th>Address</th><th>Status</th><th>Level</th><th>Assess</th></tr></thead>
          <tbody>{investors.map((i) => <SuitabilityRow key={i.address} investor={i} />)}</tbody>
        </table>
        <Pager paging={paging} total={participants.page?.total} label="investors" />
      </div>
    </>
  );
}
