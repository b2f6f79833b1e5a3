import { expect } from "chai";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse, Interface } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { deployFixture, units, DAY, type Fixture } from "../helpers/fixture";
import { setPolicyWith, spareSigner } from "../helpers/loanbook";
import type { LoanBookSnapshotReader } from "../../typechain-types";
import { AttestationKind, BusinessScale, Role, Status, kindBit } from "../../lib/enums";
import {
  PARTIES, INVESTORS, type Holder, type Model, type Outcome, type PartyName,
} from "./platform";

/** The deployed system, a signer for every party of the model, and the interfaces that decode its errors. */
export interface World {
  f: Fixture;
  probe: LoanBookSnapshotReader;
  signers: Record<PartyName, HardhatEthersSigner>;
  address: Record<Holder, string>;
  interfaces: Interface[];
}

export const GRACE = DAY;
export const DEFAULT_PERIOD = 3 * DAY;
export const ADMISSION = 365 * DAY;

/**
 * Deploys the system with its committee of three regulators (threshold two), short grace and default periods (a
 * change the committee makes), a second guarantee agency, an investor with a low suitability, and approvals of
 * the LoanBook by everyone who pays into it. Returns the world and the model of the same state.
 */
export async function buildWorld(): Promise<{ world: World; model: Model }> {
  const f = await deployFixture();
  const probe = (await ethers.deployContract("LoanBookSnapshotReader")) as unknown as LoanBookSnapshotReader;
  await setPolicyWith(f, { gracePeriod: GRACE, defaultPeriod: DEFAULT_PERIOD });
  const g2 = await spareSigner(1);
  const now = BigInt(await time.latest());
  await f.registry.admit(g2, Role.Agency, kindBit(AttestationKind.Guarantee), BusinessScale.None, now + BigInt(ADMISSION), ethers.id("g2"));
  await f.token.connect(f.custodian).mint(g2, units(1_000_000), ethers.id("deposit-g2"));
  // Enterprises can always pay their loans in full: interest over 30 years can exceed the principal.
  for (const e of [f.enterprise, f.enterprise2]) await f.token.connect(f.custodian).mint(e, units(100_000_000), ethers.id(`more-${e.address}`));
  await f.registry.connect(f.operator).setSuitability(f.investors[2], 2);
  const signers: Record<PartyName, HardhatEthersSigner> = {
    reg: f.regulator, reg2: f.regulator2, reg3: f.regulator3, op: f.operator, cust: f.custodian, rater: f.rater, g1: f.guarantor, g2,
    ent0: f.enterprise, ent1: f.enterprise2, inv0: f.investors[0], inv1: f.investors[1], inv2: f.investors[2], out: f.outsider,
  };
  for (const who of [...INVESTORS, "ent0", "ent1", "g1", "g2"] as PartyName[]) {
    await f.token.connect(signers[who]).approve(f.loanBook, ethers.MaxUint256);
  }
  const address = { book: await f.loanBook.getAddress() } as Record<Holder, string>;
  for (const p of PARTIES) address[p] = signers[p].address;

  const policy = await f.registry.policy();
  const model: Model = {
    now: BigInt(await time.latest()),
    committee: {
      threshold: Number(await f.committee.threshold()),
      noticePeriod: BigInt(await f.committee.noticePeriod()),
      proposalsBefore: await f.committee.proposalCount(),
      proposals: [],
    },
    paused: false,
    parties: {} as Model["parties"],
    policy: {
      rateCapBps: Number(policy.rateCapBps),
      feeCapBps: Number(policy.feeCapBps),
      gracePeriod: BigInt(policy.gracePeriod),
      defaultPeriod: BigInt(policy.defaultPeriod),
      enterpriseCap: BigInt(policy.enterpriseCap),
      minContribution: readPolicyField(policy, "minContribution") ?? units(1),
      drawdownPeriod: readPolicyField(policy, "drawdownPeriod") ?? BigInt(30 * DAY),
    },
    loans: [],
    outstanding: { ent0: 0n, ent1: 0n },
    balances: {} as Model["balances"],
    surplus: 0n,
    feesOwed: { op: 0n },
    feesAccrue: FEATURES.feesOwed(f) !== null,
  };
  for (const p of PARTIES) {
    const r = await f.registry.participant(signers[p]);
    model.parties[p] = { role: Number(r.role), status: Number(r.status), agencyKinds: Number(r.agencyKinds), suitability: Number(r.suitability), expiresAt: BigInt(r.expiresAt) };
    model.balances[p] = await f.token.balanceOf(signers[p]);
  }
  model.balances.book = await f.token.balanceOf(f.loanBook);
  const interfaces = [f.loanBook.interface, f.registry.interface, f.token.interface, f.attestations.interface, f.committee.interface];
  return { world: { f, probe, signers, address, interfaces }, model };
}

