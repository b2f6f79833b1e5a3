"use client";
import { getAddress, type Address } from "viem";
import type { Role, Status } from "@lib/enums";
import type { ParticipantListRow } from "../../../indexer/lists";
import { useIndexList } from "./useIndex";
import type { PageQuery } from "./useLoans";
import type { Participant } from "./useRole";

export interface ParticipantRow extends Participant {
  address: Address;
  active: boolean;
}

/** Admitted accounts with their record and standing at the index's last block (for the regulator and the operator), in order of admission unless paged otherwise. */
export function useParticipants(filter: { roles?: readonly Role[]; statuses?: readonly Status[]; search?: string } = {}, paging: PageQuery = {}, enabled = true) {
  const query = useIndexList<ParticipantListRow>(
    "participants",
    { role: filter.roles?.length ? filter.roles : undefined, status: filter.statuses?.length ? filter.statuses : undefined, search: filter.search || undefined, offset: paging.offset, limit: paging.limit ?? 100, sort: paging.sort, order: paging.order },
    enabled,
  );
  const data = query.data?.rows.map(
    (r): ParticipantRow => ({ address: getAddress(r.account), role: r.role, status: r.status, agencyKinds: r.agencyKinds, suitability: r.suitability, scale: r.scale, admittedAt: r.admittedAt, expiresAt: r.expiresAt, active: r.active }),
  );
  return { ...query, data, page: query.data };
}
