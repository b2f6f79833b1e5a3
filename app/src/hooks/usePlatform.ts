"use client";
import { useQuery } from "@tanstack/react-query";
import { useContracts } from "./useContracts";

/** The regulator's policy in force and whether the platform is paused. */
export function usePlatform() {
  const contracts = useContracts();
  return useQuery({
    queryKey: ["platform"],
    enabled: !!contracts,
    queryFn: async () => {
      const [policy, paused] = await Promise.all([
        contracts!.registry.read.policy(),
        contracts!.registry.read.paused(),
      ]);
      return { policy, paused };
    },
  });
}
