"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { participantRegistryAbi } from "@lib/generated/abis";
import { useDeployment } from "./useDeployment";

/** The regulator's policy in force and whether the platform is paused. */
export function usePlatform() {
  const client = usePublicClient();
  const { addresses } = useDeployment();
  return useQuery({
    queryKey: ["platform"],
    enabled: !!client,
    queryFn: async () => {
      const [policy, paused] = await Promise.all([
        client!.readContract({ address: addresses.ParticipantRegistry, abi: participantRegistryAbi, functionName: "policy" }),
        client!.readContract({ address: addresses.ParticipantRegistry, abi: participantRegistryAbi, functionName: "paused" }),
      ]);
      return { policy, paused };
    },
  });
}
