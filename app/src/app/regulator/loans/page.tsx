"use client";
import { keccak256, stringToBytes } from "viem";
import { LoanState } from "@lib/enums";
import { LIVE_STATES, inStates } from "@lib/lifecycle";
import { useLoans, type LoanWithPurpose } from "@/hooks/useLoans";
import { usePlatform } from "@/hooks/usePlatform";
import { useWrite } from "@/hooks/useWrite";
import { LoanTable } from "@/components/LoanTable";
import { TxStatus } from "@/components/TxStatus";

function FreezeButton({ loan }: { loan: LoanWithPurpose }) {
  const { state, run, busy } = useWrite();
  if (!inStates(LIVE_STATES, loan.state)) return null;
  return (
    <div>
      {loan.frozen ? (
        <button className="btn small" disabled={busy} onClick={() => run(`Unfreeze loan ${loan.id}`, ({ write }) => write({ contract: "loanBook", functionName: "unfreeze", args: [loan.id] }))}>Unfreeze</button>
      ) : (
        <button
          className="btn small danger"
          disabled={busy}
          onClick={() => {
            const reason = window.prompt(`Why is loan ${loan.id} frozen?`, "supervisory examination");
            if (reason) void run(`Freeze loan ${loan.id}`, ({ write }) => write({ contract: "loanBook", functionName: "freeze", args: [loan.id, keccak256(stringToBytes(reason))] }));
          }}
        >
          Freeze
        </button>
      )}
      <TxStatus state={state} compact />
    </div>
  );
}

export default function RegulatorLoans() {
  const loans = useLoans();
  const platform = usePlatform();
  const { state, run, busy } = useWrite();
  const paused = platform.data?.paused;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Loans and freezes</h1>
          <p>A frozen loan takes no funding and pays nothing out, but always accepts repayment.</p>
        </div>
        <div>
          <button
            className={paused ? "btn primary" : "btn danger"}
            disabled={busy || platform.data === undefined}
            onClick={() => run(paused ? "Resume the platform" : "Pause the platform", ({ write }) => write({ contract: "registry", functionName: "setPaused", args: [!paused] }))}
          >
            {paused ? "Resume the platform" : "Pause the platform"}
          </button>
          <TxStatus state={state} />
        </div>
      </div>
      <div className="card">{loans.isPending ? <p className="muted">Loading …</p> : <LoanTable loans={[...(loans.data ?? [])].reverse()} action={(l) => <FreezeButton loan={l} />} />}</div>
    </>
  );
}
