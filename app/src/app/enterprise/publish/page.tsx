"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { keccak256, parseEventLogs, stringToBytes } from "viem";
import { RepaymentMethod } from "@lib/enums";
import { parsePercentBps, parseTokenAmount } from "@lib/amount";
import { loanBookAbi } from "@lib/generated/abis";
import { useContracts } from "@/hooks/useContracts";
import { useWrite } from "@/hooks/useWrite";
import { TxStatus } from "@/components/TxStatus";
import { percent } from "@/lib/display";

const DAY = 86_400;

interface Form {
  amount: string;
  minRaise: string;
  rate: string;
  method: string;
  instalments: string;
  periodDays: string;
  fundingDays: string;
  purpose: string;
  innovation: string;
}

const EMPTY: Form = { amount: "", minRaise: "", rate: "", method: String(RepaymentMethod.EqualInstalment), instalments: "12", periodDays: "30", fundingDays: "14", purpose: "", innovation: "" };

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Checks every field; answers a sentence per bad field. */
function validate(f: Form, rateCapBps: number | undefined): Partial<Record<keyof Form, string>> {
  const e: Partial<Record<keyof Form, string>> = {};
  const amount = parseTokenAmount(f.amount);
  const minRaise = parseTokenAmount(f.minRaise);
  if (!amount || amount === 0n) e.amount = "Enter the amount to raise, e.g. 80000";
  if (!minRaise || minRaise === 0n) e.minRaise = "Enter the minimum raise";
  else if (amount && minRaise > amount) e.minRaise = "The minimum cannot exceed the amount";
  const rateBps = parsePercentBps(f.rate);
  if (rateBps === undefined || rateBps <= 0) e.rate = "Enter the annual rate in percent, e.g. 8.5";
  else if (rateCapBps !== undefined && rateBps > rateCapBps) e.rate = `The regulator caps rates at ${percent(rateCapBps)}`;
  const n = Number(f.instalments);
  if (!Number.isInteger(n) || n < 1 || n > 360) e.instalments = "From 1 to 360 instalments";
  const period = Number(f.periodDays);
  if (!Number.isInteger(period) || period < 1 || period > 366) e.periodDays = "From 1 to 366 days";
  const funding = Number(f.fundingDays);
  if (!Number.isInteger(funding) || funding < 1 || funding > 90) e.fundingDays = "From 1 to 90 days";
  if (f.purpose.trim().length < 5) e.purpose = "Say what the money is for (at least 5 characters)";
  else if (f.purpose.length > 200) e.purpose = "At most 200 characters";
  return e;
}

/** The kinds of document the app server keeps (it checks each file's bytes; this only guides the file picker). */
const DOCUMENT_EXTENSIONS = ".pdf,.png,.jpg,.jpeg,.gif,.webp,.txt,.csv,.xlsx,.xls,.docx,.doc,.odt,.ods";

