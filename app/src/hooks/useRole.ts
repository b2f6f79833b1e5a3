"use client";
import { useConnection } from "wagmi";
import type { Address } from "viem";
import { BusinessScale, Role, Status, nameOf } from "@lib/enums";
import { useDeployment } from "./useDeployment";
import { useSession } from "./useSession";

export type RoleState =
  | { kind: "disconnected" }
  | { kind: "connecting" }
  | { kind: "wrong-network"; address: Address; chainId: number; expected: number }
  | { kind: "signed-out"; address: Address }
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

/**
 * Who the connected account is: once it has signed in, the app server reads its admission from the registry and
 * says whether it may act (the same check the server makes at every request).
 */
export function useRole(): RoleState {
  const { address, chainId, status } = useConnection();
  const deployment = useDeployment();
  const session = useSession();
  if (status === "connecting" || status === "reconnecting") return { kind: "connecting" };
  if (!address) return { kind: "disconnected" };
  if (chainId !== deployment.chainId) return { kind: "wrong-network", address, chainId: chainId ?? 0, expected: deployment.chainId };
  if (session.loading) return { kind: "loading", address };
  if (!session.standing) return { kind: "signed-out", address };
  const { participant: p, active } = session.standing;
  if (p.role === Role.None) return { kind: "unadmitted", address };
  const roleName = nameOf(Role, p.role);
  if (!active) {
    return { kind: "inactive", address, role: p.role as Role, roleName, status: p.status as Status, statusName: nameOf(Status, p.status), expired: p.status === Status.Active };
  }
  return { kind: "ready", address, role: p.role as Role, roleName, participant: p };
}

export const scaleName = (scale: number) => nameOf(BusinessScale, scale);
