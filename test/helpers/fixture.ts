import { expect } from "chai";
import { ethers } from "hardhat";
import type { Addressable, BaseContract, ContractTransactionResponse } from "ethers";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { deploySystem, type System } from "../../scripts/lib/system";
import { AttestationKind, BusinessScale, RepaymentMethod, Role, kindBit, ratingCode, type Rating } from "../../lib/enums";
import { loanSubject, accountSubject } from "../../lib/attestations";

export const DAY = 24 * 3600;
export const YEAR_ADMISSION = 365 * DAY;
export const units = (n: number | string) => ethers.parseUnits(String(n), 6);

export interface Actors {
  /** The three members of the supervisory committee (threshold two). */
  regulator: HardhatEthersSigner;
  regulator2: HardhatEthersSigner;
  regulator3: HardhatEthersSigner;
  operator: HardhatEthersSigner;
  custodian: HardhatEthersSigner;
  /** Identity and credit-rating agency. */
  rater: HardhatEthersSigner;
  guarantor: HardhatEthersSigner;
  enterprise: HardhatEthersSigner;
  enterprise2: HardhatEthersSigner;
  investors: HardhatEthersSigner[];
  outsider: HardhatEthersSigner;
}

export type Fixture = System & Actors;

export async function admissionExpiry(): Promise<bigint> {
  return BigInt((await time.latest()) + YEAR_ADMISSION);
}

export const NOTICE_PERIOD = 3 * DAY;

/**
 * Deploys the system with a committee of three regulators (threshold two), admits one participant of every
 * other role (investors at suitability 5) and funds them.
 */
export async function deployFixture(): Promise<Fixture> {
  const signers = await ethers.getSigners();
  const [regulator, operator, custodian, rater, guarantor, enterprise, enterprise2, outsider, ...rest] = signers;
  const investors = rest.slice(0, 6);
  const [regulator2, regulator3] = [signers[27], signers[28]];
  const system = await deploySystem(regulator, {
    members: [regulator.address, regulator2.address, regulator3.address],
    threshold: 2,
    noticePeriod: NOTICE_PERIOD,
  });
  const { registry, token } = system;
  const expiry = await admissionExpiry();
  const cred = (s: string) => ethers.id(s);
  await registry.admit(operator, Role.Operator, 0, BusinessScale.None, expiry, cred("operator"));
  await registry.admit(custodian, Role.Custodian, 0, BusinessScale.None, expiry, cred("custodian"));
  await registry.admit(rater, Role.Agency, kindBit(AttestationKind.Identity) | kindBit(AttestationKind.CreditRating), BusinessScale.None, expiry, cred("rater"));
  await registry.admit(guarantor, Role.Agency, kindBit(AttestationKind.Guarantee), BusinessScale.None, expiry, cred("guarantor"));
  await registry.admit(enterprise, Role.Enterprise, 0, BusinessScale.Small, expiry, cred("enterprise"));
  await registry.admit(enterprise2, Role.Enterprise, 0, BusinessScale.Micro, expiry, cred("enterprise2"));
  for (const [i, inv] of investors.entries()) {
    await registry.admit(inv, Role.Investor, 0, BusinessScale.None, expiry, cred(`investor${i}`));
    await registry.connect(operator).setSuitability(inv, 5);
    await token.connect(custodian).mint(inv, units(1_000_000), ethers.id(`deposit-investor${i}`));
  }
  for (const who of [enterprise, enterprise2, guarantor]) {
    await token.connect(custodian).mint(who, units(1_000_000), ethers.id(`deposit-${who.address}`));
  }
  return { ...system, regulator, regulator2, regulator3, operator, custodian, rater, guarantor, enterprise, enterprise2, investors, outsider };
}

export interface TermsInput {
  amount: bigint;
  minRaise: bigint;
  rateBps: number;
  method: number;
  instalments: number;
  periodLength: number;
  fundingPeriod: number;
}

export function defaultTerms(overrides: Partial<TermsInput> = {}): TermsInput {
  return {
    amount: units(100_000),
    minRaise: units(60_000),
    rateBps: 800,
    method: RepaymentMethod.EqualInstalment,
    instalments: 12,
    periodLength: 30 * DAY,
    fundingPeriod: 14 * DAY,
    ...overrides,
  };
}

/** Publishes a demand by `f.enterprise` (or `by`) and returns its id. */
export async function publish(f: Fixture, terms = defaultTerms(), by = f.enterprise): Promise<bigint> {
  const id = (await f.loanBook.loanCount()) + 1n;
  await f.loanBook.connect(by).publish(terms, ethers.id(`metadata-${id}`), "working capital for a new production line");
  return id;
}

/** The uid of the attestation a transaction recorded, read from its {Attested} event. */
export async function attestedUid(f: Fixture, tx: ContractTransactionResponse): Promise<string> {
  const receipt = await tx.wait();
  for (const log of receipt!.logs) {
    const parsed = f.attestations.interface.parseLog(log);
    if (parsed?.name === "Attested") return parsed.args.uid;
  }
  throw new Error("no Attested event");
}

