import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { deploymentsDir } from "./paths";

/** Names of the deployed contracts, as in the Solidity sources. */
export const CONTRACT_NAMES = ["ParticipantRegistry", "AttestationRegistry", "DepositToken", "LoanBook", "SupervisoryCommittee"] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];

export interface DeployedContract {
  address: `0x${string}`;
  /** Block of the deployment transaction: where an indexer starts reading logs. */
  blockNumber: number;
  transactionHash: `0x${string}`;
}

/** What deployments/NETWORK.json records: the single source of addresses for scripts, the index and the app. */
export interface Deployment {
  network: string;
  chainId: number;
  deployer: `0x${string}`;
  deployedAt: string;
  contracts: Record<ContractName, DeployedContract>;
}

export { deploymentsDir };

export function deploymentPath(network: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(network)) throw new Error(`invalid network name: ${network}`);
  return join(deploymentsDir(), `${network}.json`);
}

export function readDeployment(network: string): Deployment | undefined {
  const path = deploymentPath(network);
  if (!existsSync(path)) return undefined;
  const parsed = JSON.parse(readFileSync(path, "utf8")) as Deployment;
  for (const name of CONTRACT_NAMES) {
    if (!parsed.contracts?.[name]?.address) throw new Error(`${path} lacks the address of ${name}`);
  }
  return parsed;
}

/** Like {@link readDeployment} but fails with a message a person can act on. */
export function requireDeployment(network: string): Deployment {
  const deployment = readDeployment(network);
  if (!deployment) {
    throw new Error(`no deployment for network "${network}" (${deploymentPath(network)}): run the deploy script first`);
  }
  return deployment;
}

export function writeDeployment(deployment: Deployment): string {
  const path = deploymentPath(deployment.network);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(deployment, null, 2)}\n`);
  return path;
}
