"use client";
import type { Address } from "viem";
import { Status } from "@lib/enums";
import type { CommitteeMember, ProposalRow } from "@/hooks/useCommittee";
import { useWrite } from "@/hooks/useWrite";
import { dateTime } from "@/lib/display";
import { TxStatus } from "./TxStatus";

/**
 * Approve, Cancel (or Withdraw) and Execute for one open proposal, each shown only when the connected member may
 * use it, with the reason in words when it may not, so nobody sends a transaction the committee would refuse.
 */
export function ProposalActions({ proposal: p, account, eligible, threshold, members }: {
  proposal: ProposalRow;
  account: Address;
  eligible: boolean | undefined;
  threshold: number;
  members: CommitteeMember[];
}) {
  const { state, run, busy } = useWrite();
  const me = account.toLowerCase();
  const approved = p.approvers.some((a) => a.toLowerCase() === me);
  const proposer = p.proposer.toLowerCase() === me;
  const standing = p.approvers.filter((a) => members.some((m) => m.address.toLowerCase() === a.toLowerCase() && m.status === Status.Active)).length;
  const reasons: string[] = [];
  const act = (label: string, functionName: "approve" | "cancel" | "execute") => () =>
    void run(`${label} proposal ${p.id}`, ({ write }) => write({ contract: "committee", functionName, args: [p.id] }));

  if (eligible === undefined) return <span className="muted">Checking whether you may act …</span>;
  if (!eligible) reasons.push("You are not a committee member in office for this proposal (an active Regulator whose admission has not lapsed), so you can only follow it.");

  const canApprove = eligible && !approved;
  if (eligible && approved) reasons.push("You approved it.");

  // Cancelling: the proposer while pending, any member during the notice; nobody once ready (else a single member
  // could veto a call that needs no notice, its own removal included).
  const canCancel = eligible && (p.state === "Pending" ? proposer : p.state === "Queued");
  if (eligible && p.state === "Pending" && !proposer) reasons.push("While it collects approvals only its proposer may withdraw it; any member may cancel it during its notice period.");
  if (eligible && p.state === "Ready") reasons.push("Its notice is over (or it needed none): it can no longer be cancelled.");

  const canExecute = eligible && p.state === "Ready" && standing >= threshold;
  if (p.state === "Pending") reasons.push(`It needs ${Math.max(0, threshold - p.approvers.length)} more approval${threshold - p.approvers.length === 1 ? "" : "s"} before it can be executed.`);
  if (p.state === "Queued") reasons.push(`It can be executed from ${dateTime(p.eta)}, when the notice period ends.`);
  if (p.state === "Ready" && standing < threshold) reasons.push(`Only ${standing} of its approvals still count (members since suspended or revoked): it needs ${threshold - standing} more before it can be executed.`);

  return (
    <div className="proposal-actions">
      <div className="row">
        {canApprove ? <button className="btn small primary" disabled={busy} onClick={act("Approve", "approve")}>Approve</button> : null}
        {canExecute ? <button className="btn small primary" disabled={busy} onClick={act("Execute", "execute")}>Execute</button> : null}
        {canCancel ? <button className="btn small danger" disabled={busy} onClick={act(p.state === "Pending" ? "Withdraw" : "Cancel", "cancel")}>{p.state === "Pending" ? "Withdraw" : "Cancel"}</button> : null}
      </div>
      {reasons.length > 0 ? <ul className="muted why-not">{reasons.map((r) => <li key={r}>{r}</li>)}</ul> : null}
      <TxStatus state={state} compact />
    </div>
  );
}
