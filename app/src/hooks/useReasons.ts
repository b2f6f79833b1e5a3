"use client";
import { getAddress, type Hex } from "viem";
import { reasonMatches, type RecordedReason } from "@lib/reasons";
import type { ReasonListRow } from "../../../indexer/lists";
import { useIndexList } from "./useIndex";

export type { RecordedReason };

/** A reason or notice of the index as the pages use it. */
export const reasonOfRow = (r: ReasonListRow): RecordedReason => ({
  action: r.action,
  loanId: r.loanId === null ? undefined : BigInt(r.loanId),
  account: r.account ? getAddress(r.account) : undefined,
  uid: (r.uid ?? undefined) as Hex | undefined,
  subject: (r.subject ?? undefined) as Hex | undefined,
  text: r.text,
  hash: r.hash as Hex,
  matches: reasonMatches(r.text, r.hash as Hex),
  by: r.by ? getAddress(r.by) : undefined,
  blockNumber: BigInt(r.blockNumber),
  txHash: r.txHash as Hex,
});

/**
 * The reasons and supervision notices in words about a loan (its freezes, the notices about it) or about some
 * accounts (their suspensions and revocations, the notices about them), oldest first, from the ledger index; the
 * server answers what the signed-in account may read. Each can be checked against the chain (ReasonText).
 */
export function useReasons(about: { loanId?: bigint; accounts?: readonly string[] }, enabled = true) {
  const accounts = about.accounts && [...about.accounts].map((a) => a.toLowerCase()).sort();
  const query = useIndexList<ReasonListRow>("reasons", { loan: about.loanId, accounts, limit: 100 }, enabled && (about.loanId !== undefined || (accounts?.length ?? 0) > 0));
  return { ...query, data: query.data?.rows.map(reasonOfRow) };
}
