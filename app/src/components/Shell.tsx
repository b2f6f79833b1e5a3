"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { useDisconnect } from "wagmi";
import { Role } from "@lib/enums";
import { shortAddress } from "@lib/format";
import { useDeployment } from "@/hooks/useDeployment";
import { useNames } from "@/hooks/useNames";
import { useRole } from "@/hooks/useRole";
import { useSession } from "@/hooks/useSession";
import { resetSignInRequests } from "./SignIn";
import { PendingPolicyChanges } from "./PendingPolicyChanges";
import { IndexFreshness } from "./IndexFreshness";

export const NAV: Partial<Record<Role, { href: string; label: string }[]>> = {
  [Role.Regulator]: [
    { href: "/regulator", label: "Dashboard" },
    { href: "/regulator/participants", label: "Admissions" },
    { href: "/regulator/loans", label: "Loans & freezes" },
    { href: "/regulator/policy", label: "Policy" },
    { href: "/regulator/committee", label: "Committee" },
    { href: "/regulator/notices", label: "Notices" },
    { href: "/regulator/ledger", label: "Ledger" },
    { href: "/regulator/audit", label: "Audit" },
  ],
  [Role.Operator]: [
    { href: "/operator", label: "Pipeline" },
    { href: "/operator/investors", label: "Investors" },
  ],
  [Role.Agency]: [
    { href: "/agency", label: "Service queue" },
    { href: "/agency/attestations", label: "Attestations" },
  ],
  [Role.Investor]: [
    { href: "/investor", label: "Recommended" },
    { href: "/investor/portfolio", label: "Portfolio" },
    { href: "/investor/preferences", label: "Preferences" },
  ],
  [Role.Enterprise]: [
    { href: "/enterprise", label: "My demands" },
    { href: "/enterprise/publish", label: "Publish a demand" },
    { href: "/enterprise/disclosures", label: "Disclosures" },
  ],
};

/** The frame of every page: brand, the workspace navigation of the connected role, the account. */
export function Shell({ children }: { children: ReactNode }) {
  const role = useRole();
  const names = useNames();
  const { network, chainId } = useDeployment();
  const { mutateAsync: disconnect } = useDisconnect();
  const { signOut } = useSession();
  const pathname = usePathname();
  const links = role.kind === "ready" ? NAV[role.role] ?? [] : [];
  const address = "address" in role ? role.address : undefined;
  return (
    <div className="shell">
      <header className="topbar">
        <Link href="/" className="brand">
          <span className="logo">sf</span> smefin
        </Link>
        <nav className="nav" aria-label="Workspace">
          {links.map((l) => (
            <Link key={l.href} href={l.href} className={pathname === l.href || (l.href !== `/${pathname.split("/")[1]}` && pathname.startsWith(l.href)) ? "active" : ""}>
              {l.label}
            </Link>
          ))}
        </nav>
        <div className="account">
          <span className="chain-pill" title={`chain id ${chainId}`}>
            {network}
          </span>
          {address ? (
            <>
              <span className="who" data-testid="account">
                <b>{names.dev(address)?.label ?? shortAddress(address)}</b>
                <small>{role.kind === "ready" ? role.roleName : role.kind === "inactive" ? `${role.roleName} · ${role.statusName}` : role.kind === "wrong-network" ? `chain ${role.chainId}` : shortAddress(address)}</small>
              </span>
              <button className="btn ghost small" onClick={async () => {
                  await signOut();
                  resetSignInRequests();
                  await disconnect();
                }}>
                Disconnect
              </button>
            </>
          ) : null}
        </div>
      </header>
      <main className="content">
        {role.kind === "ready" ? <PendingPolicyChanges /> : null}
        {children}
      </main>
      <footer className="footer">smefin · supervised SME financing ledger{role.kind === "ready" ? <> · <IndexFreshness /></> : null}</footer>
    </div>
  );
}