/**
 * Functions the rules need that the contracts may name in their own way: the first name the LoanBook's ABI has,
 * or null. The model enables the matching commands and checks only when the function exists.
 */
export const FEATURES = {
  feesOwed: (f: Fixture) => firstFunction(f.loanBook.interface, ["feesOwed", "feeBalance", "feesOf", "fees"]),
  surplus: (f: Fixture) => firstFunction(f.loanBook.interface, ["surplus"]),
};

function firstFunction(i: Interface, names: string[]): string | null {
  for (const n of names) {
    try {
      if (i.getFunction(n)) return n;
    } catch { /* absent or ambiguous */ }
  }
  return null;
}

function readPolicyField(policy: object, name: string): bigint | undefined {
  const value = (policy as Record<string, unknown>)[name];
  return typeof value === "bigint" ? value : undefined;
}

/** The name of the custom error a failed call reverted with, decoded with the system's interfaces. */
export function errorName(world: World, err: unknown): string {
  const data = (err as { data?: string }).data;
  if (typeof data !== "string" || data === "0x") return `no revert data: ${(err as Error).message}`;
  for (const i of world.interfaces) {
    try {
      const parsed = i.parseError(data);
      if (parsed) return parsed.name;
    } catch { /* not this interface's */ }
  }
  return `unknown revert data ${data}`;
}

/** Mines the next call one second after the model's clock; the model's clock follows. */
async function atNextSecond(m: Model) {
  m.now += 1n;
  await ethers.provider.send("evm_setNextBlockTimestamp", [Number(m.now)]);
}

/** Every call names its gas limit, so a refused call is mined (and its error read) instead of failing at the
 * estimate; under the per-transaction cap (2^24) with room for the coverage run's instrumented contracts. */
export const GAS = { gasLimit: 16_000_000 };

/**
 * Runs a real call the model has judged: if the model says it must fail, it must revert with that custom error
 * and the model is left as it was; if the model says it must succeed, it must, and
 * the model takes its effects.
 */
export async function judge(world: World, m: Model, what: string, outcome: Outcome, call: () => Promise<ContractTransactionResponse>): Promise<ContractTransactionResponse | null> {
  await atNextSecond(m);
  let tx: ContractTransactionResponse | null = null;
  let failure: string | null = null;
  try {
    tx = await call();
  } catch (err) {
    failure = errorName(world, err);
  }
  if ("error" in outcome) {
    if (failure === null) expect.fail(`${what}: succeeded, but must be refused with ${outcome.error}`);
    expect(failure, `${what}: refused with the wrong error`).to.equal(outcome.error);
    return null;
  }
  if (failure !== null) expect.fail(`${what}: refused with ${failure}, but must succeed`);
  outcome.ok();
  return tx;
}

/** A call that sets the stage rather than tests a rule (giving an approval back): its outcome is not judged. */
export async function housekeeping(m: Model, call: () => Promise<ContractTransactionResponse>) {
  await atNextSecond(m);
  await call().catch(() => undefined);
}

/** Moves the chain's clock (and the model's) forward by `seconds`, mining a block there. */
export async function advance(m: Model, seconds: bigint) {
  m.now += seconds;
  await time.increaseTo(m.now);
}

export const statusName = (s: number) => Object.keys(Status).find((k) => Status[k as keyof typeof Status] === s);
