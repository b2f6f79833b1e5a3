"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { InvestorPreferences } from "@lib/matching";
import type { BusinessScale } from "@lib/enums";

/** Preferences as the app server keeps them (amounts as decimal strings of token units). */
export interface StoredPreferences {
  minAmount?: string;
  maxAmount?: string;
  scales?: number[];
  maxRiskGrade?: number;
  minTermDays?: number;
  maxTermDays?: number;
}

export function toMatching(p: StoredPreferences): InvestorPreferences {
  return {
    ...(p.minAmount ? { minAmount: BigInt(p.minAmount) } : {}),
    ...(p.maxAmount ? { maxAmount: BigInt(p.maxAmount) } : {}),
    ...(p.scales?.length ? { scales: p.scales as BusinessScale[] } : {}),
    ...(p.maxRiskGrade ? { maxRiskGrade: p.maxRiskGrade } : {}),
    ...(p.minTermDays !== undefined ? { minTermDays: p.minTermDays } : {}),
    ...(p.maxTermDays !== undefined ? { maxTermDays: p.maxTermDays } : {}),
  };
}

/** The signed-in investor's saved preferences, and a save that answers the server's sentence on a bad field. */
export function usePreferences() {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ["preferences"],
    queryFn: async () => {
      const response = await fetch("/api/preferences", { cache: "no-store" });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error);
      return body as StoredPreferences;
    },
  });
  const save = useCallback(
    async (p: StoredPreferences): Promise<string | undefined> => {
      const response = await fetch("/api/preferences", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(p) });
      const body = await response.json();
      if (!response.ok) return body.error as string;
      await queryClient.invalidateQueries({ queryKey: ["preferences"] });
      return undefined;
    },
    [queryClient],
  );
  return { ...query, save };
}
