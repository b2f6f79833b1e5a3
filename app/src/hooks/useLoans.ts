"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address } from "viem";
import { readLoan, type LoanView } from "@lib/loans";
import type { LoanState } from "@lib/enums";
import type { LoanListRow } from "../../../indexer/lists";
import { loanOfRow, type LoanWithPurpose } from "../../../indexer/loanRow";
import { useDeployment } from "./useDeployment";
import { useContracts } from "./useContracts";
import { useIndexList, type IndexPage, type ListParams } from "./useIndex";

export { loanOfRow, type LoanWithPurpose };

/** Filters of the loan list (the server narrows them further to what the signed-in role may read). */
export interface LoanQuery {
  states?: readonly LoanState[];
  enterprise?: Address;
  investor?: Address;
  ids?: readonly bigint[];
  maxGrade?: number;
  search?: string;
}

/** Paging of a list: where the page starts, how many rows, and by what it is sorted. */
export interface PageQuery {
  offset?: number;
  limit?: number;
  sort?: string;
  order?: "asc" | "desc";
}

/**
 * A page of the loans the signed-in account may read, from the ledger index: each with its purpose and its
 * enterprise's business scale. `data` holds the page's loans, `page` the total and the paging. Without paging, the
 * first MAX rows by id, newest first.
 */
export function useLoans(filter: LoanQuery = {}, paging: PageQuery = {}, enabled = true) {
  const params: ListParams = {
    state: filter.states?.length ? filter.states : undefined,
    enterprise: filter.enterprise,
    investor: filter.investor,
    ids: filter.ids?.length ? filter.ids : undefined,
    maxGrade: filter.maxGrade,
    search: filter.search || undefined,
    offset: paging.offset,
    limit: paging.limit ?? 100,
    sort: paging.sort,
    order: paging.order,
  };
  const query = useIndexList<LoanListRow>("loans", params, enabled && (filter.ids === undefined || filter.ids.length > 0));
  const page: IndexPage<LoanListRow> | undefined = query.data;
  return { ...query, data: filter.ids?.length === 0 ? [] : page?.rows.map(loanOfRow), page, isPending: filter.ids?.length === 0 ? false : query.isPending };
}

export interface LoanData {
  loan: LoanView;
  next: { number: bigint; dueAt: bigint; amount: bigint };
  toClose: bigint;
}

/** One loan, live from the chain (the object on screen), with what is due next and what would close it now. */
export function useLoan(id: bigint | undefined) {
  const client = usePublicClient();
  const contracts = useContracts();
  const { addresses } = useDeployment();
  return useQuery({
    queryKey: ["loan", id?.toString()],
    enabled: !!client && !!contracts && id !== undefined,
    queryFn: async (): Promise<LoanData | null> => {
      const count = await contracts!.loanBook.read.loanCount();
      if (id! < 1n || id! > count) return null;
      const [loan, next, toClose] = await Promise.all([
        readLoan(client!, addresses.LoanBook, id!),
        contracts!.loanBook.read.nextInstalment([id!]),
        contracts!.loanBook.read.amountToClose([id!]),
      ]);
      return { loan, next: { number: next[0], dueAt: next[1], amount: next[2] }, toClose };
    },
  });
}
