"use client";
import { useState, useSyncExternalStore } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
// Types only: erased at build, so no server code reaches the browser.
import type { Freshness, Page } from "../../../indexer/lists";
import type { ListName } from "../../../indexer/listApi";

/**
 * Reads of the app server's lists (/api/index/...): pages of the ledger index, filtered, sorted and checked
 * against the signed-in account's role on the server. Every answer says how fresh the index is; the last one seen
 * is what the page's freshness line shows. After a write of this browser confirms, lists ask the server for an
 * index that has reached the write's block (`atLeast`), so what the user just did is on screen.
 */

export type IndexFreshness = Freshness & { checkedAt: number | null };
export type IndexPage<T> = Page<T> & { freshness: IndexFreshness };

type ParamValue = string | number | bigint | boolean | undefined | readonly (string | number | bigint)[];
export type ListParams = Record<string, ParamValue>;

// ------------------------------------------------------------------ the browser's own writes and the freshness seen

let writtenBlock: bigint | undefined;
/** Records the block of a confirmed write: later list reads wait for the index to reach it. */
export function noteWrittenBlock(block: bigint): void {
  if (writtenBlock === undefined || block > writtenBlock) writtenBlock = block;
}

let seen: { freshness: IndexFreshness; at: number } | undefined;
const listeners = new Set<() => void>();
function noteFreshness(freshness: IndexFreshness): void {
  if (seen && freshness.block !== null && seen.freshness.block !== null && freshness.block < seen.freshness.block && Date.now() - seen.at < 5_000) return;
  seen = { freshness, at: Date.now() };
  for (const listener of listeners) listener();
}

/** The freshness of the last list answer this page received, and when it arrived (ms). */
export function useSeenFreshness() {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => seen,
    () => undefined,
  );
}

// ------------------------------------------------------------------ reading a list

export function listPath(list: ListName, params: ListParams): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    query.set(key, Array.isArray(value) ? value.map(String).join(",") : String(value));
  }
  if (writtenBlock !== undefined) query.set("atLeast", writtenBlock.toString());
  const text = query.toString();
  return `/api/index/${list}${text ? `?${text}` : ""}`;
}

async function readList<B extends { freshness: IndexFreshness }>(list: ListName, params: ListParams): Promise<B> {
  const response = await fetch(listPath(list, params), { cache: "no-store" });
  const body = await response.json().catch(() => ({ error: `the server answered ${response.status}` }));
  if (!response.ok) throw new Error(body.error ?? `the server answered ${response.status}`);
  noteFreshness((body as B).freshness);
  return body as B;
}

/** One page of a list; `params` carry its filters and paging (offset, limit, sort, order). */
export function useIndexList<T>(list: ListName, params: ListParams, enabled = true) {
  return useIndexAnswer<IndexPage<T>>(list, params, enabled);
}

/** Any answer of the list API (a page, or the summary), with its freshness. */
export function useIndexAnswer<B extends { freshness: IndexFreshness }>(list: ListName, params: ListParams, enabled = true) {
  const key = Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, Array.isArray(v) ? v.map(String).join(",") : String(v)]);
  return useQuery({
    queryKey: ["index", list, key],
    enabled,
    queryFn: () => readList<B>(list, params),
    // The rows on screen stay while the next page or a refresh arrives.
    placeholderData: keepPreviousData,
    // The index follows the chain: a list on screen follows the index.
    refetchInterval: 10_000,
  });
}

/** Paging state of one list on screen: where it starts and how many rows a page holds. */
export function usePaging(limit = 25) {
  const [offset, setOffset] = useState(0);
  return { offset, limit, setOffset };
}
export type Paging = ReturnType<typeof usePaging>;
