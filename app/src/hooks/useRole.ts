"use client";
import { useQuery } from "@tanstack/react-query";
import { useConnection, usePublicClient } from "wagmi";
import type { Address } from "viem";
import { BusinessScale, Role, Status, nameOf } from "@lib/enums";
import { participantRegistryAbi } from "@lib/generated/abis";
import { useDeployment } from "./useDeployment";

export type RoleState =
  | { kind: "disconnected" }
  | { kind: "connecting" }
  | { kind: "wrong-network"; address: Address; chainId: number; expected: number }
  | { kind: "loading"; address: Address }
  | { kind: "unadmitted"; address: Address }
  | { kind: "inactive"; address: Address; role: Role; roleName: string; status: Status; statusName: string; expired: boolean }
  | { kind: "ready"; address: Address; role: Role; roleName: string; participant: Participant };

export interface Participant {
  role: number;
  status: number;
  agencyKinds: number;
  suitability: number;
  scale: number;
  admittedAt: number;
  expiresAt: number;
}

export const ROLE_PATHS: Partial<Record<Role, string>> = {
  [Role.Regulator]: "/regulator",
  [Role.Operator]: "/operator",
  [Role.Agency]: "/agency",
  [Role.Investor]: "/investor",
  [Role.Enterprise]: "/enterprise",
};

/** Who the connected account is, read from the registry: its role, and whether it may act. */
export function useRole(): RoleState {
  const { address, chainId, status } = useConnection();
  const deployment = useDeployment();
  const client = usePublicClient();
  const query = useQuery({
    queryKey: ["participant", address],
    enabled: !!address && chainId === deployment.chainId && !!client,
    queryFn: async () => {
      const registry = deployment.addresses.ParticipantRegistry;
      const [p, active] = await Promise.all([
        client!.readContract({ address: registry, abi: participantRegistryAbi, functionName: "participant", args: [address!] }),
        client!.readContract({ address: registry, abi: participantRegistryAbi, functionName: "isActive", args: [address!] }),
      ]);
      return { p: p as Participant, active };
    },
  });
  if (status === "connecting" || status === "reconnecting") return { kind: "connecting" };
  if (!address) return { kind: "disconnected" };
  if (chainId !== deployment.chainId) return { kind: "wrong-network", address, chainId: chainId ?? 0, expected: deployment.chainId };
  if (!query.data) return { kind: "loading", address };
  const { p, active } = query.data;
  if (p.role === Role.None) return { kind: "unadmitted", address };
  const roleName = nameOf(Role, p.role);
  if (!active) {
    return { kind: "inactive", address, role: p.role as Role, roleName, status: p.status as Status, statusName: nameOf(Status, p.status), expired: p.status === Status.Active };
  }
  return { kind: "ready", address, role: p.role as Role, roleName, participant: p };
}

export const scaleName = (scale: number) => nameOf(BusinessScale, scale);
