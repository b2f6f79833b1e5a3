"use client";
import { useMemo } from "react";
import { usePublicClient } from "wagmi";
import { getContracts, type SmefinContracts } from "@lib/contracts";
import { useDeployment } from "./useDeployment";

/** The key of one of the platform's contracts in `SmefinContracts`: "registry", "attestations", "token", "loanBook". */
export type PlatformContract = keyof SmefinContracts;

/**
 * The served deployment's four contracts bound to the app's public client (lib/contracts.ts), so a page names a
 * contract and a function and the generated ABIs type the rest: `contracts.loanBook.read.getLoan([id])`,
 * `contracts.registry.getEvents.ParticipantAdmitted(undefined, range)`. Undefined until the chain's client exists.
 */
export function useContracts(): SmefinContracts | undefined {
  const client = usePublicClient();
  const { contracts } = useDeployment();
  return useMemo(() => (client ? getContracts({ contracts }, client) : undefined), [client, contracts]);
}
