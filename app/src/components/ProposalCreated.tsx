"use client";
import Link from "next/link";
import type { CreatedProposal } from "@/hooks/usePropose";

/** Says which proposal a committee-only action became and what it waits for, with the way to the committee. */
export function ProposalCreated({ created, compact = false }: { created: CreatedProposal | undefined; compact?: boolean }) {
  if (!created) return null;
  const text = `Proposal ${created.id} created; needs ${created.threshold} approval${created.threshold === 1 ? "" : "s"}`;
  return (
    <div className={compact ? "muted" : "notice notice-ok"} role="status" data-testid="proposal-created" data-proposal={created.id.toString()}>
      {compact ? text : <strong>{text}</strong>}
      {created.queued ? " (reached with yours)" : " (yours counts as the first)"}.{" "}
      <Link href={`/regulator/committee#proposal-${created.id}`}>Open the committee</Link>
    </div>
  );
}
