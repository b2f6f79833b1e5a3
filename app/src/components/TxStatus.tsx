"use client";
import type { WriteState } from "@/hooks/useWrite";
import { TxHash } from "./TxHash";

/** Progress of a write: signing, pending, confirmed, or the decoded reason it failed. */
/** `compact` for table rows: one line, no transaction hash. */
export function TxStatus({ state, compact = false }: { state: WriteState; compact?: boolean }) {
  if (state.phase === "idle") return null;
  const title = {
    signing: "Waiting for your signature",
    pending: "Pending",
    confirmed: "Confirmed",
    failed: "Failed",
  }[state.phase];
  return (
    <div className={`tx tx-${state.phase}${compact ? " compact" : ""}`} role={state.phase === "failed" ? "alert" : "status"} data-phase={state.phase}>
      <span className="tx-dot" />
      <div>
        <div className="tx-title">
          {state.label}: {title}
        </div>
        {state.phase === "failed" ? <div className="tx-error">{state.error}</div> : compact ? null : <div className="tx-detail">{state.detail}</div>}
        {state.hash && !compact ? (
          <div className="tx-hash">
            Transaction <TxHash hash={state.hash} />
          </div>
        ) : null}
      </div>
    </div>
  );
}
