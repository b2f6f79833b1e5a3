"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import { useSwitchChain } from "wagmi";
import { Role, nameOf } from "@lib/enums";
import { useRole, ROLE_PATHS, type RoleState } from "@/hooks/useRole";
import { Notice } from "./Notice";
import { WalletPanel } from "./WalletPanel";
import { OwedLoans } from "./OwedLoans";
import { SignIn } from "./SignIn";
import { StatusReason } from "./RecordedReasons";
import { useReasons } from "@/hooks/useReasons";

/** What to show instead of a workspace when the account cannot use it; undefined when it can. */
export function RoleProblem({ state, role }: { state: RoleState; role?: Role }) {
  const { mutate: switchChain } = useSwitchChain();
  const inactive = state.kind === "inactive" ? state.address : undefined;
  const reasons = useReasons({ accounts: inactive ? [inactive] : undefined }, !!inactive);
  switch (state.kind) {
    case "connecting":
    case "loading":
      return <div className="page-loading">Reading your admission from the registry …</div>;
    case "disconnected":
      return (
        <>
          <Notice title="Connect a wallet">Your role on the platform is read from the participant registry once a wallet is connected.</Notice>
          <WalletPanel />
        </>
      );
    case "signed-out":
      return <SignIn address={state.address} />;
    case "wrong-network":
      return (
        <Notice tone="warn" title="Wrong network">
          Your wallet is on chain {state.chainId}; this platform runs on chain {state.expected}.{" "}
          <button className="btn small" onClick={() => switchChain({ chainId: state.expected })}>
            Switch network
          </button>
        </Notice>
      );
    case "unadmitted":
      return (
        <Notice tone="warn" title="This account is not admitted">
          {state.address} has no admission in the participant registry. The regulator admits every participant; ask it to admit this account, or connect another
          one.
        </Notice>
      );
    case "inactive":
      return (
        <>
          <Notice tone="error" title={state.expired ? "Your admission has expired" : `Your admission is ${state.statusName.toLowerCase()}`}>
            {state.expired
              ? "The regulator must renew it before this account can act again."
              : state.statusName === "Suspended"
              ? "The regulator has suspended this account: it can do nothing else on the platform until it is reinstated."
              : "The regulator has revoked this account's admission for good."}
            <StatusReason account={state.address} reasons={reasons.data} />
          </Notice>
          {state.role === Role.Enterprise ? <OwedLoans enterprise={state.address} /> : null}
        </>
      );
    case "ready":
      if (role !== undefined && state.role !== role) {
        const own = ROLE_PATHS[state.role];
        return (
          <Notice tone="warn" title={`This is the ${nameOf(Role, role).toLowerCase()} workspace`}>
            Your account is admitted as {state.roleName.toLowerCase()}.{" "}
            {own ? <Link href={own}>Open your workspace</Link> : "This role has no workspace in the app; use the command line."}
          </Notice>
        );
      }
      return null;
  }
}

/** Renders the workspace of `role` only for an active participant of that role, and a clear message otherwise. */
export function RoleGate({ role, children }: { role: Role; children: ReactNode }) {
  const state = useRole();
  if (state.kind === "ready" && state.role === role) return <>{children}</>;
  return <RoleProblem state={state} role={role} />;
}
