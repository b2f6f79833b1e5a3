"use client";
import { useEffect, useState, type FormEvent } from "react";
import { parsePercentBps, parseTokenAmount, percentInput, tokenAmountInput } from "@lib/amount";
import { kindBit } from "@lib/enums";
import { Notice } from "@/components/Notice";
import { formatDuration } from "@lib/format";
import { describePolicyChanges, proposalCall } from "@lib/governance";
import { usePlatform } from "@/hooks/usePlatform";
import { useCommittee } from "@/hooks/useCommittee";
import { usePropose } from "@/hooks/usePropose";
import { TxStatus } from "@/components/TxStatus";
import { ProposalCreated } from "@/components/ProposalCreated";
import { AGENCY_KINDS, kindLabel } from "@lib/attestations";

export default function Policy() {
  const platform = usePlatform();
  const committee = useCommittee();
  const { state, propose, created, deployment, busy } = usePropose();
  const [f, setF] = useState({ lpr: "", rateCap: "", feeCap: "", enterpriseCap: "", graceDays: "", defaultDays: "", drawdownDays: "", minContribution: "" });
  const [reason, setReason] = useState("");
  const [required, setRequired] = useState(0);
  const [error, setError] = useState<string>();
  const policy = platform.data?.policy;
  useEffect(() => {
    if (!policy) return;
    setF({ lpr: percentInput(policy.lprBps), rateCap: percentInput(policy.rateCapBps), feeCap: percentInput(policy.feeCapBps), enterpriseCap: tokenAmountInput(policy.enterpriseCap), graceDays: String(policy.gracePeriod / 86_400), defaultDays: String(policy.defaultPeriod / 86_400), drawdownDays: String(policy.drawdownPeriod / 86_400), minContribution: tokenAmountInput(policy.minContribution) });
    setRequired(policy.requiredKinds);
  }, [policy]);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (!policy) return;
    const rate = (t: string) => parsePercentBps(t) ?? NaN;
    const next = {
      ...policy,
      lprBps: rate(f.lpr),
      rateCapBps: rate(f.rateCap),
      feeCapBps: rate(f.feeCap),
      enterpriseCap: parseTokenAmount(f.enterpriseCap) ?? -1n,
      gracePeriod: Number(f.graceDays) * 86_400,
      defaultPeriod: Number(f.defaultDays) * 86_400,
      requiredKinds: required,
      drawdownPeriod: Number(f.drawdownDays) * 86_400,
      minContribution: parseTokenAmount(f.minContribution) ?? -1n,
    };
    if ([next.lprBps, next.rateCapBps, next.feeCapBps].some(Number.isNaN)) return setError("Rates are percentages with at most two decimals.");
    if (next.enterpriseCap < 0n) return setError("The enterprise cap is an amount in yuan.");
    if (next.minContribution < 0n) return setError("The minimum contribution is an amount in yuan.");
    if (![next.gracePeriod, next.defaultPeriod, next.drawdownPeriod].every(Number.isInteger)) return setError("Periods are whole days.");
    const changes = describePolicyChanges(policy, next);
    if (changes.length === 0) return setError("This is the policy in force: change at least one field.");
    const what = changes.map((c) => `${c.label} ${c.before} -> ${c.after}`).join("; ");
    await propose("Propose policy change", proposalCall(deployment, "ParticipantRegistry", "setPolicy", [next]), reason.trim() ? `${what}. ${reason.trim()}` : what);
  };
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Policy</h1>
          <p>Each rule applies when its step happens (the rate cap at publication and listing, the other caps and the required attestations at listing, the minimum contribution at funding, the periods when a loan falls late or in default), under the policy in force then. Every change is recorded with the whole new policy.</p>
        </div>
      </div>
      <Notice title="A change is a proposal to the supervisory committee">
        The form below shows the policy in force. Saving it proposes the new policy: it needs {committee.data ? committee.data.threshold : "M"} members&apos; approvals, then a notice period of{" "}
        <b data-testid="policy-notice">{committee.data ? formatDuration(committee.data.noticePeriod) : "…"}</b> during which every participant sees it coming and any member may cancel it; a member then executes it.
      </Notice>
      <div className="card">
        <form className="form" onSubmit={submit}>
          <label className="field">Loan prime rate (% a year)<input name="lpr" value={f.lpr} onChange={set("lpr")} /></label>
          <label className="field">Rate cap (% a year) <small>at most 4 × LPR</small><input name="rateCap" value={f.rateCap} onChange={set("rateCap")} /></label>
          <label className="field">Platform fee cap (% of principal)<input name="feeCap" value={f.feeCap} onChange={set("feeCap")} /></label>
          <label className="field">Outstanding cap per enterprise (¥)<input name="enterpriseCap" value={f.enterpriseCap} onChange={set("enterpriseCap")} /></label>
          <label className="field">Grace period (days)<input name="graceDays" value={f.graceDays} onChange={set("graceDays")} /></label>
          <label className="field">Default period (days)<input name="defaultDays" value={f.defaultDays} onChange={set("defaultDays")} /></label>
          <label className="field">Drawdown period (days) <small>after the funding deadline; then anyone may cancel an undrawn loan</small><input name="drawdownDays" value={f.drawdownDays} onChange={set("drawdownDays")} /></label>
          <label className="field">Minimum contribution (¥) <small>unless it fills what remains</small><input name="minContribution" value={f.minContribution} onChange={set("minContribution")} /></label>
          <div className="field wide">
            Attestations required before listing
            <div className="kinds">
              {AGENCY_KINDS.map((k) => (
                <label key={k}><input type="checkbox" checked={(required & kindBit(k)) !== 0} onChange={(e) => setRequired(e.target.checked ? required | kindBit(k) : required & ~kindBit(k))} />{kindLabel(k)}</label>
              ))}
            </div>
          </div>
          <label className="field wide">Reason <small>recorded with the proposal</small><input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why the policy changes" /></label>
          <div className="wide row">
            <button className="btn primary" disabled={busy || !policy}>Propose policy change</button>
            {error ? <span className="field-error">{error}</span> : null}
          </div>
        </form>
        <TxStatus state={state} />
        <ProposalCreated created={created} />
      </div>
    </>
  );
}
