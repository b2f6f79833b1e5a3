"use client";
import { Role, Status, nameOf } from "@lib/enums";
import { formatDuration, shortAddress } from "@lib/format";
import { OPEN_PROPOSAL_STATES, describePolicyChanges, proposedPolicy, type PolicyValues } from "@lib/governance";
import { useCommittee, useCommitteeMembers, useEligibility, type ProposalRow } from "@/hooks/useCommittee";
import { useChainTime } from "@/hooks/useChainTime";
import { useNames } from "@/hooks/useNames";
import { usePlatform } from "@/hooks/usePlatform";
import { useRole } from "@/hooks/useRole";
import { Notice } from "@/components/Notice";
import { ProposalActions } from "@/components/ProposalActions";
import { date, dateTime, span } from "@/lib/display";
import { Skeleton } from "@/components/Skeleton";
import { TableBox } from "@/components/TableBox";

const STATE_TONE: Record<string, string> = { Pending: "blue", Queued: "amber", Ready: "teal", Executed: "green", Cancelled: "grey", Expired: "grey" };

function StateBadge({ state }: { state: string }) {
  return <span className={`badge badge-${STATE_TONE[state] ?? "grey"}`} data-testid="proposal-state">{state}</span>;
}

/** How long is left, and for what: to approve (Pending), until the notice ends (Queued), to execute (Ready). */
function timeLeft(p: ProposalRow, now: number): string {
  if (p.state === "Pending") return `${span(p.deadline - now)} left to approve (expires ${dateTime(p.deadline)})`;
  if (p.state === "Queued") return `notice ends in ${span(p.eta - now)}: takes effect once executed from ${dateTime(p.eta)}; executable until ${dateTime(p.deadline)}`;
  if (p.state === "Ready") return `${span(p.deadline - now)} left to execute (until ${dateTime(p.deadline)})`;
  return "";
}

/** For a policy change: the fields it changes, from the policy in force to the proposed one. */
function PolicyDiff({ p, current }: { p: ProposalRow; current: PolicyValues | undefined }) {
  const next = proposedPolicy(p.call);
  if (!next || !current) return null;
  const changes = describePolicyChanges(current, next);
  if (changes.length === 0) return <div className="muted">The same as the policy in force.</div>;
  return (
    <ul className="policy-changes">
      {changes.map((c) => <li key={c.field}>{c.label}: {c.before} → <b>{c.after}</b></li>)}
    </ul>
  );
}

export default function Committee() {
  const role = useRole();
  const committee = useCommittee();
  const { members } = useCommitteeMembers();
  const now = useChainTime().data ?? Math.floor(Date.now() / 1000);
  const names = useNames();
  const policy = usePlatform().data?.policy;
  const account = role.kind === "ready" ? role.address : undefined;
  const proposals = committee.data?.proposals ?? [];
  const open = proposals.filter((p) => OPEN_PROPOSAL_STATES.includes(p.state));
  const history = proposals.filter((p) => !OPEN_PROPOSAL_STATES.includes(p.state));
  const eligibility = useEligibility(account, open);
  const threshold = committee.data?.threshold ?? 0;
  const inOffice = members.filter((m) => m.inOffice).length;
  const who = (addresses: readonly string[]) => addresses.map((a) => names.label(a)).join(", ") || "nobody yet";

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Supervisory committee</h1>
          <p>
            Policy changes, unpausing, unfreezing, revocations, reinstatements and the committee&apos;s own membership take a proposal that {threshold || "M"} members approve.
            Policy changes and upgrades then wait the notice period, during which any member may cancel them. Pausing, freezing and suspending other participants stay with each member alone.
          </p>
        </div>
      </div>
      {committee.isError ? <Notice tone="error" title="The committee could not be read">{committee.error.message}</Notice> : null}
      <div className="stats">
        <div className="stat"><span>Approvals needed (M)</span><b data-testid="threshold">{committee.data ? `${threshold} of ${members.length}` : "…"}</b></div>
        <div className="stat"><span>Notice period</span><b data-testid="notice-period">{committee.data ? formatDuration(committee.data.noticePeriod) : "…"}</b></div>
        <div className="stat"><span>Members in office</span><b>{inOffice}</b></div>
        <div className="stat"><span>Open proposals</span><b>{open.length}</b></div>
      </div>

      <div className="card">
        <h2>Members</h2>
        <TableBox label="Committee members"><table>
          <thead><tr><th>Member</th><th>Status</th><th>Admitted until</th><th /></tr></thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.address} data-member={m.address}>
                <td>{names.label(m.address)}<div className="mono muted" title={m.address}>{shortAddress(m.address)}</div></td>
                <td>{m.status === Status.Active && !m.active ? <span className="badge badge-amber">Lapsed</span> : <span className={`badge badge-${m.status === Status.Active ? "green" : m.status === Status.Suspended ? "amber" : "red"}`}>{nameOf(Status, m.status)}</span>}</td>
                <td>{date(m.expiresAt)}</td>
                <td className="muted">{m.address.toLowerCase() === account?.toLowerCase() ? "you" : ""}</td>
              </tr>
            ))}
          </tbody>
        </table></TableBox>
        <p className="muted">Members are the registry&apos;s {nameOf(Role, Role.Regulator).toLowerCase()}s; admitting, renewing, suspending or revoking one is itself a proposal (Admissions page).</p>
      </div>

      <div className="card">
        <h2>Open proposals</h2>
        {committee.isPending ? <Skeleton label="Reading the committee" /> : open.length === 0 ? <p className="muted">No proposal is waiting for approval or execution.</p> : null}
        {open.map((p) => (
          <div key={p.id.toString()} id={`proposal-${p.id}`} className="proposal" data-proposal={p.id.toString()}>
            <div className="row">
              <b>Proposal {p.id.toString()}</b> <StateBadge state={p.state} />
              <span className="muted">by {names.label(p.proposer)} on {date(p.createdAt)}</span>
            </div>
            <div className="proposal-sentence">To {p.sentence}.</div>
            <PolicyDiff p={p} current={policy} />
            {p.description && p.description !== p.sentence ? <div className="muted">“{p.description}”</div> : null}
            <div data-testid="approvals">Approvals: {p.approvers.length} of {threshold} ({who(p.approvers)})</div>
            <div className="muted" data-testid="time-left">{timeLeft(p, now)}</div>
            {account ? <ProposalActions proposal={p} account={account} eligible={eligibility.data?.[p.id.toString()]} threshold={threshold} members={members} /> : null}
          </div>
        ))}
      </div>

      <div className="card">
        <h2>History</h2>
        {history.length === 0 ? <p className="muted">No proposal has been executed, cancelled or left to expire yet.</p> : (
          <TableBox label="Proposals closed"><table>
            <thead><tr><th>#</th><th>State</th><th>What</th><th>Proposed</th><th>Approved by</th></tr></thead>
            <tbody>
              {history.map((p) => (
                <tr key={p.id.toString()} data-proposal={p.id.toString()}>
                  <td>{p.id.toString()}</td>
                  <td><StateBadge state={p.state} /></td>
                  <td>{p.sentence}{p.description && p.description !== p.sentence ? <div className="muted">“{p.description}”</div> : null}</td>
                  <td>{date(p.createdAt)} by {names.label(p.proposer)}</td>
                  <td>{who(p.approvers)}</td>
                </tr>
              ))}
            </tbody>
          </table></TableBox>
        )}
      </div>
    </>
  );
}
