"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address } from "viem";
import { participantRegistryAbi } from "@lib/generated/abis";
import { useDeployment } from "./useDeployment";
import type { Participant } from "./useRole";
import { inLogWindows } from "@lib/logWindows";

export interface ParticipantRow extends Participant {
  address: Address;
  active: boolean;
}

/** Every account ever admitted (ParticipantAdmitted events), with its record and standing now. */
export function useParticipants() {
  const client = usePublicClient();
  const { addresses, fromBlock } = useDeployment();
  return useQuery({
    queryKey: ["participants"],
    enabled: !!client,
    queryFn: async (): Promise<ParticipantRow[]> => {
      const logs = await inLogWindows(client!, fromBlock, (range) => client!.getContractEvents({ address: addresses.ParticipantRegistry, abi: participantRegistryAbi, eventName: "ParticipantAdmitted", ...range }));
      const accounts = [...new Set(logs.map((l) => l.args.account!))];
      return Promise.all(
        accounts.map(async (address) => {
          const [p, active] = await Promise.all([
            client!.readContract({ address: addresses.ParticipantRegistry, abi: participantRegistryAbi, functionName: "participant", args: [address] }),
            client!.readContract({ address: addresses.ParticipantRegistry, abi: participantRegistryAbi, functionName: "isActive", args: [address] }),
          ]);
          return { ...(p as Participant), address, active };
        }),
      );
    },
  });
}
