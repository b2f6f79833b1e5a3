"use client";
import { describePolicyChanges, proposedPolicy } from "@lib/governance";
import { useCommittee } from "@/hooks/useCommittee";
import { usePlatform } from "@/hooks/usePlatform";
import { dateTime } from "@/lib/display";

/**
 * Policy changes the committee approved and whose notice runs (or ran), shown to every participant above every
 * page: what changes, field by field, and from when. A change takes effect when a member executes it, from its
 * effective date on; until then the policy in force applies.
 */
export function PendingPolicyChanges() {
  const committee = useCommittee();
  const policy = usePlatform().data?.policy;
  const coming = (committee.data?.proposals ?? []).filter((p) => (p.state === "Queued" || p.state === "Ready") && proposedPolicy(p.call));
  if (!policy || coming.length === 0) return null;
  return (
    <div className="notice notice-warn pending-policy" role="status" data-testid="pending-policy">
      <strong>{coming.length === 1 ? "A policy change is coming" : `${coming.length} policy changes are coming`}</strong>
      {[...coming].reverse().map((p) => {
        const changes = describePolicyChanges(policy, proposedPolicy(p.call)!);
        return (
          <div key={p.id.toString()} className="notice-body" data-proposal={p.id.toString()}>
            {p.state === "Queued" ? (
              <>Effective from <b data-testid="effective-date">{dateTime(p.eta)}</b> (proposal {p.id.toString()}, approved by the supervisory committee; any member may still cancel it until then):</>
            ) : (
              <>Notice ended <b data-testid="effective-date">{dateTime(p.eta)}</b>; takes effect when a committee member executes proposal {p.id.toString()}:</>
            )}
            {changes.length === 0 ? <span> the same values as the policy in force.</span> : (
              <ul className="policy-changes">
                {changes.map((c) => <li key={c.field}>{c.label}: {c.before} → <b>{c.after}</b></li>)}
              </ul>
            )}
          </div>
        );
      })}
    </div>
  );
}
