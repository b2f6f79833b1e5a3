"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address } from "viem";
import { readAttestations, type AttestationRow } from "@lib/attestations";
import { useDeployment } from "./useDeployment";

export type { AttestationRow };

/** Attestations filtered by subject and/or attester, from the registry's events, each with its validity now. */
export function useAttestations(filter: { loanId?: bigint; enterprise?: Address; attester?: Address; kind?: number }, enabled = true) {
  const client = usePublicClient();
  const { addresses, fromBlock } = useDeployment();
  return useQuery({
    queryKey: ["attestations", filter.loanId?.toString(), filter.enterprise, filter.attester, filter.kind],
    enabled: enabled && !!client,
    queryFn: (): Promise<AttestationRow[]> => readAttestations(client!, { registry: addresses.AttestationRegistry, fromBlock, ...filter }),
  });
}
