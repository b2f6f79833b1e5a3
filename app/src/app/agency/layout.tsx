"use client";
import type { ReactNode } from "react";
import { Role } from "@lib/enums";
import { RoleGate } from "@/components/RoleGate";

export default function AgencyLayout({ children }: { children: ReactNode }) {
  return <RoleGate role={Role.Agency}>{children}</RoleGate>;
}
