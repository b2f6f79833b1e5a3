"use client";
import type { ReactNode } from "react";
import { Role } from "@lib/enums";
import { RoleGate } from "@/components/RoleGate";

export default function InvestorLayout({ children }: { children: ReactNode }) {
  return <RoleGate role={Role.Investor}>{children}</RoleGate>;
}
