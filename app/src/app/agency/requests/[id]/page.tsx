"use client";
import { useState, type FormEvent } from "react";
import { keccak256, stringToBytes, toHex, zeroHash, type Hex } from "viem";
import { AttestationKind, RATINGS, accountSubject, loanSubject } from "@lib/enums";
import { parseTokenAmount } from "@lib/amount";
import { attestationRegistryAbi, depositTokenAbi, loanBookAbi } from "@lib/generated/abis";
import { attestBySignatureArgs, attestTypedData, type AttestTypedDataInput } from "@lib/typedData";
import { ratingCode, gradeOfRating } from "@lib/risk";
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
import { AGENCY_KINDS, kindsText } from "@/components/kinds";
import { money } from "@/components/display";

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
      <Notice title={`Requested from you: ${kindsText(requested)}`}>Read the documents, then sign your attestation with your wallet; it is relayed to the attestation registry.</Notice>
      <div className="grid2">
        <AttestForm loanId={loan.id} enterprise={loan.enterprise} kinds={requested & accredited} />
        {accredited & (1 << AttestationKind.Guarantee) ? <BondForm loanId={loan.id} bond={loan.accounts.bond} /> : <DocumentsPanel loanId={loan.id} />}
      </div>
      {accredited & (1 << AttestationKind.Guarantee) ? <DocumentsPanel loanId={loan.id} /> : null}
      <div className="card">
        <h2>Attestations on this demand and its enterprise</h2>
        <AttestationTable rows={(attestations.data ?? []).filter((a) => a.kind <= AttestationKind.Audit)} action={(r) => (r.attester.toLowerCase() === me.toLowerCase() ? <RevokeButton row={r} /> : null)} />
      </div>
    </>
  );
}

async function hashFile(file: File): Promise<Hex> {
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", await file.arrayBuffer())));
}

function AttestForm({ loanId, enterprise, kinds }: { loanId: bigint; enterprise: `0x${string}`; kinds: number }) {
  const me = useParticipantAddress();
  const { addresses, chainId } = useDeployment();
  const { state, run, busy } = useWrite();
  const choices = AGENCY_KINDS.filter((k) => kinds & (1 << k.kind));
  const [kind, setKind] = useState<number>(choices[0]?.kind ?? 0);
  const [rating, setRating] = useState<string>("A");
  const [amount, setAmount] = useState("");
  const [about, setAbout] = useState<"loan" | "enterprise">(choices[0]?.kind === AttestationKind.Identity ? "enterprise" : "loan");
  const [report, setReport] = useState("");
  const [file, setFile] = useState<File>();
  const [validDays, setValidDays] = useState("365");
  const [error, setError] = useState<string>();
  if (choices.length === 0) return <div className="card"><h2>Attest</h2><p className="empty">You are not accredited for the kinds requested.</p></div>;
  const needsAmount = kind === AttestationKind.Guarantee || kind === AttestationKind.IPValuation;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const units = needsAmount ? parseTokenAmount(amount) : 0n;
    if (units === undefined) return setError("Enter the amount in sDEP.");
    if (!file && report.trim().length < 10) return setError("Attach the report or summarise it (at least 10 characters).");
    const days = Number(validDays);
    if (!Number.isInteger(days) || days < 0) return setError("Validity is a whole number of days (0 for no expiry).");
    await run("Sign and relay attestation", async ({ wallet, publicClient, write, step }) => {
      step("Hashing the report …");
      const dataHash = file ? await hashFile(file) : keccak256(stringToBytes(report.trim()));
      const now = Number((await publicClient.getBlock()).timestamp);
      const input: AttestTypedDataInput = {
        chainId,
        registry: addresses.AttestationRegistry,
        attester: me,
        request: {
          kind: kind as AttestationKind,
          subject: about === "loan" ? loanSubject(loanId) : accountSubject(enterprise),
          value: kind === AttestationKind.CreditRating ? BigInt(ratingCode(rating as (typeof RATINGS)[number])) : units,
          dataHash,
          refUID: zeroHash,
          expiresAt: days > 0 ? now + days * 86_400 : 0,
        },
        nonce: await publicClient.readContract({ address: addresses.AttestationRegistry, abi: attestationRegistryAbi, functionName: "nonces", args: [me] }),
        deadline: BigInt(now + 3600),
      };
      step("Sign the attestation (EIP-712) in your wallet …");
      const signature = await wallet.signTypedData(attestTypedData(input));
      step("Relaying the signed attestation …");
      return write({ address: addresses.AttestationRegistry, abi: attestationRegistryAbi, functionName: "attestBySignature", args: attestBySignatureArgs(input, signature) });
    });
  };

  return (
    <div className="card">
      <h2>Attest</h2>
      <form className="form" onSubmit={submit}>
        <label className="field">
          Kind
          <select name="kind" value={kind} onChange={(e) => { const k = Number(e.target.value); setKind(k); setAbout(k === AttestationKind.Identity ? "enterprise" : "loan"); }}>
            {choices.map((c) => <option key={c.kind} value={c.kind}>{c.label}</option>)}
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
            {kind === AttestationKind.Guarantee ? "Coverage (sDEP)" : "Valuation (sDEP)"}
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
          <button className="btn primary" disabled={busy}>Sign and submit</button>
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
    if (units === undefined || units === 0n) return setError("Enter the coverage in sDEP.");
    await run("Post guarantee bond", async ({ write, publicClient, step }) => {
      step("Approving the bond …");
      await publicClient.waitForTransactionReceipt({ hash: await write({ address: addresses.DepositToken, abi: depositTokenAbi, functionName: "approve", args: [addresses.LoanBook, units] }) });
      return write({ address: addresses.LoanBook, abi: loanBookAbi, functionName: "postBond", args: [loanId, units] });
    });
  };
  return (
    <div className="card">
      <h2>Guarantee bond</h2>
      <p className="muted">Locked in the loan book before listing; paid out to investors on default. Bond now: {money(bond)}.</p>
      <form className="row" onSubmit={submit}>
        <input name="bond" inputMode="decimal" placeholder="Coverage in sDEP" value={amount} onChange={(e) => setAmount(e.target.value)} />
        <button className="btn" disabled={busy}>Post bond</button>
        {error ? <span className="field-error">{error}</span> : null}
      </form>
      <TxStatus state={state} />
    </div>
  );
}
