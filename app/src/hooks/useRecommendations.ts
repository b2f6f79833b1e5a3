"use client";
import type { Reason } from "@lib/matching";
// Types only: erased at build, so no server code reaches the browser.
import type { RecommendationPage } from "../../../indexer/recommendations";
import { loanOfRow, type LoanWithPurpose } from "../../../indexer/loanRow";
import { useIndexAnswer, type IndexFreshness } from "./useIndex";
import type { PageQuery } from "./useLoans";

export interface Recommendation {
  /** 1 = pushed first, over every listed loan. */
  rank: number;
  remaining: bigint;
  reasons: Reason[];
  loan: LoanWithPurpose;
}

/**
 * A page of the signed-in investor's recommendations: the app server ranks every listed loan the investor may fund
 * with its suitability and saved preferences (indexer/recommendations.ts). `page` holds the total of matches and
 * how many listed loans do not match (`rejected`).
 */
export function useRecommendations(paging: PageQuery = {}, enabled = true) {
  const query = useIndexAnswer<RecommendationPage & { freshness: IndexFreshness }>("recommendations", { offset: paging.offset, limit: paging.limit }, enabled);
  const data = query.data?.rows.map((r): Recommendation => ({ rank: r.rank, remaining: BigInt(r.remaining), reasons: r.reasons, loan: loanOfRow(r.loan) }));
  return { ...query, data, page: query.data };
}
