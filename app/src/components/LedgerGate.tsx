"use client";
import type { ReactNode } from "react";
import { useSession } from "@/hooks/useSession";
import styles from "./ledger.module.css";

/** The ledger index is served to a signed-in regulator only: a sign-in card until the session exists. */
export function LedgerGate({ children, what = "the ledger index" }: { children: ReactNode; what?: string }) {
  const session = useSession();
  if (session.loading) return <div className="page-loading">Checking your session …</div>;
  if (session.signedIn) return <>{children}</>;
  return (
    <div className="card" data-testid="ledger-sign-in">
      <h2>Sign in to read {what}</h2>
      <div className={styles.signin}>
        <span className="muted">The server answers ledger queries only to an active regulator signed in with its wallet (Sign-In with Ethereum); the registry is checked at every request.</span>
        <button className="btn primary" onClick={session.signIn} disabled={session.signing} data-testid="sign-in">
          {session.signing ? "Signing in …" : "Sign in"}
        </button>
        {session.error ? <span className="error-text">{session.error}</span> : null}
      </div>
    </div>
  );
}
