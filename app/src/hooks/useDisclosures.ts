"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address, Hex } from "viem";
import { useDeployment } from "./useDeployment";
import { useContracts } from "./useContracts";
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
  const contracts = useContracts();
  const { fromBlock } = useDeployment();
  return useQuery({
    queryKey: ["disclosures", enterprise],
    enabled: !!client && !!contracts,
    queryFn: async (): Promise<Disclosure[]> => {
      const logs = await inLogWindows(client!, fromBlock, (range) => contracts!.attestations.getEvents.OperatingDisclosed(enterprise ? { enterprise } : {}, range));
      return logs.map((l) => ({ uid: l.args.uid!, enterprise: l.args.enterprise!, period: Number(l.args.period), revenue: l.args.revenue! }));
    },
  });
}
