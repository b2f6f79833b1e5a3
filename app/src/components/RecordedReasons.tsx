"use client";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { checkOnLedger, reasonHash } from "@lib/reasons";
import { loanSubject } from "@lib/attestations";
import { useReasons, type RecordedReason } from "@/hooks/useReasons";
import { useDeployment } from "@/hooks/useDeployment";
import { useNames } from "@/hooks/useNames";
import { shortHash } from "@/lib/display";
import { Skeleton } from "./Skeleton";
import { TxHash } from "./TxHash";

/**
 * A reason or notice in the words the index kept, with the check anyone can make against the ledger itself: on
 * request the browser reads the transaction that recorded it from the chain and compares the keccak256 of these
 * words, computed here, with the hash recorded in its event.
 */
export function ReasonText({ reason }: { reason: RecordedReason }) {
  const [shown, setShown] = useState(false);
  const client = usePublicClient();
  const { addresses } = useDeployment();
  const check = useQuery({
    queryKey: ["reason-check", reason.txHash, reason.action, reason.uid ?? reason.account ?? String(reason.loanId)],
    enabled: shown && !!client,
    staleTime: Infinity,
    queryFn: () => checkOnLedger(client!, { registry: addresses.ParticipantRegistry, attestations: addresses.AttestationRegistry, loanBook: addresses.LoanBook }, reason),
  });
  return (
    <div className="reason" data-testid="reason">
      <q data-testid="reason-text">{reason.text}</q>{" "}
      <button type="button" className="btn small" onClick={() => setShown(!shown)} aria-expanded={shown}>
        {shown ? "Hide the check" : "Check against the ledger"}
      </button>
      {shown ? (
        <p className="muted" data-testid="reason-check">
          {check.isPending ? (
            "Reading the transaction from the chain …"
          ) : check.error ? (
            `Could not read the transaction from the chain: ${check.error.message.split("\n")[0]}`
          ) : check.data?.recordedHash === undefined ? (
            <>Not found: transaction <TxHash hash={reason.txHash} /> records no such event on the chain.</>
          ) : (
            <>
              {check.data.matches ? "Matches:" : "Does not match:"} the keccak256 of these words, <code title={reasonHash(reason.text)}>{shortHash(reasonHash(reason.text))}</code>, {check.data.matches ? "is" : "is not"} the hash
              the ledger recorded in transaction <TxHash hash={reason.txHash} /> (block {String(check.data.blockNumber)}), read from the chain just now:{" "}
              <code title={check.data.recordedHash}>{shortHash(check.data.recordedHash)}</code>.
            </>
          )}
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
export function LoanSupervision({ loanId }: { loanId: bigint }) {
  const reasons = useReasons({ loanId });
  const subject = loanSubject(loanId).toLowerCase();
  const about = (reasons.data ?? []).filter((r) => (r.action === "loan frozen" && r.loanId === loanId) || (r.action === "supervision notice" && r.subject?.toLowerCase() === subject));
  return (
    <div className="card" data-testid="loan-supervision">
      <h2>Supervision</h2>
      {reasons.error ? (
        <p className="field-error">Could not read the supervision record: {reasons.error.message}</p>
      ) : reasons.data === undefined ? (
        <Skeleton lines={1} label="Reading the supervision record" />
      ) : (
        <RecordedReasons reasons={about} empty="No freeze and no supervision notice on this loan." />
      )}
    </div>
  );
}

/** The last reason recorded for suspending or revoking `account`, in words with its check (the account's own status). */
export function StatusReason({ account, reasons }: { account: string; reasons: RecordedReason[] | undefined }) {
  const last = [...(reasons ?? [])].reverse().find((r) => (r.action === "participant suspended" || r.action === "participant revoked") && r.account?.toLowerCase() === account.toLowerCase());
  return last ? <ReasonText reason={last} /> : null;
}
