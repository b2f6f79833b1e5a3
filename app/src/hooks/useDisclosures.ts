"use client";
import { getAddress, type Address, type Hex } from "viem";
import type { AttestationListRow } from "../../../indexer/lists";
import { useIndexList } from "./useIndex";
import type { PageQuery } from "./useLoans";

export interface Disclosure {
  uid: Hex;
  enterprise: Address;
  period: number;
  revenue: bigint;
}

/** Operating disclosures (monthly revenue) of one enterprise, or of all for the regulator and operator, from the index: by period, oldest first unless paged otherwise. */
export function useDisclosures(enterprise?: Address, paging: PageQuery = {}) {
  const query = useIndexList<AttestationListRow>("disclosures", { enterprise, offset: paging.offset, limit: paging.limit ?? 100, sort: paging.sort, order: paging.order });
  const data = query.data?.rows.map((r): Disclosure => ({ uid: r.uid as Hex, enterprise: getAddress(r.attester), period: r.period ?? 0, revenue: BigInt(r.value) }));
  return { ...query, data, page: query.data };
}
