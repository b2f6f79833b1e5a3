import "server-only";
import { createPublicClient, http, type PublicClient } from "viem";
import { LOCAL_RPC_URL, buildChain, rpcUrlOf } from "@lib/chain";
import { readDeployment, type Deployment } from "@lib/deployments";
import { getContracts, type SmefinContracts } from "@lib/contracts";

/** Which deployments/NETWORK.json the app serves. */
export const network = process.env.SMEFIN_NETWORK ?? "localhost";
/**
 * The chain's JSON-RPC endpoint as the app server reaches it (browsers reach it through /api/rpc): the same
 * variable the command line and the deploy script read for this network (SMEFIN_LOCAL_RPC_URL for localhost,
 * SMEFIN_RPC_URL for any other).
 */
export const rpcUrl = rpcUrlOf(network) ?? LOCAL_RPC_URL;

export function deployment(): Deployment | undefined {
  return readDeployment(network);
}

let client: { chainId: number; client: PublicClient } | undefined;

/** A public client of the deployment's chain (rebuilt if the deployment moves to another chain). */
export function publicClient(d: Deployment): PublicClient {
  if (!client || client.chainId !== d.chainId) {
    const chain = buildChain({ id: d.chainId, rpcUrl });
    client = { chainId: d.chainId, client: createPublicClient({ chain, transport: http(rpcUrl) }) as PublicClient };
  }
  return client.client;
}

/** The deployment's four contracts bound to its public client: reads and events by contract and function name. */
export function contractsOf(d: Deployment): SmefinContracts {
  return getContracts(d, publicClient(d));
}

/**
 * The app's public origin (scheme, host and port) as its users' browsers see it: what sign-in messages must name
 * and what cross-site checks compare against. Never derived from a request's own headers, which the sender
 * controls. SMEFIN_APP_ORIGIN, default the local address of the served app.
 */
export const appOrigin = new URL(
  process.env.SMEFIN_APP_ORIGIN ?? `http://127.0.0.1:${process.env.SMEFIN_APP_PORT ?? process.env.PORT ?? 3000}`,
).origin;
