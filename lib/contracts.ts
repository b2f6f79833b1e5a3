import { getContract, type Account, type Chain, type GetContractReturnType, type PublicClient, type Transport, type WalletClient } from "viem";
import { attestationRegistryAbi, depositTokenAbi, loanBookAbi, participantRegistryAbi, supervisoryCommitteeAbi } from "./generated/abis";
// Types only: lib/deployments.ts reads files, this module must stay importable in a browser.
import type { ContractName, Deployment } from "./deployments";

export const ABIS = {
  ParticipantRegistry: participantRegistryAbi,
  AttestationRegistry: attestationRegistryAbi,
  DepositToken: depositTokenAbi,
  LoanBook: loanBookAbi,
  SupervisoryCommittee: supervisoryCommitteeAbi,
} as const satisfies Record<ContractName, unknown>;

/** Where the four contracts live: a Deployment record, or any object with the same `contracts` addresses. */
export type ContractAddresses = { contracts: Record<ContractName, { address: `0x${string}` }> } | Pick<Deployment, "contracts">;

/** A wallet client that can send: it has a chain and an account. */
export type SigningWalletClient = WalletClient<Transport, Chain, Account>;

type ClientsOf<W extends SigningWalletClient | undefined> = W extends SigningWalletClient
  ? { public: PublicClient; wallet: W }
  : PublicClient;

/** Typed instances of the four contracts: `read`, `simulate`, `estimateGas`, events, and `write` given a wallet. */
export interface SmefinContracts<W extends SigningWalletClient | undefined = undefined> {
  registry: GetContractReturnType<typeof participantRegistryAbi, ClientsOf<W>>;
  attestations: GetContractReturnType<typeof attestationRegistryAbi, ClientsOf<W>>;
  token: GetContractReturnType<typeof depositTokenAbi, ClientsOf<W>>;
  loanBook: GetContractReturnType<typeof loanBookAbi, ClientsOf<W>>;
  committee: GetContractReturnType<typeof supervisoryCommitteeAbi, ClientsOf<W>>;
}

/**
 * The four contracts of a deployment, bound to `publicClient` (reads, simulations, events) and, when given,
 * `walletClient` (writes, sent from its account).
 */
export function getContracts(deployment: ContractAddresses, publicClient: PublicClient): SmefinContracts;
export function getContracts<W extends SigningWalletClient>(
  deployment: ContractAddresses,
  publicClient: PublicClient,
  walletClient: W,
): SmefinContracts<W>;
export function getContracts(
  deployment: ContractAddresses,
  publicClient: PublicClient,
  walletClient?: SigningWalletClient,
): SmefinContracts<SigningWalletClient | undefined> {
  const client = walletClient ? { public: publicClient, wallet: walletClient } : publicClient;
  const at = (name: ContractName) => deployment.contracts[name].address;
  const account = walletClient?.account;
  return {
    registry: simulateAs(getContract({ address: at("ParticipantRegistry"), abi: participantRegistryAbi, client }), account),
    attestations: simulateAs(getContract({ address: at("AttestationRegistry"), abi: attestationRegistryAbi, client }), account),
    token: simulateAs(getContract({ address: at("DepositToken"), abi: depositTokenAbi, client }), account),
    loanBook: simulateAs(getContract({ address: at("LoanBook"), abi: loanBookAbi, client }), account),
    committee: simulateAs(getContract({ address: at("SupervisoryCommittee"), abi: supervisoryCommitteeAbi, client }), account),
  } as SmefinContracts<SigningWalletClient | undefined>;
}

/**
 * viem types `contract.simulate` as running from the wallet's account, but at run time it simulates through the
 * public client with no sender (viem 2.57: `write` and `estimateGas` use the wallet account, `simulate` does
 * not). Simulations here default to the wallet's account, so a dry run checks what the real call would.
 */
function simulateAs<C extends object>(contract: C, account: Account | undefined): C {
  const simulate = (contract as { simulate?: Record<string, (...p: unknown[]) => unknown> }).simulate;
  if (!account || !simulate) return contract;
  const withAccount = new Proxy(simulate, {
    get(target, functionName: string) {
      return (...parameters: unknown[]) => {
        const hasArgs = Array.isArray(parameters[0]);
        const args = hasArgs ? [parameters[0]] : [];
        const options = (hasArgs ? parameters[1] : parameters[0]) as object | undefined;
        return target[functionName](...args, { account, ...options });
      };
    },
  });
  return Object.assign(contract, { simulate: withAccount });
}
