"use client";
import { keccak256, stringToBytes } from "viem";
import { useWrite } from "@/hooks/useWrite";
import type { AttestationRow } from "@/hooks/useAttestations";
import { TxStatus } from "./TxStatus";

/** Revokes one attestation, asking why; the reason is recorded as a hash. */
export function RevokeButton({ row }: { row: AttestationRow }) {
  const { state, run, busy } = useWrite();
  if (row.revoked && state.phase === "idle") return null;
  return (
    <div>
      {row.revoked ? null : <button
        className="btn small danger"
        disabled={busy}
        onClick={() => {
          const reason = window.prompt("Why is this attestation revoked?", "superseded by a new report");
          if (!reason) return;
          void run("Revoke attestation", ({ write }) =>
            write({ contract: "attestations", functionName: "revoke", args: [row.uid, keccak256(stringToBytes(reason))] }),
          );
        }}
      >
        Revoke
      </button>}
      <TxStatus state={state} compact />
    </div>
  );
}
