import { ethers, network } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionResponse, HDNodeWallet, TransactionReceipt } from "ethers";
import { deploySystem, type System } from "../lib/system";
import { AttestationKind, BusinessScale, RepaymentMethod, Role, kindBit, ratingCode } from "../../lib/enums";
import { accountSubject, loanSubject } from "../../lib/attestations";
import { sendBatch, type BatchSend } from "./batch";
import { zeroHash, type Address, type Hex } from "viem";
import { preparePostBond } from "../../lib/actions/bond";
import { prepareFund } from "../../lib/actions/fund";
import { prepareRepay } from "../../lib/actions/repay";
import type { AttestationRequest } from "../../lib/typedData";
import { hardhatPublicClient } from "../lib/viemOnHardhat";

export const DAY = 24 * 3600;
export const PERIOD = 30 * DAY;
export const units = (n: number | bigint): bigint => ethers.parseUnits(String(n), 6);

const ADMISSION = 365 * DAY;
/** Suitability high enough for every risk grade. */
const SUITABILITY = 5;
/** Ether given to each generated investor for gas. */
const INVESTOR_ETHER = ethers.toQuantity(ethers.parseEther("100"));

/** A deployed system with one admitted participant per role, the enterprise and guarantor holding tokens. */
export interface World extends System {
  regulator: HardhatEthersSigner;
  operator: HardhatEthersSigner;
  custodian: HardhatEthersSigner;
  /** Agency accredited for identity and credit rating. */
  rater: HardhatEthersSigner;
  guarantor: HardhatEthersSigner;
  enterprise: HardhatEthersSigner;
  /** Not admitted: relays signed attestations. */
  relayer: HardhatEthersSigner;
}

export type Investor = HDNodeWallet;

export async function createWorld(): Promise<World> {
  const [regulator, operator, custodian, rater, guarantor, enterprise, relayer] = await ethers.getSigners();
  const system = await deploySystem(regulator);
  const w: World = { ...system, regulator, operator, custodian, rater, guarantor, enterprise, relayer };
  const expiry = await admissionExpiry();
  const admissions: [HardhatEthersSigner, number, number, number][] = [
    [operator, Role.Operator, 0, BusinessScale.None],
    [custodian, Role.Custodian, 0, BusinessScale.None],
    [rater, Role.Agency, kindBit(AttestationKind.Identity) | kindBit(AttestationKind.CreditRating), BusinessScale.None],
    [guarantor, Role.Agency, kindBit(AttestationKind.Guarantee), BusinessScale.None],
    [enterprise, Role.Enterprise, 0, BusinessScale.Small],
  ];
  for (const [account, role, kinds, scale] of admissions) {
    await confirm(w.registry.admit(account, role, kinds, scale, expiry, ethers.id(`credential-${account.address}`)));
  }
  for (const holder of [enterprise, guarantor]) await mint(w, holder.address, units(1_000_000));
  return w;
}

/** Waits for a transaction and fails loudly if it reverted. */
export async function confirm(tx: Promise<ContractTransactionResponse>): Promise<TransactionReceipt> {
  const receipt = await (await tx).wait();
  if (!receipt || receipt.status !== 1) throw new Error("transaction failed");
  return receipt;
}

/** Receipt gasUsed of one transaction. */
export async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  return Number((await confirm(tx)).gasUsed);
}

export async function admissionExpiry(): Promise<bigint> {
  return BigInt((await time.latest()) + ADMISSION);
}

export async function mint(w: World, to: string, amount: bigint): Promise<TransactionReceipt> {
  return confirm(w.token.connect(w.custodian).mint(to, amount, ethers.id(`deposit-${to}-${amount}`)));
}

/**
 * `count` fresh investor wallets, each with ether for gas, admitted, rated suitable for every loan and holding
 * `tokens` deposit tokens. Done in three batches, each mined with automine off.
 */
export async function newInvestors(w: World, count: number, tokens: bigint): Promise<Investor[]> {
  const investors = Array.from({ length: count }, () => ethers.Wallet.createRandom().connect(ethers.provider));
  await Promise.all(investors.map((inv) => network.provider.send("hardhat_setBalance", [inv.address, INVESTOR_ETHER])));
  const expiry = await admissionExpiry();
  await sendBatch(
    investors.map((inv): BatchSend => async (n) =>
      w.registry.admit(inv.address, Role.Investor, 0, BusinessScale.None, expiry, ethers.id(`kyc-${inv.address}`), await n.overrides(w.regulator))),
  );
  await sendBatch(
    investors.flatMap((inv): BatchSend[] => [
      async (n) => w.registry.connect(w.operator).setSuitability(inv.address, SUITABILITY, await n.overrides(w.operator)),
      async (n) => w.token.connect(w.custodian).mint(inv.address, tokens, ethers.id(`deposit-${inv.address}`), await n.overrides(w.custodian)),
    ]),
  );
  return investors;
}

export interface LoanOptions {
  amount?: bigint;
  /** Guarantee bond the guarantor posts before listing. */
  bond?: bigint;
}

/** Terms of the benchmark loans: equal instalments, 8 % a year, monthly, the whole amount as minimum raise. */
export function loanTerms(amount: bigint, instalments = 12) {
  return {
    amount,
    minRaise: amount,
    rateBps: 800,
    method: RepaymentMethod.EqualInstalment,
    instalments,
    periodLength: PERIOD,
    fundingPeriod: 14 * DAY,
  };
}

