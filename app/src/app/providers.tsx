"use client";
import { useMemo, useState, type ReactNode } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { WagmiProvider, createConfig, http, injected } from "wagmi";
import { buildChain } from "@lib/chain";
import { DeploymentContext, useDeploymentQuery, type ServedDeployment } from "@/hooks/useDeployment";
import { devAccounts } from "@/wallet/devAccountConnector";
import { Notice } from "@/components/Notice";

function walletConfig(deployment: ServedDeployment) {
  const rpcUrl = `${window.location.origin}/api/rpc`;
  const chain = buildChain({ id: deployment.chainId, rpcUrl, name: deployment.local ? "smefin local chain" : `smefin ${deployment.network}`, freeGas: deployment.freeGas });
  return createConfig({
    chains: [chain],
    connectors: deployment.local ? [injected(), devAccounts()] : [injected()],
    transports: { [chain.id]: http(rpcUrl, { batch: true }) },
    ssr: true,
  });
}

/** A page of its own before the platform is known (no workspace navigation yet). */
function Standalone({ children }: { children: ReactNode }) {
  return (
    <div className="standalone">
      <div className="brand standalone-brand">
        <span className="logo">sf</span> smefin
      </div>
      {children}
    </div>
  );
}

function WithDeployment({ children }: { children: ReactNode }) {
  const answer = useDeploymentQuery();
  const deployment = answer.data && "deployment" in answer.data ? answer.data.deployment : undefined;
  const config = useMemo(() => (deployment ? walletConfig(deployment) : undefined), [deployment]);
  if (answer.isPending) return <Standalone><div className="page-loading">Loading the platform …</div></Standalone>;
  if (answer.isError) return <Standalone><Notice tone="error" title="The app server does not answer">Reload the page in a moment.</Notice></Standalone>;
  if (!deployment || !config) {
    return (
      <Standalone>
        <Notice tone="error" title="No deployment">
          {answer.data && "error" in answer.data ? answer.data.error : "The contracts are not deployed."}
        </Notice>
      </Standalone>
    );
  }
  return (
    <DeploymentContext.Provider value={deployment}>
      <WagmiProvider config={config} reconnectOnMount>
        {children}
      </WagmiProvider>
    </DeploymentContext.Provider>
  );
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false, retry: 1, staleTime: 4_000 } } }));
  return (
    <QueryClientProvider client={queryClient}>
      <WithDeployment>{children}</WithDeployment>
    </QueryClientProvider>
  );
}
