"use client";
import { createContext, useContext } from "react";
import { useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import type { ContractName, DeployedContract } from "@lib/deployments";

/** The deployment the app server serves from deployments/NETWORK.json. */
export interface ServedDeployment {
  network: string;
  chainId: number;
  local: boolean;
  freeGas: boolean;
  contracts: Record<ContractName, DeployedContract>;
}

export type DeploymentAnswer = { deployment: ServedDeployment } | { error: string; network?: string };

/** Fetches the deployment once; a missing one answers an error sentence rather than throwing. */
export function useDeploymentQuery() {
  return useQuery({
    queryKey: ["deployment"],
    staleTime: Infinity,
    queryFn: async (): Promise<DeploymentAnswer> => {
      const response = await fetch("/api/deployment", { cache: "no-store" });
      const body = await response.json();
      return response.ok ? { deployment: body as ServedDeployment } : { error: body.error as string, network: body.network };
    },
  });
}

export const DeploymentContext = createContext<ServedDeployment | undefined>(undefined);

/** The deployment, inside the app's providers (they render nothing else until it is known). */
export function useDeployment(): ServedDeployment & { addresses: Record<ContractName, Address>; fromBlock: bigint } {
  const deployment = useContext(DeploymentContext);
  if (!deployment) throw new Error("useDeployment outside the deployment provider");
  const addresses = Object.fromEntries(Object.entries(deployment.contracts).map(([name, c]) => [name, c.address])) as Record<ContractName, Address>;
  const fromBlock = BigInt(Math.min(...Object.values(deployment.contracts).map((c) => c.blockNumber)));
  return { ...deployment, addresses, fromBlock };
}
