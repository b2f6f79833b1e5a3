"use client";
import { useAttestations } from "@/hooks/useAttestations";
import { useParticipantAddress } from "@/hooks/useAccount";
import { AttestationTable } from "@/components/AttestationTable";
import { RevokeButton } from "@/components/RevokeButton";

export default function AgencyAttestations() {
  const me = useParticipantAddress();
  const rows = useAttestations({ attester: me });
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Your attestations</h1>
          <p>Every statement you signed, valid or revoked. A revocation is recorded beside the statement; nothing is erased.</p>
        </div>
      </div>
      <div className="card"><AttestationTable rows={rows.data && [...rows.data].reverse()} action={(r) => <RevokeButton row={r} />} /></div>
    </>
  );
}
