"use client";
import type { Address } from "viem";
import { useRole } from "./useRole";

/** The connected participant's address inside a workspace (the role gate guarantees there is one). */
export function useParticipantAddress(): Address {
  const role = useRole();
  if (role.kind !== "ready") throw new Error("no active participant connected");
  return role.address;
}
