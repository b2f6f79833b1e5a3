import { LoanState } from "../lib/enums";
import { matchLoans, type InvestorPreferences, type Reason } from "../lib/matching";
import { allLoans, countLoans, freshness, type LoanListRow, type Page } from "./lists";
import { loanOfRow } from "./loanRow";
import type { Sql } from "./sql";

/**
 * An investor's recommendations, ranked across every listed loan of the index (not a page of them): lib/matching.ts
 * `matchLoans` over the loans the investor may fund, at the index's "now" (its last block's time), with the
 * investor's suitability from the index and the preferences the caller passes (the app server keeps them).
 *
 * SQL narrows the candidates to what matching would refuse anyway (listed, not frozen, risk grade within the
 * suitability); matching checks those again with the rest (funding window, remaining amount, preferences) and ranks.
 */

export interface RecommendationRow {
  /** 1 = pushed first, over all the investor's matches. */
  rank: number;
  /** What remains to fund (decimal token units). */
  remaining: string;
  /** Why the loan matches, one line per criterion met. */
  reasons: Reason[];
  loan: LoanListRow;
}

export interface RecommendationPage extends Page<RecommendationRow> {
  /** The investor's suitability level in the index (0 when none). */
  suitability: number;
  /** Listed loans that do not match the investor (suitability, freeze, funding window or preferences). */
  rejected: number;
}

export async function recommendLoans(sql: Sql, investor: string, preferences: InvestorPreferences, window: { offset: number; limit: number }): Promise<RecommendationPage> {
  const participant = await sql.get<{ suitability: number }>("SELECT suitability FROM participants WHERE account = ?", [investor.toLowerCase()]);
  const suitability = Number(participant?.suitability ?? 0);
  const [rows, listed, fresh] = await Promise.all([
    allLoans(sql, { states: [LoanState.Listed], frozen: false, maxRiskGrade: suitability }),
    countLoans(sql, { states: [LoanState.Listed] }),
    freshness(sql),
  ]);
  const byId = new Map(rows.map((r) => [BigInt(r.id), r]));
  const { matches } = matchLoans(rows.map(loanOfRow), { suitability, preferences }, fresh.blockTime ?? 0);
  return {
    rows: matches.slice(window.offset, window.offset + window.limit).map((m) => ({ rank: m.rank, remaining: m.remaining.toString(), reasons: m.reasons, loan: byId.get(m.loan.id)! })),
    total: matches.length,
    offset: window.offset,
    limit: window.limit,
    sort: "rank",
    order: "asc",
    suitability,
    rejected: listed - matches.length,
  };
}
