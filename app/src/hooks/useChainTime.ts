"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";

/** The latest block's timestamp: the chain's "now", which decides deadlines (a local chain may run ahead of the clock). */
export function useChainTime() {
  const client = usePublicClient();
  return useQuery({
    queryKey: ["chainTime"],
    enabled: !!client,
    queryFn: async () => Number((await client!.getBlock({ blockTag: "latest" })).timestamp),
  });
}