/** The enterprise publishes a demand; returns its id. */
export async function publish(w: World, amount = units(100_000)): Promise<{ id: bigint; receipt: TransactionReceipt }> {
  const id = (await w.loanBook.loanCount()) + 1n;
  const receipt = await confirm(w.loanBook.connect(w.enterprise).publish(loanTerms(amount), ethers.id(`metadata-${id}`), "working capital"));
  return { id, receipt };
}

/** Opens the review, asks the rater for identity and credit rating, and the guarantor for its bond if any. */
export async function review(w: World, id: bigint, bond?: bigint): Promise<void> {
  await confirm(w.loanBook.connect(w.operator).openReview(id));
  await confirm(w.loanBook.connect(w.operator).requestService(id, w.rater, kindBit(AttestationKind.Identity) | kindBit(AttestationKind.CreditRating)));
  if (bond) {
    await confirm(w.loanBook.connect(w.operator).requestService(id, w.guarantor, kindBit(AttestationKind.Guarantee)));
    const { approval, call } = await preparePostBond(hardhatPublicClient(), { ...(await addressesFor(w, w.guarantor)), loanId: id, amount: bond });
    if (approval) await confirm(w.token.connect(w.guarantor).approve(...approval.args));
    await confirm(w.loanBook.connect(w.guarantor).postBond(...call.args));
  }
}

/** The rater's identity attestation of the enterprise and credit rating ("A") of the loan: the two required. */
export async function attestForListing(w: World, id: bigint): Promise<string[]> {
  const identity = attestationRequest(AttestationKind.Identity, accountSubject(w.enterprise.address), 0);
  const rating = attestationRequest(AttestationKind.CreditRating, loanSubject(id), ratingCode("A"));
  const uids = [];
  for (const request of [identity, rating]) uids.push(attestedUid(w, await confirm(w.attestations.connect(w.rater).attest(request))));
  return uids;
}

export const randomBytes32 = (): string => ethers.hexlify(ethers.randomBytes(32));

export function attestationRequest(kind: AttestationKind, subject: string, value: number | bigint, dataHash = randomBytes32()): AttestationRequest {
  return { kind, subject: subject as Hex, value: BigInt(value), dataHash: dataHash as Hex, refUID: zeroHash, expiresAt: 0 };
}

/** The uid recorded by an attesting transaction, read from its Attested event. */
export function attestedUid(w: World, receipt: TransactionReceipt): string {
  for (const log of receipt.logs) {
    const parsed = w.attestations.interface.parseLog(log);
    if (parsed?.name === "Attested") return parsed.args.uid;
  }
  throw new Error("no Attested event");
}

export const LISTING_FEE_BPS = 100;

/** Publishes, reviews, attests and lists a loan; returns its id. */
export async function listedLoan(w: World, opts: LoanOptions = {}): Promise<bigint> {
  const { id } = await publish(w, opts.amount);
  await review(w, id, opts.bond);
  await confirm(w.loanBook.connect(w.operator).list(id, LISTING_FEE_BPS, await attestForListing(w, id)));
  return id;
}

/** Each investor approves and funds `share` of loan `id`, in one batch (the shares must add up to no more than the target). */
export async function fundInBatch(w: World, id: bigint, investors: Investor[], share: bigint): Promise<void> {
  await sendBatch(
    investors.flatMap((inv): BatchSend[] => [
      async (n) => w.token.connect(inv).approve(w.loanBook, share, await n.overrides(inv)),
      async (n) => w.loanBook.connect(inv).fund(id, share, await n.overrides(inv)),
    ]),
  );
}

/** Approves and funds from one investor, one transaction at a time; returns the gas of the fund transaction. */
export async function fund(w: World, id: bigint, investor: Investor, amount: bigint): Promise<number> {
  const { approval, call } = await prepareFund(hardhatPublicClient(), { ...(await addressesFor(w, investor)), loanId: id, amount });
  if (approval) await confirm(w.token.connect(investor).approve(...approval.args));
  return gasOf(w.loanBook.connect(investor).fund(...call.args));
}

/** A listed loan funded in equal shares by `investors` and disbursed to the enterprise. */
export async function activeLoan(w: World, investors: Investor[], opts: LoanOptions = {}): Promise<bigint> {
  const amount = opts.amount ?? units(100_000);
  const id = await listedLoan(w, { ...opts, amount });
  const share = amount / BigInt(investors.length);
  if (share * BigInt(investors.length) !== amount) throw new Error("the amount must split evenly between the investors");
  await fundInBatch(w, id, investors, share);
  await confirm(w.loanBook.connect(w.enterprise).disburse(id));
  return id;
}

/** Moves time to just before instalment `k` of loan `id` falls due. */
export async function untilInstalment(w: World, id: bigint, k: number): Promise<void> {
  const startedAt = (await w.loanBook.getLoan(id)).startedAt;
  await time.increaseTo(startedAt + BigInt(k * PERIOD) - 60n);
}

/** The enterprise pays what remains due on the current instalment; returns the gas used. */
export async function repayInstalment(w: World, id: bigint): Promise<number> {
  const [, , amount] = await w.loanBook.nextInstalment(id);
  if (amount === 0n) throw new Error(`nothing due on loan ${id}`);
  const { approval, call } = await prepareRepay(hardhatPublicClient(), { ...(await addressesFor(w, w.enterprise)), loanId: id, amount });
  if (approval) await confirm(w.token.connect(w.enterprise).approve(...approval.args));
  return gasOf(w.loanBook.connect(w.enterprise).repay(...call.args));
}

/** What the token-pulling actions need: who pays, the LoanBook and the token. */
async function addressesFor(w: World, account: { address: string }) {
  return { account: account.address as Address, loanBook: (await w.loanBook.getAddress()) as Address, token: (await w.token.getAddress()) as Address };
}
