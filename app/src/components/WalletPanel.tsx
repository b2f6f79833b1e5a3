"use client";
import { useState } from "react";
import { useConnect, useConnectors } from "wagmi";
import { errorSentence } from "@lib/errors";
import { useDeployment } from "@/hooks/useDeployment";
import { useNames } from "@/hooks/useNames";
import { DEV_CONNECTOR_ID, chooseDevAccount } from "@/wallet/devAccountConnector";

const ROLE_ORDER = ["regulator", "operator", "custodian", "agency", "enterprise", "investor"] as const;

/** Connect a browser wallet, or on the local chain pick one of the seeded development accounts. */
export function WalletPanel() {
  const { local, chainId } = useDeployment();
  const connectors = useConnectors();
  const connect = useConnect();
  const names = useNames();
  const [error, setError] = useState<string>();
  const injectedConnector = connectors.find((c) => c.type === "injected");
  const devConnector = connectors.find((c) => c.id === DEV_CONNECTOR_ID);
  const [devName, setDevName] = useState("enterprise1");

  const run = async (connector: (typeof connectors)[number] | undefined) => {
    setError(undefined);
    if (!connector) return setError("no wallet of that kind is available in this browser");
    try {
      // No chain forced here: a wallet on another chain connects and is then shown how to switch.
      await connect.mutateAsync({ connector });
    } catch (e) {
      setError(errorSentence(e));
    }
  };

  return (
    <div className="wallet-panel">
      <section className="card">
        <h3>Browser wallet</h3>
        <p className="muted">MetaMask or any injected wallet, pointed at the consortium chain (chain id {chainId}).</p>
        <button className="btn primary" onClick={() => run(injectedConnector)} disabled={connect.isPending} data-testid="connect-injected">
          Connect wallet
        </button>
      </section>
      {local && devConnector ? (
        <section className="card">
          <h3>Development account</h3>
          <p className="muted">The seeded accounts of the local chain (well-known keys: for the local chain only).</p>
          <div className="row">
            <select value={devName} onChange={(e) => setDevName(e.target.value)} aria-label="Development account" data-testid="dev-account">
              {ROLE_ORDER.map((role) => (
                <optgroup key={role} label={role}>
                  {names.all
                    .filter((a) => a.role === role)
                    .map((a) => (
                      <option key={a.name} value={a.name}>
                        {a.name} · {a.label}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
            <button
              className="btn"
              disabled={connect.isPending}
              data-testid="connect-dev"
              onClick={() => {
                chooseDevAccount(devName);
                void run(devConnector);
              }}
            >
              Use this account
            </button>
          </div>
        </section>
      ) : null}
      {error ? <p className="error-text" role="alert">{error}</p> : null}
    </div>
  );
}
