"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address } from "viem";
import { useDeployment } from "./useDeployment";
import { useContracts } from "./useContracts";
import { inLogWindows } from "@lib/logWindows";

export interface RepaymentRow {
  loanId: bigint;
  payer: Address;
  amount: bigint;
  repaid: bigint;
  timestamp: number;
  blockNumber: bigint;
}

/** Repaid events of the given loans, newest first, with their block times. */
export function useRepayments(loanIds: bigint[] | undefined) {
  const client = usePublicClient();
  const contracts = useContracts();
  const { fromBlock } = useDeployment();
  return useQuery({
    queryKey: ["repayments", loanIds?.map(String).join(",")],
    enabled: !!client && !!contracts && !!loanIds,
    queryFn: async (): Promise<RepaymentRow[]> => {
      if (loanIds!.length === 0) return [];
      const logs = await inLogWindows(client!, fromBlock, (range) => contracts!.loanBook.getEvents.Repaid({ id: loanIds }, range));
      const blocks = new Map<bigint, number>();
      for (const b of new Set(logs.map((l) => l.blockNumber))) blocks.set(b, Number((await client!.getBlock({ blockNumber: b })).timestamp));
      return logs
        .map((l) => ({ loanId: l.args.id!, payer: l.args.payer!, amount: l.args.amount!, repaid: l.args.repaid!, timestamp: blocks.get(l.blockNumber)!, blockNumber: l.blockNumber }))
        .reverse();
    },
  });
}
