"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address, Hex } from "viem";
import { attestationRegistryAbi } from "@lib/generated/abis";
import { useDeployment } from "./useDeployment";
import { inLogWindows } from "@lib/logWindows";

export interface Disclosure {
  uid: Hex;
  enterprise: Address;
  period: number;
  revenue: bigint;
}

/** Operating disclosures (monthly revenue) of one enterprise or of all, oldest first. */
export function useDisclosures(enterprise?: Address) {
  const client = usePublicClient();
  const { addresses, fromBlock } = useDeployment();
  return useQuery({
    queryKey: ["disclosures", enterprise],
    enabled: !!client,
    queryFn: async (): Promise<Disclosure[]> => {
      const logs = await inLogWindows(client!, fromBlock, (range) => client!.getContractEvents({
        address: addresses.AttestationRegistry,
        abi: attestationRegistryAbi,
        eventName: "OperatingDisclosed",
        args: enterprise ? { enterprise } : {},
        ...range,
      }));
      return logs.map((l) => ({ uid: l.args.uid!, enterprise: l.args.enterprise!, period: Number(l.args.period), revenue: l.args.revenue! }));
    },
  });
}
