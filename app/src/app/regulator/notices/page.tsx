"use client";
import { useState, type FormEvent } from "react";
import { isAddress, zeroHash, type Hex } from "viem";
import { AttestationKind } from "@lib/enums";
import { accountSubject, loanSubject } from "@lib/attestations";
import { parseLoanId } from "@lib/loans";
import { useAttestations } from "@/hooks/useAttestations";
import { useParticipantAddress } from "@/hooks/useAccount";
import { useWrite } from "@/hooks/useWrite";
import { AttestationTable } from "@/components/AttestationTable";
import { RevokeButton } from "@/components/RevokeButton";
import { TxStatus } from "@/components/TxStatus";

export default function Notices() {
  const me = useParticipantAddress();
  const notices = useAttestations({ attester: me, kind: AttestationKind.SupervisionNotice });
  const { state, run, busy } = useWrite();
  const [subject, setSubject] = useState("");
  const [severity, setSeverity] = useState("1");
  const [text, setText] = useState("");
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const s = subject.trim();
    const loanId = parseLoanId(s);
    let encoded: Hex;
    let refUID: Hex = zeroHash;
    if (loanId !== undefined) encoded = loanSubject(loanId);
    else if (isAddress(s)) encoded = accountSubject(s);
    else if (/^0x[0-9a-fA-F]{64}$/.test(s)) encoded = refUID = s as Hex;
    else return setError("The subject is a loan number, a participant's address or an attestation uid.");
    if (text.trim().length < 10) return setError("Write the notice (at least 10 characters).");
    await run("Publish notice", ({ write }) =>
      write({ contract: "attestations", functionName: "publishNotice", args: [encoded, BigInt(severity), refUID, text.trim()] }),
    );
  };
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Supervision notices</h1>
          <p>Notices about a loan, a participant or an attestation, recorded on the ledger beside what they concern.</p>
        </div>
      </div>
      <div className="card">
        <h2>Publish a notice</h2>
        <form className="form" onSubmit={submit}>
          <label className="field">Subject <small>loan number, address or attestation uid</small><input name="subject" value={subject} onChange={(e) => setSubject(e.target.value)} /></label>
          <label className="field">
            Severity
            <select name="severity" value={severity} onChange={(e) => setSeverity(e.target.value)}>
              <option value="1">Information</option>
              <option value="2">Warning</option>
              <option value="3">Action required</option>
            </select>
          </label>
          <label className="field wide">Notice <small>recorded on the ledger in these words, with their hash</small><textarea name="notice" value={text} onChange={(e) => setText(e.target.value)} /></label>
          <div className="wide row">
            <button className="btn primary" disabled={busy}>Publish</button>
            {error ? <span className="field-error">{error}</span> : null}
          </div>
        </form>
        <TxStatus state={state} />
      </div>
      <div className="card">
        <h2>Published</h2>
        <AttestationTable rows={notices.data && [...notices.data].reverse()} action={(r) => <RevokeButton row={r} />} empty="No notices yet." />
      </div>
    </>
  );
}
