import type { Signer } from "ethers";
import { ethers } from "hardhat";
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

/**
 * Deploys the four contracts with `regulator` as deployer and first regulator, and lets the LoanBook hold the
 * deposit token. The single place where the system is wired: tests, benchmarks and the deploy script use it.
 */
export async function deploySystem(regulator: Signer, regulatorCredential = ethers.id("regulator mandate")): Promise<System> {
  const registry = await ethers.deployContract("ParticipantRegistry", [await regulator.getAddress(), regulatorCredential], regulator);
  await registry.waitForDeployment();
  const attestations = await ethers.deployContract("AttestationRegistry", [registry], regulator);
  const token = await ethers.deployContract("DepositToken", [registry, TOKEN_NAME, TOKEN_SYMBOL], regulator);
  await Promise.all([attestations.waitForDeployment(), token.waitForDeployment()]);
  const loanBook = await ethers.deployContract("LoanBook", [registry, attestations, token], regulator);
  await loanBook.waitForDeployment();
  await (await registry.connect(regulator).setPlatformContract(loanBook, true)).wait();
  return { registry, attestations, token, loanBook } as unknown as System;
}
