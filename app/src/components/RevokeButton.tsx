"use client";
import { useWrite } from "@/hooks/useWrite";
import type { AttestationRow } from "@/hooks/useAttestations";
import { kindLabel } from "@lib/attestations";
import { ConfirmAction, LEDGER_REASON_HINT } from "./ConfirmAction";
import { TxStatus } from "./TxStatus";

/** Revokes one attestation after a confirmation that asks why; the reason is recorded on the ledger in words. */
export function RevokeButton({ row }: { row: AttestationRow }) {
  const { state, run, busy } = useWrite();
  if (row.revoked && state.phase === "idle") return null;
  return (
    <div>
      {row.revoked ? null : (
        <ConfirmAction
          label="Revoke"
          className="btn small danger"
          disabled={busy}
          title={`Revoke this ${kindLabel(row.kind).toLowerCase()} attestation?`}
          confirmLabel="Revoke the attestation"
          reason={{ label: "Why is this attestation revoked?", hint: LEDGER_REASON_HINT }}
          onConfirm={(reason) => void run("Revoke attestation", ({ write }) => write({ contract: "attestations", functionName: "revoke", args: [row.uid, reason] }))}
        >
          <p>Irreversible: the attestation stays on record marked revoked, and no longer counts for listing or for investors. A loan already listed keeps its listing.</p>
        </ConfirmAction>
      )}
      <TxStatus state={state} compact />
    </div>
  );
}
