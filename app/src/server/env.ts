import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createPublicClient, http, type PublicClient } from "viem";
import { LOCAL_RPC_URL, buildChain } from "@lib/chain";
import { readDeployment, type Deployment } from "@lib/deployments";

/** The repository root: the nearest folder up from the working directory that holds hardhat.config.ts. */
function findRepositoryRoot(): string {
  let dir = process.cwd();
  for (;;) {
    if (existsSync(join(dir, "hardhat.config.ts"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const repositoryRoot = findRepositoryRoot();
/** Which deployments/NETWORK.json the app serves. */
export const network = process.env.SMEFIN_NETWORK ?? "localhost";
/** The chain's JSON-RPC endpoint as the app server reaches it; browsers reach it through /api/rpc. */
export const rpcUrl = process.env.SMEFIN_RPC_URL ?? LOCAL_RPC_URL;
/** Uploaded documents, demand metadata and investor preferences. */
export const dataDir = resolve(/*turbopackIgnore: true*/ process.env.SMEFIN_DATA_DIR ?? join(repositoryRoot, "data"));

// lib/deployments.ts finds the folder from its own location unless told; in a server bundle that is not the
// source tree, so tell it.
process.env.SMEFIN_DEPLOYMENTS_DIR ??= join(/*turbopackIgnore: true*/ repositoryRoot, "deployments");

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
