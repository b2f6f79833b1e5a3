"use client";
import { getAddress, type Address } from "viem";
import { REFUNDABLE_STATES, inStates } from "@lib/lifecycle";
import type { LoanTotals, PositionListRow } from "../../../indexer/lists";
import { useIndexAnswer, useIndexList, type IndexFreshness } from "./useIndex";
import { loanOfRow, type LoanWithPurpose, type PageQuery } from "./useLoans";

export interface Position {
  loan: LoanWithPurpose;
  investor: Address;
  contributed: bigint;
  claimed: bigint;
  claimable: bigint;
  /** What a refund would pay now (a cancelled or failed loan not yet refunded). */
  refundDue: bigint;
}

/** A page of positions from the index: the signed-in investor's own (the regulator and operator may name an investor or a loan). */
export function usePortfolio(filter: { investor?: Address; loanId?: bigint } = {}, paging: PageQuery = {}) {
  const query = useIndexList<PositionListRow>("portfolio", { investor: filter.investor, loan: filter.loanId, offset: paging.offset, limit: paging.limit ?? 100, sort: paging.sort, order: paging.order });
  const data = query.data?.rows.map((r): Position => {
    const loan = loanOfRow(r.loan);
    const contributed = BigInt(r.contributed);
    return {
      loan,
      investor: getAddress(r.investor),
      contributed,
      claimed: BigInt(r.claimed),
      claimable: BigInt(r.claimable),
      refundDue: inStates(REFUNDABLE_STATES, loan.state) && !r.refunded ? contributed : 0n,
    };
  });
  return { ...query, data, page: query.data };
}

/** The book's totals by state over the loans the signed-in role may list, and (regulator and operator) the participants by role and status. */
export function useSummary() {
  return useIndexAnswer<{ loans: LoanTotals[]; participants: { role: number; status: number; count: number }[] | null; freshness: IndexFreshness }>("summary", {});
}
