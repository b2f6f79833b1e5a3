"use client";
import { useAttestations } from "@/hooks/useAttestations";
import { usePaging } from "@/hooks/useIndex";
import { Pager } from "@/components/Pager";
import { useParticipantAddress } from "@/hooks/useAccount";
import { AttestationTable } from "@/components/AttestationTable";
import { RevokeButton } from "@/components/RevokeButton";

export default function AgencyAttestations() {
  const me = useParticipantAddress();
  const paging = usePaging(50);
  const rows = useAttestations({ attester: me }, true, { ...paging, order: "desc" });
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Your attestations</h1>
          <p>Every statement you signed, valid or revoked. A revocation is recorded beside the statement; nothing is erased.</p>
        </div>
      </div>
      <div className="card">{rows.isPending ? <p className="muted">Loading …</p> : <AttestationTable rows={rows.data ?? []} action={(r) => <RevokeButton row={r} />} />}<Pager paging={paging} total={rows.page?.total} label="attestations" /></div>
    </>
  );
}
