"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address, Hex } from "viem";
import { AttestationKind, accountSubject, loanSubject, nameOf } from "@lib/enums";
import { useDeployment } from "./useDeployment";
import { useContracts } from "./useContracts";
import { inLogWindows } from "@lib/logWindows";

export interface AttestationRow {
  uid: Hex;
  kind: number;
  kindName: string;
  attester: Address;
  subject: Hex;
  value: bigint;
  dataHash: Hex;
  relayer: Address;
  expiresAt: number;
  valid: boolean;
  revoked: boolean;
  blockNumber: bigint;
}

/** Attestations filtered by subject and/or attester, from the registry's events, each with its validity now. */
export function useAttestations(filter: { loanId?: bigint; enterprise?: Address; attester?: Address; kind?: number }, enabled = true) {
  const client = usePublicClient();
  const contracts = useContracts();
  const { fromBlock } = useDeployment();
  const subjects = [
    ...(filter.loanId !== undefined ? [loanSubject(filter.loanId)] : []),
    ...(filter.enterprise ? [accountSubject(filter.enterprise)] : []),
  ];
  return useQuery({
    queryKey: ["attestations", filter.loanId?.toString(), filter.enterprise, filter.attester, filter.kind],
    enabled: enabled && !!client && !!contracts,
    queryFn: async (): Promise<AttestationRow[]> => {
      const logs = await inLogWindows(client!, fromBlock, (range) => contracts!.attestations.getEvents.Attested(
        { ...(subjects.length ? { subject: subjects } : {}), ...(filter.attester ? { attester: filter.attester } : {}) },
        range,
      ));
      const rows = logs.filter((l) => filter.kind === undefined || l.args.kind === filter.kind);
      return Promise.all(
        rows.map(async (log) => {
          const a = log.args as Required<typeof log.args>;
          const [valid, stored] = await Promise.all([
            contracts!.attestations.read.isValid([a.uid]),
            contracts!.attestations.read.getAttestation([a.uid]),
          ]);
          return {
            uid: a.uid,
            kind: a.kind,
            kindName: nameOf(AttestationKind, a.kind),
            attester: a.attester,
            subject: a.subject,
            value: a.value,
            dataHash: a.dataHash,
            relayer: a.relayer,
            expiresAt: Number(a.expiresAt),
            valid,
            revoked: stored.revokedAt > 0,
            blockNumber: log.blockNumber,
          };
        }),
      );
    },
  });
}
