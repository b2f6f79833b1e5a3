"use client";
import { useEffect, useState, type FormEvent } from "react";
import { getAddress, isAddress, keccak256, stringToBytes, type Hex } from "viem";
import { LoanState, Role, Status, kindBit } from "@lib/enums";
import { CANCELLABLE_STATES, REPAYING_STATES, inStates } from "@lib/lifecycle";
import { parsePercentBps } from "@lib/amount";
import { useAttestations } from "@/hooks/useAttestations";
import { useServiceRequests } from "@/hooks/useServiceRequests";
import { useParticipants } from "@/hooks/useParticipants";
import { useNames } from "@/hooks/useNames";
import { useChainTime } from "@/hooks/useChainTime";
import { useWrite } from "@/hooks/useWrite";
import { useLoans, type LoanData } from "@/hooks/useLoans";
import { LoanRoute } from "@/components/LoanRoute";
import { LoanFacts } from "@/components/LoanFacts";
import { DocumentsPanel } from "@/components/DocumentsPanel";
import { AttestationTable } from "@/components/AttestationTable";
import { TxStatus } from "@/components/TxStatus";
import { AGENCY_KINDS, kindsText, kindLabel, isListable, missingKinds } from "@lib/attestations";
import { usePlatform } from "@/hooks/usePlatform";
import { date, money, percent } from "@/lib/display";
import { ConfirmAction } from "@/components/ConfirmAction";
import { LoanStanding, ScheduleTable } from "@/components/ScheduleTable";
import { LoanSupervision } from "@/components/RecordedReasons";
import { Skeleton } from "@/components/Skeleton";
import { TableBox } from "@/components/TableBox";

export default function OperatorLoanPage() {
  return <LoanRoute>{(data) => <OperatorLoan {...data} />}</LoanRoute>;
}

function OperatorLoan({ loan, toClose }: LoanData) {
  const names = useNames();
  const now = useChainTime();
  const loans = useLoans({ ids: [loan.id] });
  // One write state for the page: forms that the loan's next state removes must not take their progress with them.
  const writer = useWrite();
  const { state, run, busy } = writer;
  const requests = useServiceRequests({ loanId: loan.id });
  const purpose = loans.data?.find((l) => l.id === loan.id)?.purpose;
  const simple = (label: string, functionName: "openReview" | "unlist" | "closeFunding" | "markLate" | "declareDefault") =>
    run(label, ({ write }) => write({ contract: "loanBook", functionName, args: [loan.id] }));
  const repaying = inStates(REPAYING_STATES, loan.state);
  return (
    <>
      <LoanFacts loan={loan} purpose={purpose} />
      <div className="card">
        <h2>Actions</h2>
        <div className="row">
          {loan.state === LoanState.Published ? <button className="btn primary" disabled={busy} onClick={() => simple("Open review", "openReview")}>Open review</button> : null}
          {loan.state === LoanState.Listed && loan.raised === 0n ? <button className="btn" disabled={busy} onClick={() => simple("Unlist", "unlist")}>Unlist</button> : null}
          {loan.state === LoanState.Listed && now.data !== undefined && now.data >= loan.fundingDeadline ? <button className="btn" disabled={busy} onClick={() => simple("Close funding", "closeFunding")}>Close funding</button> : null}
          {loan.state === LoanState.Active ? <button className="btn" disabled={busy} onClick={() => simple("Declare late", "markLate")}>Declare late</button> : null}
          {repaying ? (
            <ConfirmAction label="Declare default" disabled={busy} title={`Declare loan ${loan.id} in default?`} confirmLabel={`Declare loan ${loan.id} in default`} onConfirm={() => void simple("Declare default", "declareDefault")}>
              <p>
                Irreversible: the whole balance of loan {String(loan.id)} falls due at once ({money(toClose)} to close it now){loan.accounts.bond > 0n ? <>, and the guarantor&apos;s bond of {money(loan.accounts.bond)} pays it into the investors&apos; pool up to its coverage</> : null}.
                The loan book refuses it unless an instalment is unpaid past its due date plus the default period.
              </p>
            </ConfirmAction>
          ) : null}
          {inStates(CANCELLABLE_STATES, loan.state) ? (
            <ConfirmAction label="Cancel" disabled={busy} title={`Cancel demand ${loan.id}?`} confirmLabel={`Cancel demand ${loan.id}`}
              onConfirm={() => void run("Cancel demand", ({ write }) => write({ contract: "loanBook", functionName: "cancel", args: [loan.id, keccak256(stringToBytes("cancelled by the operator"))] }))}>
              <p>
                Irreversible: the demand for {money(loan.amount)} is withdrawn for good{loan.raised > 0n ? <>, and its investors take back the {money(loan.raised)} in escrow</> : null}.
              </p>
            </ConfirmAction>
          ) : null}
        </div>
        {loan.state === LoanState.Listed ? <p className="muted">Funding open until {date(loan.fundingDeadline)}.</p> : null}
        <TxStatus state={state} />
      </div>
      {loan.startedAt ? (
        <div className="card">
          <h2>Repayment schedule</h2>
          <LoanStanding loan={loan} />
          <ScheduleTable loan={loan} />
        </div>
      ) : null}
      <LoanSupervision loanId={loan.id} />
      {loan.state === LoanState.UnderReview ? (
        <div className="grid2">
          <RequestServiceForm loanId={loan.id} writer={writer} />
          <ListForm loanId={loan.id} enterprise={loan.enterprise} writer={writer} />
        </div>
      ) : null}
      <div className="card">
        <h2>Services requested</h2>
        {requests.isPending ? (
          <Skeleton lines={2} label="Reading the service requests" />
        ) : (requests.data ?? []).length === 0 ? (
          <p className="empty">None yet.</p>
        ) : (
          <TableBox label="Services requested"><table>
            <thead><tr><th>Agency</th><th>Services</th><th>Requested by</th></tr></thead>
            <tbody>
              {requests.data!.map((r) => (
                <tr key={`${r.agency}-${r.blockNumber}`}><td>{names.label(r.agency)}</td><td>{kindsText(r.kinds)}</td><td>{names.label(r.operator)}</td></tr>
              ))}
            </tbody>
          </table></TableBox>
        )}
      </div>
      <DocumentsPanel loanId={loan.id} />
    </>
  );
}

