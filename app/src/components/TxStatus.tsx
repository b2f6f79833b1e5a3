"use client";
import type { WriteState } from "@/hooks/useWrite";

/** Progress of a write: signing, pending, confirmed, or the decoded reason it failed. */
export function TxStatus({ state }: { state: WriteState }) {
  if (state.phase === "idle") return null;
  const title = {
    signing: "Waiting for your signature",
    pending: "Pending",
    confirmed: "Confirmed",
    failed: "Failed",
  }[state.phase];
  return (
    <div className={`tx tx-${state.phase}`} role={state.phase === "failed" ? "alert" : "status"} data-phase={state.phase}>
      <span className="tx-dot" />
      <div>
        <div className="tx-title">
          {state.label}: {title}
        </div>
        {state.phase === "failed" ? <div className="tx-error">{state.error}</div> : <div className="tx-detail">{state.detail}</div>}
        {state.hash ? <div className="tx-hash mono">{state.hash}</div> : null}
      </div>
    </div>
  );
}
