"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
// Type only: erased at build, so no server code reaches the browser.
import type { EventView } from "../../../indexer/views";

/**
 * Reads of the app server's ledger index (/api/ledger/...), for the signed-in regulator: the server syncs the
 * index to the chain head before answering, and checks the session's role on the registry every time.
 */

/** The chain and block an answer of the index comes from (indexer/chain.ts IndexedChain). */
export interface IndexedChain {
  chainId: number | null;
  genesisHash: string | null;
  block: { number: number; hash: string | null; time: number } | null;
}

export interface IndexStatus {
  network: string | null;
  chain: IndexedChain;
  startBlock: number;
  lastBlock: number | null;
  lastBlockTime: number | null;
  events: number;
  loans: number;
  participants: number;
  attestations: number;
  paused: boolean;
}

/** One event of the index, as the server's ledger routes return it (the indexer's own view type). */
export type LedgerEvent = EventView;

export interface AuditFinding {
  rule: string;
  severity: "error" | "warning";
  loan?: number;
  participant?: string;
  attestation?: string;
  detail: string;
}

export interface AuditAnswer {
  ok: boolean;
  network: string;
  chainId: number;
  chain: IndexedChain;
  headBlock: number;
  headTime: number;
  events: number;
  findings: AuditFinding[];
  rules: { rule: string; description: string; checks: number; errors: number; warnings: number }[];
  seconds: number;
  ranAt?: number;
}

async function read<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, { cache: "no-store", ...init });
  const body = await response.json().catch(() => ({ error: `the server answered ${response.status}` }));
  if (!response.ok) throw new Error(body.error ?? `the server answered ${response.status}`);
  return body as T;
}

/** A GET of the ledger API once the regulator is signed in; `path` undefined waits. */
export function useLedger<T>(path: string | undefined) {
  const query = useQuery({
    queryKey: ["ledger", path],
    enabled: path !== undefined,
    queryFn: () => read<T>(path!),
    retry: false,
    refetchOnWindowFocus: false,
  });
  return query;
}

/** The last audit, or null; `replaced` says why an audit of a chain the node no longer serves is not shown. */
export interface LastAuditAnswer {
  audit: AuditAnswer | null;
  replaced?: string;
}

/** Runs the audit on the server (sync, replay, chain comparison, reports). */
export function useRunAudit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => read<{ audit: AuditAnswer }>("/api/ledger/audit", { method: "POST" }),
    onSuccess: (answer) => queryClient.setQueryData(["ledger", "/api/ledger/audit"], answer),
  });
}

/** Empties the server's index and builds it again from the chain; every ledger answer is read again after. */
export function useRebuildIndex() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => read<{ status: IndexStatus }>("/api/ledger/rebuild", { method: "POST" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["ledger"] }),
  });
}
