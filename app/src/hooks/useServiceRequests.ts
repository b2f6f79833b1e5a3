"use client";
import { getAddress, type Address } from "viem";
import type { ServiceRequestListRow } from "../../../indexer/lists";
import { useIndexList } from "./useIndex";
import type { PageQuery } from "./useLoans";

export interface ServiceRequest {
  loanId: bigint;
  agency: Address;
  kinds: number;
  operator: Address;
  blockNumber: bigint;
}

/** The services the operator asked of an agency, or on a loan, from the index; oldest first unless paged otherwise. */
export function useServiceRequests(filter: { agency?: Address; loanId?: bigint }, paging: PageQuery = {}) {
  const query = useIndexList<ServiceRequestListRow>("requests", {
    agency: filter.agency,
    loans: filter.loanId !== undefined ? [filter.loanId] : undefined,
    offset: paging.offset,
    limit: paging.limit ?? 100,
    sort: paging.sort,
    order: paging.order ?? "asc",
  });
  const data = query.data?.rows.map((r): ServiceRequest => ({ loanId: BigInt(r.loanId), agency: getAddress(r.agency), kinds: r.kinds, operator: getAddress(r.operator), blockNumber: BigInt(r.blockNumber) }));
  return { ...query, data, page: query.data };
}
