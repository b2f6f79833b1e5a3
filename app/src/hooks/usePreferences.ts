"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { toMatching, type StoredPreferences } from "@lib/matching";

export { toMatching, type StoredPreferences };

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
      // Recommendations are ranked with the saved preferences: rank again.
      await Promise.all([queryClient.invalidateQueries({ queryKey: ["preferences"] }), queryClient.invalidateQueries({ queryKey: ["index", "recommendations"] })]);
      return undefined;
    },
    [queryClient],
  );
  return { ...query, save };
}
