"use client";
import { useEffect } from "react";
import type { Address } from "viem";
import { useSession } from "@/hooks/useSession";
import { Notice } from "./Notice";

/** Accounts this page has already asked to sign in: the automatic request is made once, a retry is a click. */
const asked = new Set<string>();

/** After a disconnect, connecting again asks for the sign-in at once again. */
export function resetSignInRequests(): void {
  asked.clear();
}

/**
 * The one sign-in of a connected account: asked for at once (one signature of a Sign-In with Ethereum message),
 * and offered again as a button when the wallet refused or the session ended.
 */
export function SignIn({ address }: { address: Address }) {
  const session = useSession();
  const { signIn } = session;
  useEffect(() => {
    if (asked.has(address)) return;
    asked.add(address);
    void signIn();
  }, [address, signIn]);
  return (
    <Notice title="Sign in with your wallet">
      <span data-testid="sign-in-card">
        One signature of a sign-in message (no transaction, no fee) opens your session: the app then reads the ledger for you and your workspace
        follows from your role in the participant registry.
      </span>{" "}
      <button className="btn small primary" onClick={() => void signIn()} disabled={session.signing} data-testid="sign-in">
        {session.signing ? "Waiting for your wallet …" : "Sign in"}
      </button>
      {session.error ? <div className="error-text" role="alert">{session.error}</div> : null}
    </Notice>
  );
}