type Writer = ReturnType<typeof useWrite>;

function RequestServiceForm({ loanId, writer }: { loanId: bigint; writer: Writer }) {
  const names = useNames();
  const participants = useParticipants({ roles: [Role.Agency], statuses: [Status.Active] });
  const { run, busy } = writer;
  const agencies = (participants.data ?? []).filter((p) => p.role === Role.Agency && p.active);
  const [agency, setAgency] = useState("");
  const [kinds, setKinds] = useState(0);
  const [error, setError] = useState<string>();
  const chosen = agencies.find((a) => a.address === agency);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (!isAddress(agency)) return setError("Choose an agency.");
    if (kinds === 0) return setError("Tick at least one service.");
    await run("Request service", ({ write }) => write({ contract: "loanBook", functionName: "requestService", args: [loanId, getAddress(agency), kinds] }));
  };
  return (
    <div className="card">
      <h2>Request services</h2>
      <form className="form" onSubmit={submit}>
        <label className="field wide">
          Agency
          <select name="agency" value={agency} onChange={(e) => { setAgency(e.target.value); const a = agencies.find((x) => x.address === e.target.value); setKinds(a ? a.agencyKinds : 0); }}>
            <option value="">Choose an accredited agency …</option>
            {agencies.map((a) => <option key={a.address} value={a.address}>{names.label(a.address)} ({kindsText(a.agencyKinds)})</option>)}
          </select>
        </label>
        <div className="wide kinds">
          {AGENCY_KINDS.map((k) => (
            <label key={k}>
              <input type="checkbox" disabled={!chosen || !(chosen.agencyKinds & kindBit(k))} checked={(kinds & kindBit(k)) !== 0} onChange={(e) => setKinds(e.target.checked ? kinds | kindBit(k) : kinds & ~kindBit(k))} />
              {kindLabel(k)}
            </label>
          ))}
        </div>
        <div className="wide row">
          <button className="btn primary" disabled={busy}>Request</button>
          {error ? <span className="field-error">{error}</span> : null}
        </div>
      </form>
    </div>
  );
}

function ListForm({ loanId, enterprise, writer }: { loanId: bigint; enterprise: `0x${string}`; writer: Writer }) {
  const attestations = useAttestations({ loanId, enterprise });
  const { run, busy } = writer;
  const listable = (attestations.data ?? []).filter(isListable);
  const [chosen, setChosen] = useState<Set<Hex>>(new Set());
  const [fee, setFee] = useState("1");
  const [error, setError] = useState<string>();
  const platform = usePlatform();
  const policy = platform.data?.policy;
  // The listing rules the LoanBook applies, checked here first so the form says what is missing.
  const missing = policy ? missingKinds(policy.requiredKinds, listable.filter((a) => chosen.has(a.uid))) : 0;
  const feeCapBps = policy ? Number(policy.feeCapBps) : undefined;
  const listableKey = listable.map((a) => a.uid).join();
  useEffect(() => setChosen(new Set(listable.map((a) => a.uid))), [listableKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const feeBps = parsePercentBps(fee);
    if (feeBps === undefined) return setError("The fee is a percentage, e.g. 1 or 1.5.");
    if (feeCapBps !== undefined && feeBps > feeCapBps) return setError(`The fee may be at most ${percent(feeCapBps)}, the cap the regulator set.`);
    await run("List demand", ({ write }) => write({ contract: "loanBook", functionName: "list", args: [loanId, feeBps, [...chosen]] }));
  };
  return (
    <div className="card">
      <h2>List for funding</h2>
      <p className="muted">Present the valid attestations; the worst credit rating sets the risk grade.</p>
      <form onSubmit={submit}>
        <AttestationTable
          rows={listable}
          empty="No valid attestation yet: wait for the agencies."
          action={(r) => (
            <input type="checkbox" aria-label={`present ${r.kindName}`} checked={chosen.has(r.uid)} onChange={(e) => { const next = new Set(chosen); if (e.target.checked) next.add(r.uid); else next.delete(r.uid); setChosen(next); }} />
          )}
        />
        <div className="row" style={{ marginTop: 12 }}>
          <label className="field">
            Platform fee (%){feeCapBps !== undefined ? <small> at most {percent(feeCapBps)}</small> : null}
            <input name="fee" value={fee} onChange={(e) => setFee(e.target.value)} style={{ width: 90 }} />
          </label>
          <button className="btn primary" disabled={busy || missing !== 0 || !policy}>List with {chosen.size} attestation{chosen.size === 1 ? "" : "s"}</button>
          {error ? <span className="field-error">{error}</span> : null}
        </div>
        {missing !== 0 ? <p className="field-error" data-testid="listing-missing">Not listable yet: the policy requires {kindsText(missing).toLowerCase()}, and no valid attestation of {missing & (missing - 1) ? "these kinds is" : "this kind is"} presented.</p> : null}
      </form>
    </div>
  );
}
