"use client";
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
import { Skeleton } from "@/components/Skeleton";
import { ConfirmAction, LEDGER_REASON_HINT } from "@/components/ConfirmAction";
import { money } from "@/lib/display";

/** Freezing is an emergency measure any member takes at once; lifting a freeze is a proposal to the committee. */
function FreezeButton({ loan }: { loan: LoanWithPurpose }) {
  const { state, run, busy: writing } = useWrite();
  const proposal = usePropose();
  const busy = writing || proposal.busy;
  if (!inStates(LIVE_STATES, loan.state)) return null;
  return (
    <div>
      {loan.frozen ? (
        <ConfirmAction
          label="Propose unfreeze"
          className="btn small"
          disabled={busy}
          title={`Propose lifting the freeze of loan ${loan.id}?`}
          confirmLabel={`Propose unfreezing loan ${loan.id}`}
          reason={{ label: "Why should the freeze be lifted?", hint: "Shown to the committee members who approve the proposal." }}
          onConfirm={(reason) => void proposal.propose(`Propose unfreezing loan ${loan.id}`, proposalCall(proposal.deployment, "LoanBook", "unfreeze", [loan.id]), `lift the freeze of loan ${loan.id}: ${reason}`)}
        >
          <p>The committee decides: once the threshold of members approves and the notice period passes, loan {String(loan.id)} takes funding and pays out again.</p>
        </ConfirmAction>
      ) : (
        <ConfirmAction
          label="Freeze"
          className="btn small danger"
          disabled={busy}
          title={`Freeze loan ${loan.id}?`}
          confirmLabel={`Freeze loan ${loan.id}`}
          reason={{ label: `Why is loan ${loan.id} frozen?`, hint: LEDGER_REASON_HINT }}
          onConfirm={(reason) => void run(`Freeze loan ${loan.id}`, ({ write }) => write({ contract: "loanBook", functionName: "freeze", args: [loan.id, reason] }))}
        >
          <p>
            At once, loan {String(loan.id)} ({money(loan.amount)}, {money(loan.raised)} raised) takes no new funding and pays nothing out: no drawdown,
            no claims by its investors. Its enterprise can still repay. Only the committee can lift the freeze.
          </p>
        </ConfirmAction>
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
            <ConfirmAction
              label="Propose resuming the platform"
              className="btn primary"
              disabled={busy}
              title="Propose resuming the platform?"
              confirmLabel="Propose resuming"
              reason={{ label: "Why should the platform resume?", hint: "Shown to the committee members who approve the proposal." }}
              onConfirm={(reason) => void proposal.propose("Propose resuming the platform", proposalCall(proposal.deployment, "ParticipantRegistry", "setPaused", [false]), `resume the platform: ${reason}`)}
            >
              <p>The committee decides: once approved and past its notice period, every operation resumes.</p>
            </ConfirmAction>
          ) : (
            <ConfirmAction
              label="Pause the platform"
              disabled={busy || platform.data === undefined}
              title="Pause the whole platform?"
              confirmLabel="Pause the platform"
              onConfirm={() => void run("Pause the platform", ({ write }) => write({ contract: "registry", functionName: "setPaused", args: [true] }))}
            >
              <p>
                At once, for every participant: no publishing, listing, funding, drawdown, claim, refund, attestation or token transfer.
                Repayments are still accepted. Only the committee can resume the platform, by a proposal that waits its notice period.
              </p>
            </ConfirmAction>
          )}
          <TxStatus state={state} />
          <TxStatus state={proposal.state} />
          <ProposalCreated created={proposal.created} />
        </div>
      </div>
      <div className="card">{loans.isPending ? <Skeleton lines={6} label="Reading the loan book" /> : <LoanTable loans={loans.data ?? []} href={(l) => `/regulator/loans/${l.id}`} action={(l) => <FreezeButton loan={l} />} />}<Pager paging={paging} total={loans.page?.total} label="loans" /></div>
    </>
  );
}
