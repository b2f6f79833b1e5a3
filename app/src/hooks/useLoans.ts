"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Hex } from "viem";
import { readLoan, readLoans, type LoanView } from "@lib/loans";
import type { BusinessScale } from "@lib/enums";
import { useDeployment } from "./useDeployment";
import { useContracts } from "./useContracts";
import { inLogWindows } from "@lib/logWindows";

export interface LoanWithPurpose extends LoanView {
  purpose: string;
  metadataHash: Hex;
  scale: BusinessScale;
}

/** Every loan of the book with its purpose (from LoanPublished) and its enterprise's business scale. */
export function useLoans() {
  const client = usePublicClient();
  const contracts = useContracts();
  const { addresses, fromBlock } = useDeployment();
  return useQuery({
    queryKey: ["loans"],
    enabled: !!client && !!contracts,
    queryFn: async (): Promise<LoanWithPurpose[]> => {
      const [loans, published] = await Promise.all([
        readLoans(client!, addresses.LoanBook),
        inLogWindows(client!, fromBlock, (range) => contracts!.loanBook.getEvents.LoanPublished(undefined, range)),
      ]);
      const enterprises = [...new Set(loans.map((l) => l.enterprise))];
      const scales = new Map(
        await Promise.all(
          enterprises.map(async (e) => {
            const p = await contracts!.registry.read.participant([e]);
            return [e, p.scale as BusinessScale] as const;
          }),
        ),
      );
      return loans.map((l) => {
        const event = published.find((e) => e.args.id === l.id);
        return { ...l, purpose: event?.args.purpose ?? "", metadataHash: event?.args.metadataHash ?? "0x", scale: scales.get(l.enterprise) ?? 0 };
      });
    },
  });
}

export interface LoanData {
  loan: LoanView;
  next: { number: bigint; dueAt: bigint; amount: bigint };
  toClose: bigint;
}

/** One loan, with what is due next and what would close it now. */
export function useLoan(id: bigint | undefined) {
  const client = usePublicClient();
  const contracts = useContracts();
  const { addresses } = useDeployment();
  return useQuery({
    queryKey: ["loan", id?.toString()],
    enabled: !!client && !!contracts && id !== undefined,
    queryFn: async (): Promise<LoanData | null> => {
      const count = await contracts!.loanBook.read.loanCount();
      if (id! < 1n || id! > count) return null;
      const [loan, next, toClose] = await Promise.all([
        readLoan(client!, addresses.LoanBook, id!),
        contracts!.loanBook.read.nextInstalment([id!]),
        contracts!.loanBook.read.amountToClose([id!]),
      ]);
      return { loan, next: { number: next[0], dueAt: next[1], amount: next[2] }, toClose };
    },
  });
}
