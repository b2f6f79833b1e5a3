"use client";
import { useState, type FormEvent } from "react";
import { keccak256, stringToBytes, toHex, type Hex } from "viem";
import { AttestationKind, RATINGS, kindBit } from "@lib/enums";
import { parseTokenAmount } from "@lib/amount";
import { prepareAttestation } from "@lib/actions/attestation";
import { preparePostBond } from "@lib/actions/bond";
import { gradeOfRating } from "@lib/risk";
import { useDeployment } from "@/hooks/useDeployment";
import { useParticipantAddress } from "@/hooks/useAccount";
import { useRole } from "@/hooks/useRole";
import { useServiceRequests } from "@/hooks/useServiceRequests";
import { useAttestations } from "@/hooks/useAttestations";
import { useWrite } from "@/hooks/useWrite";
import type { LoanData } from "@/hooks/useLoans";
import { LoanRoute } from "@/components/LoanRoute";
import { LoanFacts } from "@/components/LoanFacts";
import { DocumentsPanel } from "@/components/DocumentsPanel";
import { AttestationTable } from "@/components/AttestationTable";
import { RevokeButton } from "@/components/RevokeButton";
import { TxStatus } from "@/components/TxStatus";
import { Notice } from "@/components/Notice";
import { AGENCY_KINDS, hasAmountValue, isAgencyKind, kindLabel, kindsText } from "@lib/attestations";
import { money } from "@/lib/display";

export default function AgencyRequestPage() {
  return <LoanRoute>{(data) => <AgencyRequest {...data} />}</LoanRoute>;
}

function AgencyRequest({ loan }: LoanData) {
  const me = useParticipantAddress();
  const role = useRole();
  const accredited = role.kind === "ready" ? role.participant.agencyKinds : 0;
  const requests = useServiceRequests({ agency: me, loanId: loan.id });
  const attestations = useAttestations({ loanId: loan.id, enterprise: loan.enterprise });
  const requested = (requests.data ?? []).reduce((mask, r) => mask | r.kinds, 0);
  if (requests.isPending) return <div className="page-loading">Loading …</div>;
  if (requested === 0) return <Notice tone="warn" title="No service requested">The operator has not asked you for a service on loan {String(loan.id)}.</Notice>;
  return (
    <>
      <LoanFacts loan={loan} />
      <Notice title={`Requested from you: ${kindsText(requested)}`}>Read the documents, then attest: your wallet sends the statement to the attestation registry in one transaction.</Notice>
      <div className="grid2">
        <AttestForm loanId={loan.id} enterprise={loan.enterprise} kinds={requested & accredited} />
        {accredited & (1 << AttestationKind.Guarantee) ? <BondForm loanId={loan.id} bond={loan.accounts.bond} /> : <DocumentsPanel loanId={loan.id} />}
      </div>
      {accredited & (1 << AttestationKind.Guarantee) ? <DocumentsPanel loanId={loan.id} /> : null}
      <div className="card">
        <h2>Attestations on this demand and its enterprise</h2>
        <AttestationTable rows={attestations.data?.filter((a) => isAgencyKind(a.kind))} action={(r) => (r.attester.toLowerCase() === me.toLowerCase() ? <RevokeButton row={r} /> : null)} />
      </div>
    </>
  );
}

async function hashFile(file: File): Promise<Hex> {
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", await file.arrayBuffer())));
}

