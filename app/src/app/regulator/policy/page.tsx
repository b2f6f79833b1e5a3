"use client";
import { useEffect, useState, type FormEvent } from "react";
import { parsePercentBps, parseTokenAmount, percentInput, tokenAmountInput } from "@lib/amount";
import { kindBit } from "@lib/enums";
import { usePlatform } from "@/hooks/usePlatform";
import { useWrite } from "@/hooks/useWrite";
import { TxStatus } from "@/components/TxStatus";
import { AGENCY_KINDS, kindLabel } from "@lib/attestations";


export default function Policy() {
  const platform = usePlatform();
  const { state, run, busy } = useWrite();
  const [f, setF] = useState({ lpr: "", rateCap: "", feeCap: "", enterpriseCap: "", graceDays: "", defaultDays: "", drawdownDays: "", minContribution: "" });
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
    if (next.enterpriseCap < 0n) return setError("The enterprise cap is an amount in sDEP.");
    if (next.minContribution < 0n) return setError("The minimum contribution is an amount in sDEP.");
    if (![next.gracePeriod, next.defaultPeriod, next.drawdownPeriod].every(Number.isInteger)) return setError("Periods are whole days.");
    await run("Set policy", ({ write }) => write({ contract: "registry", functionName: "setPolicy", args: [next] }));
  };
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Policy</h1>
          <p>Each rule applies when its step happens (the rate cap at publication and listing, the other caps and the required attestations at listing, the minimum contribution at funding, the periods when a loan falls late or in default), under the policy in force then. Every change is recorded with the whole new policy.</p>
        </div>
      </div>
      <div className="card">
        <form className="form" onSubmit={submit}>
          <label className="field">Loan prime rate (% a year)<input name="lpr" value={f.lpr} onChange={set("lpr")} /></label>
          <label className="field">Rate cap (% a year) <small>at most 4 × LPR</small><input name="rateCap" value={f.rateCap} onChange={set("rateCap")} /></label>
          <label className="field">Platform fee cap (% of principal)<input name="feeCap" value={f.feeCap} onChange={set("feeCap")} /></label>
          <label className="field">Outstanding cap per enterprise (sDEP)<input name="enterpriseCap" value={f.enterpriseCap} onChange={set("enterpriseCap")} /></label>
          <label className="field">Grace period (days)<input name="graceDays" value={f.graceDays} onChange={set("graceDays")} /></label>
          <label className="field">Default period (days)<input name="defaultDays" value={f.defaultDays} onChange={set("defaultDays")} /></label>
          <label className="field">Drawdown period (days) <small>after the funding deadline; then anyone may cancel an undrawn loan</small><input name="drawdownDays" value={f.drawdownDays} onChange={set("drawdownDays")} /></label>
          <label className="field">Minimum contribution (sDEP) <small>unless it fills what remains</small><input name="minContribution" value={f.minContribution} onChange={set("minContribution")} /></label>
          <div className="field wide">
            Attestations required before listing
            <div className="kinds">
              {AGENCY_KINDS.map((k) => (
                <label key={k}><input type="checkbox" checked={(required & kindBit(k)) !== 0} onChange={(e) => setRequired(e.target.checked ? required | kindBit(k) : required & ~kindBit(k))} />{kindLabel(k)}</label>
              ))}
            </div>
          </div>
          <div className="wide row">
            <button className="btn primary" disabled={busy || !policy}>Save policy</button>
            {error ? <span className="field-error">{error}</span> : null}
          </div>
        </form>
        <TxStatus state={state} />
      </div>
    </>
  );
}
