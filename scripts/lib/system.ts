import { BaseContract, ContractFactory, type Signer } from "ethers";
import { artifacts, ethers } from "hardhat";
import type { AttestationRegistry, DepositToken, LoanBook, ParticipantRegistry } from "../../typechain-types";

export interface System {
  registry: ParticipantRegistry;
  attestations: AttestationRegistry;
  token: DepositToken;
  loanBook: LoanBook;
}

import { DEPOSIT_TOKEN_NAME as TOKEN_NAME } from "../../lib/typedData";

/** One name for the token, shared with the permit domain the SDK signs. */
export { TOKEN_NAME };
export const TOKEN_SYMBOL = "sDEP";

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
 * Deploys the four contracts, each as an implementation behind an ERC-1967 (UUPS) proxy, with `regulator` as
 * deployer and first regulator, and lets the LoanBook hold the deposit token. `committee` is the account allowed to
 * upgrade them (the regulator's own account unless given). Implementations keep the addresses of the other
 * contracts as immutables, so the proxies are deployed in order: registry, attestation registry, token, LoanBook.
 * The single place where the system is wired: tests, benchmarks and the deploy script use it.
 */
export async function deploySystem(
  regulator: Signer,
  regulatorCredential = ethers.id("regulator mandate"),
  committee?: string,
): Promise<System> {
  const regulatorAddress = await regulator.getAddress();
  const implementation = async (name: string, args: unknown[]) => {
    const contract = await ethers.deployContract(name, args, regulator);
    await contract.waitForDeployment();
    return contract;
  };

  const registry = await deployProxy<ParticipantRegistry>(
    await implementation("ParticipantRegistry", []),
    [regulatorAddress, regulatorCredential, committee ?? regulatorAddress],
    regulator,
  );
  const attestations = await deployProxy<AttestationRegistry>(await implementation("AttestationRegistry", [registry]), [], regulator);
  const token = await deployProxy<DepositToken>(await implementation("DepositToken", [registry]), [TOKEN_NAME, TOKEN_SYMBOL], regulator);
  const factory = await loanBookFactory(await deployLoanBookLibraries(regulator), regulator);
  const loanBookImplementation = await factory.deploy(registry, attestations, token);
  await loanBookImplementation.waitForDeployment();
  const loanBook = await deployProxy<LoanBook>(loanBookImplementation, [], regulator);
  await (await registry.connect(regulator).setPlatformContract(loanBook, true)).wait();
  return { registry, attestations, token, loanBook };
}
