import type { ContractTransactionResponse, Signer } from "ethers";
import { ethers } from "hardhat";
import type { AttestationRegistry, DepositToken, LoanBook, ParticipantRegistry, SupervisoryCommittee } from "../../typechain-types";

export interface System {
  registry: ParticipantRegistry;
  attestations: AttestationRegistry;
  token: DepositToken;
  loanBook: LoanBook;
  committee: SupervisoryCommittee;
  /** The transaction that created each contract at its address (for a proxy, the proxy's deployment). */
  deployments: Record<"ParticipantRegistry" | "AttestationRegistry" | "DepositToken" | "LoanBook" | "SupervisoryCommittee", ContractTransactionResponse>;
}

import { DEPOSIT_TOKEN_NAME as TOKEN_NAME } from "../../lib/typedData";

/** One name for the token, shared with the permit domain the SDK signs. */
export { TOKEN_NAME };
export const TOKEN_SYMBOL = "sDEP";

export const DAY = 24 * 3600;

/** Who sits on the supervisory committee at deployment, and how it decides. */
export interface CommitteeSetup {
  /** Member accounts (Regulators); the deployer alone when omitted. */
  members?: string[];
  /** Hash of each member's mandate. */
  credentials?: string[];
  /** Approvals a proposal needs; 1 when omitted. */
  threshold?: number;
  /** Seconds between approval and effect for policy changes and upgrades; 3 days when omitted. */
  noticePeriod?: number;
  /** When the members' admissions lapse (unix seconds); three years from now when omitted. */
  membersExpireAt?: bigint;
}

/**
 * Deploys the five contracts with `deployer` paying, and lets the LoanBook hold the deposit token. The single
 * place where the system is wired: tests, benchmarks and the deploy script use it.
 *
 * The registry and the committee refer to each other, and the registry names the LoanBook as the contract that
 * holds deposits: both addresses are computed from the deployer's nonce before they exist, and checked after.
 * The committee proxy checks its threshold against the members the registry holds.
 */
export async function deploySystem(deployer: Signer, setup: CommitteeSetup = {}): Promise<System> {
  const deployerAddress = await deployer.getAddress();
  const members = setup.members ?? [deployerAddress];
  const credentials = setup.credentials ?? members.map((m) => ethers.id(`regulator mandate ${m.toLowerCase()}`));
  const latest = await ethers.provider.getBlock("latest");
  const membersExpireAt = setup.membersExpireAt ?? BigInt(latest!.timestamp + 3 * 365 * DAY);

  const committeeImpl = await ethers.deployContract("SupervisoryCommittee", [], deployer);
  await committeeImpl.waitForDeployment();
  // Deployed in this order from the next nonce: registry, committee proxy, attestations, token, LoanBook.
  const nonce = await ethers.provider.getTransactionCount(deployerAddress, "pending");
  const committeeAddress = ethers.getCreateAddress({ from: deployerAddress, nonce: nonce + 1 });
  const loanBookAddress = ethers.getCreateAddress({ from: deployerAddress, nonce: nonce + 4 });
  const registry = await ethers.deployContract("ParticipantRegistry", [committeeAddress, members, credentials, membersExpireAt, [loanBookAddress]], deployer);
  await registry.waitForDeployment();
  const init = committeeImpl.interface.encodeFunctionData("initialize", [await registry.getAddress(), setup.threshold ?? 1, setup.noticePeriod ?? 3 * DAY]);
  const proxy = await ethers.deployContract("ERC1967Proxy", [await committeeImpl.getAddress(), init], deployer);
  await proxy.waitForDeployment();
  if ((await proxy.getAddress()) !== committeeAddress) throw new Error("the committee was not deployed at the address the registry names");
  const committee = await ethers.getContractAt("SupervisoryCommittee", committeeAddress, deployer);

  const attestations = await ethers.deployContract("AttestationRegistry", [registry], deployer);
  const token = await ethers.deployContract("DepositToken", [registry, TOKEN_NAME, TOKEN_SYMBOL], deployer);
  await Promise.all([attestations.waitForDeployment(), token.waitForDeployment()]);
  const loanBook = await ethers.deployContract("LoanBook", [registry, attestations, token], deployer);
  await loanBook.waitForDeployment();
  if ((await loanBook.getAddress()) !== loanBookAddress) throw new Error("the LoanBook was not deployed at the address the registry names");
  const deployments = {
    ParticipantRegistry: registry.deploymentTransaction()!,
    AttestationRegistry: attestations.deploymentTransaction()!,
    DepositToken: token.deploymentTransaction()!,
    LoanBook: loanBook.deploymentTransaction()!,
    SupervisoryCommittee: proxy.deploymentTransaction()!,
  };
  return { registry, attestations, token, loanBook, committee, deployments } as unknown as System;
}
