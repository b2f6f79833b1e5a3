"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address } from "viem";
import { useDeployment } from "./useDeployment";
import { useContracts } from "./useContracts";
import { inLogWindows } from "@lib/logWindows";

export interface ServiceRequest {
  loanId: bigint;
  agency: Address;
  kinds: number;
  operator: Address;
  blockNumber: bigint;
}

/** ServiceRequested events: the services the operator asked of an agency, or on a loan. */
export function useServiceRequests(filter: { agency?: Address; loanId?: bigint }) {
  const client = usePublicClient();
  const contracts = useContracts();
  const { fromBlock } = useDeployment();
  return useQuery({
    queryKey: ["serviceRequests", filter.agency, filter.loanId?.toString()],
    enabled: !!client && !!contracts,
    queryFn: async (): Promise<ServiceRequest[]> => {
      const logs = await inLogWindows(client!, fromBlock, (range) => contracts!.loanBook.getEvents.ServiceRequested(
        { ...(filter.agency ? { agency: filter.agency } : {}), ...(filter.loanId !== undefined ? { id: filter.loanId } : {}) },
        range,
      ));
      return logs.map((l) => ({ loanId: l.args.id!, agency: l.args.agency!, kinds: Number(l.args.kinds), operator: l.args.operator!, blockNumber: l.blockNumber }));
    },
  });
}
