"use client";
import { useState } from "react";
import { reasonMatches } from "@lib/reasons";
import { loanSubject } from "@lib/attestations";
import type { RecordedReason } from "@/hooks/useReasons";
import { useNames } from "@/hooks/useNames";

/**
 * A reason or notice in the words recorded on the ledger, with the check anyone can make: the keccak256 of these
 * words, computed here in the browser, against the hash the ledger recorded beside them.
 */
export function ReasonText({ reason }: { reason: RecordedReason }) {
  const [shown, setShown] = useState(false);
  const matches = reasonMatches(reason.text, reason.hash);
  return (
    <div className="reason" data-testid="reason">
      <q data-testid="reason-text">{reason.text}</q>{" "}
      <button type="button" className="btn small" onClick={() => setShown(!shown)} aria-expanded={shown}>
        {shown ? "Hide the check" : "Check against the ledger"}
      </button>
      {shown ? (
        <p className="muted" data-testid="reason-check">
          {matches ? "Matches:" : "Does not match:"} the keccak256 of these words is {matches ? "" : "not "}the hash recorded in transaction{" "}
          <code title={reason.txHash}>{reason.txHash.slice(0, 10)}…</code> (block {String(reason.blockNumber)}): <code>{reason.hash}</code>.
        </p>
      ) : null}
    </div>
  );
}

const HEADINGS: Record<RecordedReason["action"], string> = {
  "loan frozen": "Frozen",
  "participant suspended": "Suspended",
  "participant revoked": "Revoked",
  "attestation revoked": "Attestation revoked",
  "supervision notice": "Supervision notice",
};

/** A list of recorded reasons and notices, each with who acted and its check. */
export function RecordedReasons({ reasons, empty }: { reasons: RecordedReason[]; empty?: string }) {
  const names = useNames();
  if (reasons.length === 0) return empty ? <p className="empty">{empty}</p> : null;
  return (
    <ul className="reasons">
      {reasons.map((r) => (
        <li key={`${r.txHash}-${r.action}-${r.uid ?? r.account ?? String(r.loanId)}`}>
          <b>{HEADINGS[r.action]}</b>
          {r.by ? <> by {names.label(r.by)}</> : null}: <ReasonText reason={r} />
        </li>
      ))}
    </ul>
  );
}

/** The regulator's freezes of a loan and its supervision notices, in words: beside the loan for everyone who reads it. */
export function LoanSupervision({ loanId, reasons }: { loanId: bigint; reasons: RecordedReason[] | undefined }) {
  const subject = loanSubject(loanId).toLowerCase();
  const about = (reasons ?? []).filter((r) => (r.action === "loan frozen" && r.loanId === loanId) || (r.action === "supervision notice" && r.subject?.toLowerCase() === subject));
  return (
    <div className="card" data-testid="loan-supervision">
      <h2>Supervision</h2>
      {reasons === undefined ? <p className="muted">Loading …</p> : <RecordedReasons reasons={about} empty="No freeze and no supervision notice on this loan." />}
    </div>
  );
}

/** The last reason recorded for suspending or revoking `account`, in words with its check (the account's own status). */
export function StatusReason({ account, reasons }: { account: string; reasons: RecordedReason[] | undefined }) {
  const last = [...(reasons ?? [])].reverse().find((r) => (r.action === "participant suspended" || r.action === "participant revoked") && r.account?.toLowerCase() === account.toLowerCase());
  return last ? <ReasonText reason={last} /> : null;
}
