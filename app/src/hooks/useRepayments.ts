"use client";
import { getAddress, type Address } from "viem";
import type { RepaymentListRow } from "../../../indexer/lists";
import { useIndexList } from "./useIndex";
import type { PageQuery } from "./useLoans";

export interface RepaymentRow {
  loanId: bigint;
  payer: Address;
  amount: bigint;
  repaid: bigint;
  timestamp: number;
  blockNumber: bigint;
}

/** Repayments of the given loans (at most a page of them) from the index, newest first, with their block times. */
export function useRepayments(loanIds: bigint[] | undefined, paging: PageQuery = {}) {
  const query = useIndexList<RepaymentListRow>("repayments", { loans: loanIds?.slice(0, 100), offset: paging.offset, limit: paging.limit ?? 100, sort: paging.sort, order: paging.order }, !!loanIds && loanIds.length > 0);
  const data = loanIds?.length === 0
    ? []
    : query.data?.rows.map((r): RepaymentRow => ({ loanId: BigInt(r.loanId), payer: getAddress(r.payer), amount: BigInt(r.amount), repaid: BigInt(r.repaid), timestamp: r.blockTime, blockNumber: BigInt(r.blockNumber) }));
  return { ...query, data, page: query.data };
}
