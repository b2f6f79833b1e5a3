"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { readReasons, type RecordedReason } from "@lib/reasons";
import { useDeployment } from "./useDeployment";

export type { RecordedReason };

/** Every reason and supervision notice on the ledger, in words, each checked against its recorded hash. */
export function useReasons(enabled = true) {
  const client = usePublicClient();
  const { addresses, fromBlock } = useDeployment();
  return useQuery({
    queryKey: ["reasons"],
    enabled: enabled && !!client,
    queryFn: (): Promise<RecordedReason[]> =>
      readReasons(client!, { registry: addresses.ParticipantRegistry, attestations: addresses.AttestationRegistry, loanBook: addresses.LoanBook, fromBlock }),
  });
}