export default function PublishDemand() {
  const router = useRouter();
  const contracts = useContracts();
  const { state, run, busy } = useWrite();
  const [form, setForm] = useState<Form>(EMPTY);
  const [files, setFiles] = useState<File[]>([]);
  const [touched, setTouched] = useState(false);
  const policy = useQuery({
    queryKey: ["policy"],
    enabled: !!contracts,
    queryFn: () => contracts!.registry.read.policy(),
  });
  const errors = validate(form, policy.data?.rateCapBps);
  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const fieldError = (k: keyof Form) => (touched && errors[k] ? <span className="field-error">{errors[k]}</span> : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (Object.keys(errors).length > 0) return;
    const receipt = await run("Publish demand", async ({ step, write }) => {
      const documents = [];
      for (const file of files) {
        step(`Hashing ${file.name} …`);
        const sha256 = await sha256Hex(file);
        step(`Uploading ${file.name} …`);
        const response = await fetch("/api/documents", { method: "POST", headers: { "x-sha256": sha256, "content-type": "application/octet-stream" }, body: file });
        if (!response.ok) throw new Error(`upload of ${file.name} refused: ${(await response.json()).error}`);
        documents.push({ name: file.name, sha256, size: file.size, type: file.type });
      }
      const metadata = JSON.stringify({ purpose: form.purpose.trim(), ...(form.innovation.trim() ? { innovation: form.innovation.trim() } : {}), documents });
      const response = await fetch("/api/metadata", { method: "POST", headers: { "content-type": "application/json" }, body: metadata });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error);
      const metadataHash = keccak256(stringToBytes(metadata));
      if (body.metadataHash !== metadataHash) throw new Error("the server stored the metadata under another hash");
      return write({
        contract: "loanBook",
        functionName: "publish",
        args: [
          {
            amount: parseTokenAmount(form.amount)!,
            minRaise: parseTokenAmount(form.minRaise)!,
            rateBps: parsePercentBps(form.rate)!,
            method: Number(form.method),
            instalments: Number(form.instalments),
            periodLength: Number(form.periodDays) * DAY,
            fundingPeriod: Number(form.fundingDays) * DAY,
          },
          metadataHash,
          form.purpose.trim(),
        ],
      });
    });
    const published = receipt ? parseEventLogs({ abi: loanBookAbi, logs: receipt.logs, eventName: "LoanPublished" })[0] : undefined;
    if (published) router.push(`/enterprise/loans/${published.args.id}`);
  };

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Publish a financing demand</h1>
          <p>The terms go on chain; documents are hashed in your browser and kept by the platform for the reviewers.</p>
        </div>
      </div>
      <div className="card">
        <form className="form" onSubmit={submit} noValidate>
          <label className="field">
            Amount to raise (¥)
            <input name="amount" inputMode="decimal" value={form.amount} onChange={set("amount")} placeholder="80000" />
            {fieldError("amount")}
          </label>
          <label className="field">
            Minimum raise (¥) <small>below this at the deadline, investors are refunded</small>
            <input name="minRaise" inputMode="decimal" value={form.minRaise} onChange={set("minRaise")} placeholder="60000" />
            {fieldError("minRaise")}
          </label>
          <label className="field">
            Annual rate (%) {policy.data ? <small>cap {percent(policy.data.rateCapBps)}</small> : null}
            <input name="rate" inputMode="decimal" value={form.rate} onChange={set("rate")} placeholder="8.5" />
            {fieldError("rate")}
          </label>
          <label className="field">
            Repayment method
            <select name="method" value={form.method} onChange={set("method")}>
              <option value={RepaymentMethod.EqualInstalment}>Equal instalment (annuity)</option>
              <option value={RepaymentMethod.EqualPrincipal}>Equal principal</option>
              <option value={RepaymentMethod.InterestFirst}>Interest first, principal at maturity</option>
            </select>
          </label>
          <label className="field">
            Instalments
            <input name="instalments" inputMode="numeric" value={form.instalments} onChange={set("instalments")} />
            {fieldError("instalments")}
          </label>
          <label className="field">
            Days between instalments
            <input name="periodDays" inputMode="numeric" value={form.periodDays} onChange={set("periodDays")} />
            {fieldError("periodDays")}
          </label>
          <label className="field">
            Funding window (days)
            <input name="fundingDays" inputMode="numeric" value={form.fundingDays} onChange={set("fundingDays")} />
            {fieldError("fundingDays")}
          </label>
          <label className="field">
            Supporting documents <small>business licence, statements, orders: PDF, images, text, CSV, Excel, Word, OpenDocument; 20 MB each</small>
            <input name="documents" type="file" multiple accept={DOCUMENT_EXTENSIONS} onChange={(e) => setFiles([...(e.target.files ?? [])])} />
          </label>
          <label className="field wide">
            Purpose
            <input name="purpose" value={form.purpose} onChange={set("purpose")} placeholder="What the money is for" />
            {fieldError("purpose")}
          </label>
          <label className="field wide">
            Innovation and IP notes <small>optional</small>
            <textarea name="innovation" value={form.innovation} onChange={set("innovation")} />
          </label>
          <div className="wide row">
            <button className="btn primary" type="submit" disabled={busy}>
              Publish demand
            </button>
            {touched && Object.keys(errors).length > 0 ? <span className="field-error">Correct the marked fields.</span> : null}
          </div>
        </form>
        <TxStatus state={state} />
      </div>
    </>
  );
}
