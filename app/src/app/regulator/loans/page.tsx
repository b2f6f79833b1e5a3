"use client";
import { keccak256, stringToBytes } from "viem";
import { LoanState } from "@lib/enums";
import { LIVE_STATES, inStates } from "@lib/lifecycle";
import { useLoans, type LoanWithPurpose } from "@/hooks/useLoans";
import { usePlatform } from "@/hooks/usePlatform";
import { useWrite } from "@/hooks/useWrite";
import { usePropose } from "@/hooks/usePropose";
import { proposalCall } from "@lib/governance";
import { LoanTable } from "@/components/LoanTable";
import { Pager } from "@/components/Pager";
import { usePaging } from "@/hooks/useIndex";
import { TxStatus } from "@/components/TxStatus";
import { ProposalCreated } from "@/components/ProposalCreated";

/** Freezing is an emergency measure any member takes at once; lifting a freeze is a proposal to the committee. */
function FreezeButton({ loan }: { loan: LoanWithPurpose }) {
  const { state, run, busy: writing } = useWrite();
  const proposal = usePropose();
  const busy = writing || proposal.busy;
  if (!inStates(LIVE_STATES, loan.state)) return null;
  return (
    <div>
      {loan.frozen ? (
        <button
          className="btn small"
          disabled={busy}
          onClick={() => {
            const reason = window.prompt(`Why should the freeze of loan ${loan.id} be lifted?`, "examination closed");
            if (reason) void proposal.propose(`Propose unfreezing loan ${loan.id}`, proposalCall(proposal.deployment, "LoanBook", "unfreeze", [loan.id]), `lift the freeze of loan ${loan.id}: ${reason}`);
          }}
        >
          Propose unfreeze
        </button>
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
      <TxStatus state={proposal.state} compact />
      <ProposalCreated created={proposal.created} compact />
    </div>
  );
}

export default function RegulatorLoans() {
  const paging = usePaging(50);
  const loans = useLoans({}, paging);
  const platform = usePlatform();
  const { state, run, busy: writing } = useWrite();
  const proposal = usePropose();
  const busy = writing || proposal.busy;
  const paused = platform.data?.paused;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Loans and freezes</h1>
          <p>A frozen loan takes no funding and pays nothing out, but always accepts repayment. Any member pauses the platform or freezes a loan at once; resuming and lifting a freeze are proposals to the committee.</p>
        </div>
        <div>
          {paused ? (
            <button
              className="btn primary"
              disabled={busy}
              onClick={() => {
                const reason = window.prompt("Why should the platform resume?", "the incident is resolved");
                if (reason) void proposal.propose("Propose resuming the platform", proposalCall(proposal.deployment, "ParticipantRegistry", "setPaused", [false]), `resume the platform: ${reason}`);
              }}
            >
              Propose resuming the platform
            </button>
          ) : (
            <button className="btn danger" disabled={busy || platform.data === undefined} onClick={() => run("Pause the platform", ({ write }) => write({ contract: "registry", functionName: "setPaused", args: [true] }))}>
              Pause the platform
            </button>
          )}
          <TxStatus state={state} />
          <TxStatus state={proposal.state} />
          <ProposalCreated created={proposal.created} />
        </div>
      </div>
      <div className="card">{loans.isPending ? <p className="muted">Loading …</p> : <LoanTable loans={loans.data ?? []} action={(l) => <FreezeButton loan={l} />} />}<Pager paging={paging} total={loans.page?.total} label="loans" /></div>
    </>
  );
}
