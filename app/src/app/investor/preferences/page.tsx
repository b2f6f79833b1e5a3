"use client";
import { useEffect, useState, type FormEvent } from "react";
import { BusinessScale } from "@lib/enums";
import { parseTokenAmount, tokenAmountInput } from "@lib/amount";
import { usePreferences } from "@/hooks/usePreferences";
import { Skeleton } from "@/components/Skeleton";

const SCALES = [
  { value: BusinessScale.Micro, label: "Micro" },
  { value: BusinessScale.Small, label: "Small" },
  { value: BusinessScale.Medium, label: "Medium" },
];

const toTokens = (units?: string) => (units ? tokenAmountInput(BigInt(units)) : "");

export default function Preferences() {
  const prefs = usePreferences();
  const [minAmount, setMinAmount] = useState("");
  const [maxAmount, setMaxAmount] = useState("");
  const [scales, setScales] = useState<number[]>([]);
  const [maxRiskGrade, setMaxRiskGrade] = useState("");
  const [minTermDays, setMinTermDays] = useState("");
  const [maxTermDays, setMaxTermDays] = useState("");
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string }>();
  // The saved preferences fill the form once, when they arrive; a later refetch never undoes what the investor typed.
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    if (!prefs.data || loaded) return;
    setLoaded(true);
    setMinAmount(toTokens(prefs.data.minAmount));
    setMaxAmount(toTokens(prefs.data.maxAmount));
    setScales(prefs.data.scales ?? []);
    setMaxRiskGrade(prefs.data.maxRiskGrade ? String(prefs.data.maxRiskGrade) : "");
    setMinTermDays(prefs.data.minTermDays !== undefined ? String(prefs.data.minTermDays) : "");
    setMaxTermDays(prefs.data.maxTermDays !== undefined ? String(prefs.data.maxTermDays) : "");
  }, [prefs.data, loaded]);

  const amount = (t: string) => (t.trim() === "" ? undefined : (parseTokenAmount(t)?.toString() ?? "bad"));
  const int = (t: string) => (t.trim() === "" ? undefined : Number(t));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const min = amount(minAmount);
    const max = amount(maxAmount);
    if (min === "bad" || max === "bad") return setMessage({ tone: "error", text: "Amounts are in yuan, e.g. 20000." });
    const error = await prefs.save({ minAmount: min, maxAmount: max, scales, maxRiskGrade: int(maxRiskGrade), minTermDays: int(minTermDays), maxTermDays: int(maxTermDays) });
    setMessage(error ? { tone: "error", text: error } : { tone: "ok", text: "Preferences saved: recommendations follow them." });
  };
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Investment preferences</h1>
          <p>What the platform pushes to you. Empty fields do not constrain.</p>
        </div>
      </div>
      <div className="card">
        {!loaded && !prefs.isError ? <Skeleton label="Reading your preferences" /> : (
        <form className="form" onSubmit={submit}>
          <label className="field">Smallest remaining amount (¥)<input name="minAmount" value={minAmount} onChange={(e) => setMinAmount(e.target.value)} /></label>
          <label className="field">Largest remaining amount (¥)<input name="maxAmount" value={maxAmount} onChange={(e) => setMaxAmount(e.target.value)} /></label>
          <label className="field">
            Riskiest grade accepted <small>1 safest … 5</small>
            <select name="maxRiskGrade" value={maxRiskGrade} onChange={(e) => setMaxRiskGrade(e.target.value)}>
              <option value="">any within my suitability</option>
              {[1, 2, 3, 4, 5].map((g) => <option key={g} value={g}>{g}</option>)}
            </select>
          </label>
          <div className="field">
            Business scales
            <div className="kinds">
              {SCALES.map((s) => (
                <label key={s.value}>
                  <input type="checkbox" checked={scales.includes(s.value)} onChange={(e) => setScales(e.target.checked ? [...scales, s.value] : scales.filter((x) => x !== s.value))} />
                  {s.label}
                </label>
              ))}
            </div>
          </div>
          <label className="field">Shortest term (days)<input name="minTermDays" value={minTermDays} onChange={(e) => setMinTermDays(e.target.value)} /></label>
          <label className="field">Longest term (days)<input name="maxTermDays" value={maxTermDays} onChange={(e) => setMaxTermDays(e.target.value)} /></label>
          <div className="wide row">
            <button className="btn primary">Save preferences</button>
          </div>
        </form>
        )}
        {message ? <div className={message.tone === "ok" ? "notice notice-ok" : "notice notice-error"} role="status" style={{ marginTop: 12 }}>{message.text}</div> : null}
      </div>
    </>
  );
}
