import { BaseContract, ContractFactory, type ContractTransactionResponse, type Signer } from "ethers";
import { artifacts, ethers } from "hardhat";
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

/** The libraries the LoanBook is linked with (their code lives beside it, keeping it under the size limit). */
export const LOAN_BOOK_LIBRARIES = ["ListingLib", "LoanScheduleLib", "MoveClaimsLib"] as const;
export type LoanBookLibraries = Record<(typeof LOAN_BOOK_LIBRARIES)[number], string>;

/** Deploys the libraries the LoanBook links to; deploy them once, every LoanBook implementation can share them. */
export async function deployLoanBookLibraries(deployer: Signer): Promise<LoanBookLibraries> {
  const libraries: Partial<LoanBookLibraries> = {};
  for (const name of LOAN_BOOK_LIBRARIES) {
    // Deployed without their ABI: a library's ABI names storage pointers and contract types ethers cannot parse,
    // and nothing calls a library but the LoanBook.
    const { bytecode } = await artifacts.readArtifact(name);
    const library = await new ContractFactory([], bytecode, deployer).deploy();
    await library.waitForDeployment();
    libraries[name] = await library.getAddress();
  }
  return libraries as LoanBookLibraries;
}

/** The factory of the LoanBook (or of a contract built on it, such as a next version) linked to `libraries`. */
export function loanBookFactory(libraries: LoanBookLibraries, deployer: Signer, name = "LoanBook"): Promise<ContractFactory> {
  return ethers.getContractFactory(name, { signer: deployer, libraries });
}

/**
 * Deploys `implementation` behind an ERC-1967 proxy initialized with `initialize(...initArgs)` in the same
 * transaction, and returns the contract at the proxy's address whose deployment transaction is the proxy's (its
 * block is the first with any event of the proxy: the initializer's events are emitted there).
 */
export async function deployProxy<T>(implementation: BaseContract, initArgs: unknown[], deployer: Signer): Promise<T> {
  const initData = implementation.interface.encodeFunctionData("initialize", initArgs);
  const proxy = await ethers.deployContract("ERC1967Proxy", [await implementation.getAddress(), initData], deployer);
  await proxy.waitForDeployment();
  return new BaseContract(await proxy.getAddress(), implementation.interface, deployer, proxy.deploymentTransaction()) as unknown as T;
}

/**
 * Deploys the five contracts, each as an implementation behind an ERC-1967 (UUPS) proxy, with `deployer` paying,
 * and lets the LoanBook hold the deposit token. The single place where the system is wired: tests, benchmarks and
 * the deploy script use it.
 *
 * The registry and the committee refer to each other, and the registry names the LoanBook proxy as the contract
 * that holds deposits; implementations keep the other contracts' proxy addresses as immutables. So every proxy's
 * address is computed from the deployer's nonce before it exists, and checked once deployed. The committee
 * checks its threshold against the members the registry holds.
 */
export async function deploySystem(deployer: Signer, setup: CommitteeSetup = {}): Promise<System> {
  const deployerAddress = await deployer.getAddress();
  const members = setup.members ?? [deployerAddress];
  const credentials = setup.credentials ?? members.map((m) => ethers.id(`regulator mandate ${m.toLowerCase()}`));
  const latest = await ethers.provider.getBlock("latest");
  const membersExpireAt = setup.membersExpireAt ?? BigInt(latest!.timestamp + 3 * 365 * DAY);

  // One transaction each, in this order from the next nonce.
  const order = [
    "registryImplementation", "committeeImplementation", "attestationsImplementation", "tokenImplementation",
    ...LOAN_BOOK_LIBRARIES, "registry", "committee", "attestations", "token", "loanBookImplementation", "loanBook",
  ] as const;
  const nonce = await ethers.provider.getTransactionCount(deployerAddress, "pending");
  const at = Object.fromEntries(order.map((name, i) => [name, ethers.getCreateAddress({ from: deployerAddress, nonce: nonce + i })])) as Record<(typeof order)[number], string>;
  const expectAt = async (contract: BaseContract, name: (typeof order)[number]) => {
    if ((await contract.getAddress()) !== at[name]) throw new Error(`${name} was not deployed at ${at[name]}, where the other contracts expect it`);
  };
  const implementation = async (name: string, args: unknown[], expected: (typeof order)[number]) => {
    const contract = await ethers.deployContract(name, args, deployer);
    await contract.waitForDeployment();
    await expectAt(contract, expected);
    return contract;
  };

  const registryImplementation = await implementation("ParticipantRegistry", [], "registryImplementation");
  const committeeImplementation = await implementation("SupervisoryCommittee", [], "committeeImplementation");
  const attestationsImplementation = await implementation("AttestationRegistry", [at.registry], "attestationsImplementation");
  const tokenImplementation = await implementation("DepositToken", [at.registry], "tokenImplementation");
  const libraries = await deployLoanBookLibraries(deployer);

  const registry = await deployProxy<ParticipantRegistry>(registryImplementation, [at.committee, members, credentials, membersExpireAt, [at.loanBook]], deployer);
  const committee = await deployProxy<SupervisoryCommittee>(committeeImplementation, [at.registry, setup.threshold ?? 1, setup.noticePeriod ?? 3 * DAY], deployer);
  const attestations = await deployProxy<AttestationRegistry>(attestationsImplementation, [], deployer);
  const token = await deployProxy<DepositToken>(tokenImplementation, [TOKEN_NAME, TOKEN_SYMBOL], deployer);
  const loanBookImplementation = await (await loanBookFactory(libraries, deployer)).deploy(at.registry, at.attestations, at.token);
  await loanBookImplementation.waitForDeployment();
  const loanBook = await deployProxy<LoanBook>(loanBookImplementation, [], deployer);
  for (const [contract, name] of [[registry, "registry"], [committee, "committee"], [attestations, "attestations"], [token, "token"], [loanBook, "loanBook"]] as const) {
    await expectAt(contract, name);
  }
  const deployments = {
    ParticipantRegistry: registry.deploymentTransaction()!,
    AttestationRegistry: attestations.deploymentTransaction()!,
    DepositToken: token.deploymentTransaction()!,
    LoanBook: loanBook.deploymentTransaction()!,
    SupervisoryCommittee: committee.deploymentTransaction()!,
  };
  return { registry, attestations, token, loanBook, committee, deployments };
}
