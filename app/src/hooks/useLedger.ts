"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
// Types only: erased at build, so no server code reaches the browser.
import type { AuditResult, IndexStatus } from "../../../indexer/wire";

/**
 * Reads of the app server's ledger index (/api/ledger/...), for the signed-in regulator: the server syncs the
 * index to the chain head before answering, and checks the session's role on the registry every time.
 */

export type { EventKind, EventView as LedgerEvent, IndexedChain, IndexStatus } from "../../../indexer/wire";

/** An audit as the audit route answers it: a run just made says when it ran. */
export type AuditAnswer = AuditResult & { ranAt?: number };

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
