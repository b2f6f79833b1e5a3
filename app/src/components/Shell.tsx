"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { useDisconnect } from "wagmi";
import { shortAddress } from "@lib/format";
import { useDeployment } from "@/hooks/useDeployment";
import { useNames } from "@/hooks/useNames";
import { useRole } from "@/hooks/useRole";
import { useSession } from "@/hooks/useSession";
import { NAV } from "@/lib/navigation";
import { resetSignInRequests } from "./SignIn";
import { PendingPolicyChanges } from "./PendingPolicyChanges";
import { IndexFreshness } from "./IndexFreshness";

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
      <a className="skip-link" href="#main">
        Skip to content
      </a>
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
      <main className="content" id="main">
        {role.kind === "ready" ? <PendingPolicyChanges /> : null}
        {children}
      </main>
      <footer className="footer">smefin · supervised SME financing ledger{role.kind === "ready" ? <> · <IndexFreshness /></> : null}</footer>
    </div>
  );
}
