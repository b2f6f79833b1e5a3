import { network } from "hardhat";
import type { HardhatNetworkHDAccountsConfig } from "hardhat/types";
import { createPublicClient, createWalletClient, custom, type Address, type PublicClient } from "viem";
import { mnemonicToAccount, type HDAccount } from "viem/accounts";
import type { BaseContract } from "ethers";
import { localChain } from "../../../lib/chain";
import { getContracts, type SigningWalletClient } from "../../../lib/contracts";
import { CONTRACT_NAMES, type Deployment } from "../../../lib/deployments";
import type { System } from "../../../scripts/lib/system";

/** The Hardhat network as a viem transport: the same chain the ethers fixture drives (in process: no retries). */
const transport = () => custom(network.provider, { retryCount: 0 });

export function publicClient(): PublicClient {
  return createPublicClient({ chain: localChain, transport: transport() });
}

/** The local viem account (private key in memory) of Hardhat's development account `index`. */
export function devAccount(index: number): HDAccount {
  const accounts = network.config.accounts as HardhatNetworkHDAccountsConfig;
  return mnemonicToAccount(accounts.mnemonic, { addressIndex: accounts.initialIndex + index });
}

/** A wallet client that signs locally with viem (no node-side signing) and sends raw transactions. */
export function walletClient(account: HDAccount): SigningWalletClient {
  return createWalletClient({ chain: localChain, account, transport: transport() });
}

/** The Deployment record of a system deployed by the ethers fixture, as the deploy script would write it. */
export async function deploymentOf(system: System): Promise<Deployment> {
  const byName: Record<(typeof CONTRACT_NAMES)[number], BaseContract> = {
    ParticipantRegistry: system.registry,
    AttestationRegistry: system.attestations,
    DepositToken: system.token,
    LoanBook: system.loanBook,
    SupervisoryCommittee: system.committee,
  };
  const contracts = {} as Deployment["contracts"];
  for (const name of CONTRACT_NAMES) {
    // The committee is reached through its proxy: its deployment is the proxy's.
    const tx = system.deployments?.[name] ?? byName[name].deploymentTransaction();
    const receipt = tx ? await tx.wait() : null;
    contracts[name] = {
      address: (await byName[name].getAddress()) as Address,
      blockNumber: receipt?.blockNumber ?? 0,
      transactionHash: (tx?.hash ?? `0x${"0".repeat(64)}`) as `0x${string}`,
    };
  }
  const chainId = await publicClient().getChainId();
  return { network: "hardhat", chainId, deployer: devAccount(0).address, deployedAt: new Date(0).toISOString(), contracts };
}

/** viem contract instances for a fixture's system, with `account` signing writes. */
export async function sdkFor(system: System, account: HDAccount) {
  const deployment = await deploymentOf(system);
  const client = publicClient();
  return { deployment, client, contracts: getContracts(deployment, client, walletClient(account)) };
}
