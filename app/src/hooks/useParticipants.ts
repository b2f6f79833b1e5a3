"use client";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { Address } from "viem";
import { useDeployment } from "./useDeployment";
import { useContracts } from "./useContracts";
import type { Participant } from "./useRole";
import { inLogWindows } from "@lib/logWindows";

export interface ParticipantRow extends Participant {
  address: Address;
  active: boolean;
}

/** Every account ever admitted (ParticipantAdmitted events), with its record and standing now. */
export function useParticipants() {
  const client = usePublicClient();
  const contracts = useContracts();
  const { fromBlock } = useDeployment();
  return useQuery({
    queryKey: ["participants"],
    enabled: !!client && !!contracts,
    queryFn: async (): Promise<ParticipantRow[]> => {
      const logs = await inLogWindows(client!, fromBlock, (range) => contracts!.registry.getEvents.ParticipantAdmitted(undefined, range));
      const accounts = [...new Set(logs.map((l) => l.args.account!))];
      return Promise.all(
        accounts.map(async (address) => {
          const [p, active] = await Promise.all([
            contracts!.registry.read.participant([address]),
            contracts!.registry.read.isActive([address]),
          ]);
          return { ...(p as Participant), address, active };
        }),
      );
    },
  });
}