/** Attests identity of the enterprise and a credit rating of the loan; returns the uids. */
export async function attestForListing(f: Fixture, id: bigint, enterprise: string, rating: Rating = "A"): Promise<string[]> {
  const uids: string[] = [];
  for (const [kind, subject, value] of [
    [AttestationKind.Identity, accountSubject(enterprise), 0n],
    [AttestationKind.CreditRating, loanSubject(id), BigInt(ratingCode(rating))],
  ] as const) {
    const request = { kind, subject, value, dataHash: ethers.id(`report-${id}-${kind}`), refUID: ethers.ZeroHash, expiresAt: 0 };
    uids.push(await attestedUid(f, await f.attestations.connect(f.rater).attest(request)));
  }
  return uids;
}

/** Publishes, reviews, attests and lists a loan; returns its id. */
export async function listedLoan(f: Fixture, terms = defaultTerms(), opts: { bond?: bigint; rating?: Rating; feeBps?: number; by?: HardhatEthersSigner } = {}): Promise<bigint> {
  const by = opts.by ?? f.enterprise;
  const id = await publish(f, terms, by);
  await f.loanBook.connect(f.operator).openReview(id);
  await f.loanBook.connect(f.operator).requestService(id, f.rater, kindBit(AttestationKind.Identity) | kindBit(AttestationKind.CreditRating));
  if (opts.bond) {
    await f.loanBook.connect(f.operator).requestService(id, f.guarantor, kindBit(AttestationKind.Guarantee));
    await f.token.connect(f.guarantor).approve(f.loanBook, opts.bond);
    await f.loanBook.connect(f.guarantor).postBond(id, opts.bond);
  }
  const uids = await attestForListing(f, id, by.address, opts.rating ?? "A");
  await f.loanBook.connect(f.operator).list(id, opts.feeBps ?? 100, uids);
  return id;
}

/** Funds `id` from the given investors with the given amounts (approve + fund). */
export async function fundFrom(f: Fixture, id: bigint, contributions: [HardhatEthersSigner, bigint][]): Promise<void> {
  for (const [investor, amount] of contributions) {
    await f.token.connect(investor).approve(f.loanBook, amount);
    await f.loanBook.connect(investor).fund(id, amount);
  }
}

/** A loan funded to its target by the first investors in equal parts, and disbursed. */
export async function activeLoan(f: Fixture, terms = defaultTerms(), opts: { bond?: bigint; investors?: number } = {}): Promise<bigint> {
  const id = await listedLoan(f, terms, opts);
  const count = opts.investors ?? 2;
  const share = terms.amount / BigInt(count);
  const contributions: [HardhatEthersSigner, bigint][] = f.investors.slice(0, count).map((inv, i) => [inv, i === count - 1 ? terms.amount - share * BigInt(count - 1) : share]);
  await fundFrom(f, id, contributions);
  await f.loanBook.connect(f.enterprise).disburse(id);
  return id;
}

/**
 * The LoanBook owes exactly what it holds for every loan plus the fees accrued to any account (`totalHeld`), and
 * its token balance is that plus `surplus` (tokens sent to it outside any loan; none unless a test sent some).
 */
export async function expectConserved(f: Fixture, surplus = 0n): Promise<void> {
  const count = await f.loanBook.loanCount();
  let held = 0n;
  for (let id = 1n; id <= count; id++) held += await f.loanBook.heldFor(id);
  for (const s of await ethers.getSigners()) held += await f.loanBook.feesOf(s);
  expect(await f.loanBook.totalHeld()).to.equal(held);
  expect(await f.loanBook.surplus()).to.equal(surplus);
  expect(await f.token.balanceOf(f.loanBook)).to.equal(held + surplus);
}

/**
 * Has the committee call `functionName(...args)` on `target`: `regulator` proposes, `regulator2` approves, the
 * notice period (if the call needs one) passes, and `regulator` executes. Returns the execution, which reverts
 * with the target's own error when the call fails.
 */
export async function govern(
  f: Fixture,
  target: BaseContract,
  functionName: string,
  args: readonly unknown[],
  description = functionName,
): Promise<ContractTransactionResponse> {
  const data = target.interface.encodeFunctionData(functionName, await resolveAddresses(args));
  const id = await propose(f, target, data, description);
  await f.committee.connect(f.regulator2).approve(id);
  const { eta } = await f.committee.getProposal(id);
  if (eta > BigInt(await time.latest())) await time.increaseTo(eta);
  return f.committee.connect(f.regulator).execute(id);
}

/** The arguments with every signer or contract replaced by its address (the ABI encoder takes addresses only). */
async function resolveAddresses(args: readonly unknown[]): Promise<unknown[]> {
  return Promise.all(args.map(async (a) => {
    if (Array.isArray(a)) return resolveAddresses(a);
    if (a !== null && typeof a === "object" && typeof (a as { getAddress?: unknown }).getAddress === "function") return ethers.resolveAddress(a as Addressable);
    return a;
  }));
}

/** `regulator` proposes the call `data` on `target`; returns the proposal's id. */
export async function propose(f: Fixture, target: BaseContract | string, data: string, description = "proposal", by = f.regulator): Promise<bigint> {
  const id = (await f.committee.proposalCount()) + 1n;
  await f.committee.connect(by).propose(typeof target === "string" ? target : await target.getAddress(), data, description);
  return id;
}
