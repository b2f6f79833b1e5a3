"use client";
import { getAddress, type Address, type Hex } from "viem";
import type { AttestationRow } from "@lib/attestations";
import type { AttestationListRow } from "../../../indexer/lists";
import { useIndexList } from "./useIndex";
import type { PageQuery } from "./useLoans";
import { reasonOfRow, type RecordedReason } from "./useReasons";

export type { AttestationRow };

/** An attestation with what the ledger recorded in words beside it: a notice's text, a revocation's reason. */
export type WordedAttestation = AttestationRow & { notice?: RecordedReason; revocation?: RecordedReason };

/** An attestation row of the index as the pages use them. */
export const attestationOfRow = (r: AttestationListRow): WordedAttestation => ({
  uid: r.uid as Hex,
  kind: r.kind,
  kindName: r.kindName,
  attester: getAddress(r.attester),
  subject: r.subject as Hex,
  value: BigInt(r.value),
  dataHash: r.dataHash as Hex,
  relayer: getAddress(r.relayer),
  expiresAt: r.expiresAt,
  valid: r.valid,
  revoked: r.revoked,
  blockNumber: BigInt(r.blockNumber),
  notice: r.notice ? reasonOfRow(r.notice) : undefined,
  revocation: r.revocation ? reasonOfRow(r.revocation) : undefined,
});

/**
 * Attestations about a loan and/or its enterprise, or by an attester, from the ledger index, each with its validity
 * at the index's last block; oldest first unless paged otherwise.
 */
export function useAttestations(filter: { loanId?: bigint; enterprise?: Address; attester?: Address; kind?: number }, enabled = true, paging: PageQuery = {}) {
  const query = useIndexList<AttestationListRow>(
    "attestations",
    { loan: filter.loanId, enterprise: filter.enterprise, attester: filter.attester, kind: filter.kind, offset: paging.offset, limit: paging.limit ?? 100, sort: paging.sort, order: paging.order ?? "asc" },
    enabled,
  );
  return { ...query, data: query.data?.rows.map(attestationOfRow), page: query.data };
}