function AttestForm({ loanId, enterprise, kinds }: { loanId: bigint; enterprise: `0x${string}`; kinds: number }) {
  const { addresses } = useDeployment();
  const { state, run, busy } = useWrite();
  const choices = AGENCY_KINDS.filter((k) => kinds & kindBit(k));
  const [kind, setKind] = useState<number>(choices[0] ?? 0);
  const [rating, setRating] = useState<string>("A");
  const [amount, setAmount] = useState("");
  const [about, setAbout] = useState<"loan" | "enterprise">(choices[0] === AttestationKind.Identity ? "enterprise" : "loan");
  const [report, setReport] = useState("");
  const [file, setFile] = useState<File>();
  const [validDays, setValidDays] = useState("365");
  const [error, setError] = useState<string>();
  if (choices.length === 0) return <div className="card"><h2>Attest</h2><p className="empty">You are not accredited for the kinds requested.</p></div>;
  const needsAmount = hasAmountValue(kind);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    setError(undefined);
    const units = needsAmount ? parseTokenAmount(amount) : 0n;
    if (units === undefined) return setError("Enter the amount in yuan.");
    if (!file && report.trim().length < 10) return setError("Attach the report or summarise it (at least 10 characters).");
    const days = Number(validDays);
    if (!Number.isInteger(days) || days < 0) return setError("Validity is a whole number of days (0 for no expiry).");
    const receipt = await run("Attest", async ({ publicClient, write, step }) => {
      step("Hashing the report …");
      const dataHash = file ? await hashFile(file) : keccak256(stringToBytes(report.trim()));
      const request = await prepareAttestation(publicClient, {
        kind: kind as AttestationKind,
        about: about === "loan" ? { loanId } : { account: enterprise },
        value: kind === AttestationKind.CreditRating ? rating : units,
        dataHash,
        validFor: days * 86_400,
      });
      return write({ contract: "attestations", functionName: "attest", args: [request] });
    });
    // Attested: the form starts empty again, so a second click cannot attest the same statement twice.
    if (receipt) {
      form.reset();
      setAmount("");
      setReport("");
      setFile(undefined);
      setValidDays("365");
    }
  };

  return (
    <div className="card">
      <h2>Attest</h2>
      <form className="form" onSubmit={submit}>
        <label className="field">
          Kind
          <select name="kind" value={kind} onChange={(e) => { const k = Number(e.target.value); setKind(k); setAbout(k === AttestationKind.Identity ? "enterprise" : "loan"); }}>
            {choices.map((c) => <option key={c} value={c}>{kindLabel(c)}</option>)}
          </select>
        </label>
        <label className="field">
          About
          <select name="about" value={about} onChange={(e) => setAbout(e.target.value as "loan" | "enterprise")}>
            <option value="loan">This demand (loan {String(loanId)})</option>
            <option value="enterprise">The enterprise</option>
          </select>
        </label>
        {kind === AttestationKind.CreditRating ? (
          <label className="field">
            Rating <small>grade {gradeOfRating(rating as (typeof RATINGS)[number])} of 5</small>
            <select name="rating" value={rating} onChange={(e) => setRating(e.target.value)}>
              {RATINGS.map((r) => <option key={r}>{r}</option>)}
            </select>
          </label>
        ) : null}
        {needsAmount ? (
          <label className="field">
            {kind === AttestationKind.Guarantee ? "Coverage (¥)" : "Valuation (¥)"}
            <input name="amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </label>
        ) : null}
        <label className="field">
          Valid for (days) <small>0: no expiry</small>
          <input name="validDays" inputMode="numeric" value={validDays} onChange={(e) => setValidDays(e.target.value)} />
        </label>
        <label className="field">
          Report file <small>hashed in your browser</small>
          <input type="file" onChange={(e) => setFile(e.target.files?.[0])} />
        </label>
        <label className="field wide">
          Or a summary of the report
          <textarea name="report" value={report} onChange={(e) => setReport(e.target.value)} />
        </label>
        <div className="wide row">
          <button className="btn primary" disabled={busy}>Attest</button>
          {error ? <span className="field-error">{error}</span> : null}
        </div>
      </form>
      <TxStatus state={state} />
    </div>
  );
}

function BondForm({ loanId, bond }: { loanId: bigint; bond: bigint }) {
  const { addresses } = useDeployment();
  const { state, run, busy } = useWrite();
  const [amount, setAmount] = useState("");
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const units = parseTokenAmount(amount);
    if (units === undefined || units === 0n) return setError("Enter the coverage in yuan.");
    await run("Post guarantee bond", async ({ account, send, publicClient, step }) => {
      const { approval, call } = await preparePostBond(publicClient, { account, loanBook: addresses.LoanBook, token: addresses.DepositToken, loanId, amount: units });
      if (approval) {
        step("Approving the bond …");
        await publicClient.waitForTransactionReceipt({ hash: await send(approval) });
      }
      return send(call);
    });
  };
  return (
    <div className="card">
      <h2>Guarantee bond</h2>
      <p className="muted">Locked in the loan book before listing; paid out to investors on default. Bond now: {money(bond)}.</p>
      <form className="row" onSubmit={submit}>
        <label className="field">
          Bond to lock (¥)
          <input name="bond" inputMode="decimal" placeholder="e.g. 45000" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <button className="btn" disabled={busy}>Post bond</button>
        {error ? <span className="field-error">{error}</span> : null}
      </form>
      <TxStatus state={state} />
    </div>
  );
}
