import { expect } from "chai";
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { AddressLike, ContractTransactionReceipt, Signature } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { expectConserved, govern, type Fixture } from "./fixture";
import { BusinessScale, Role } from "../../lib/enums";
import { PERMIT_TYPES } from "./typedData";
import { periodRateWad } from "../../lib/schedule";

/** Signers the shared fixture leaves unadmitted (it uses the first 14), for participants a test admits itself. */
export async function spareSigner(i: number): Promise<HardhatEthersSigner> {
  const signers = await ethers.getSigners();
  const signer = signers[14 + i];
  if (!signer) throw new Error(`no spare signer ${i}`);
  return signer;
}

/** Admits `account` in `role` until `lifetime` seconds from now; returns the expiry. */
export async function admitFor(f: Fixture, account: HardhatEthersSigner, role: Role, lifetime: number, agencyKinds = 0): Promise<bigint> {
  const expiry = BigInt((await time.latest()) + lifetime);
  const scale = role === Role.Enterprise ? BusinessScale.Micro : BusinessScale.None;
  await f.registry.connect(f.regulator).admit(account, role, agencyKinds, scale, expiry, ethers.id(`credential-${account.address}`));
  return expiry;
}

const toJson = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

/**
 * Everything a LoanBook call can move: token balances of `accounts` and of the LoanBook, the loan count, and for
 * each id the loan, its accounts, every listed account's position and the enterprise's outstanding principal.
 */
export async function bookState(f: Fixture, ids: bigint[], accounts: AddressLike[]): Promise<string> {
  const addresses = await Promise.all(accounts.map((a) => ethers.resolveAddress(a)));
  const state: unknown[] = [await f.loanBook.loanCount(), await f.token.balanceOf(f.loanBook)];
  for (const a of addresses) state.push(a, await f.token.balanceOf(a), await f.token.allowance(a, f.loanBook));
  for (const id of ids) {
    const loan = await f.loanBook.getLoan(id);
    state.push(loan, await f.loanBook.getAccounts(id), await f.loanBook.outstandingOf(loan.enterprise));
    for (const a of addresses) state.push(await f.loanBook.getPosition(id, a));
  }
  return toJson(state);
}

/**
 * Runs `refusal` (an assertion that a call reverts with a precise error) and checks that it moved nothing: the
 * state of `ids` and the balances of `accounts` are unchanged, and the LoanBook still holds exactly what it owes
 * (plus the surplus it held before).
 */
export async function expectRefused(f: Fixture, ids: bigint[], accounts: AddressLike[], refusal: () => Promise<unknown>): Promise<void> {
  const before = await bookState(f, ids, accounts);
  const surplus = await f.loanBook.surplus();
  await refusal();
  expect(await bookState(f, ids, accounts)).to.equal(before);
  await expectConserved(f, surplus);
}

/** Token balance changes of `accounts` across `action`. */
export async function balanceDeltas(f: Fixture, accounts: AddressLike[], action: () => Promise<unknown>): Promise<bigint[]> {
  const before = await Promise.all(accounts.map((a) => f.token.balanceOf(a)));
  await action();
  const after = await Promise.all(accounts.map((a) => f.token.balanceOf(a)));
  return after.map((b, i) => b - before[i]);
}

/** The owner's ERC-2612 permit for the LoanBook to pull `value`, signed with eth_signTypedData. */
export async function signPermit(f: Fixture, owner: HardhatEthersSigner, value: bigint, deadline: bigint): Promise<Signature> {
  const { chainId } = await ethers.provider.getNetwork();
  const domain = { name: await f.token.name(), version: "1", chainId, verifyingContract: await f.token.getAddress() };
  const message = { owner: owner.address, spender: await f.loanBook.getAddress(), value, nonce: await f.token.nonces(owner), deadline };
  return ethers.Signature.from(await owner.signTypedData(domain, PERMIT_TYPES, message));
}


/** Interest of the first `k` interest-first instalments, rounded up once as the contract rounds it. */
export function interestFirstInterest(principal: bigint, rateBps: number, periodLength: number, k = 1): bigint {
  const wad = 10n ** 18n;
  const r = periodRateWad(rateBps, periodLength);
  return (BigInt(k) * principal * r + wad - 1n) / wad;
}

/** The events of `name` a receipt holds, decoded with the LoanBook's interface. */
export function eventsOf(f: Fixture, receipt: ContractTransactionReceipt | null, name: string) {
  return receipt!.logs.map((l) => f.loanBook.interface.parseLog(l)).filter((e) => e?.name === name);
}

/** Has the committee replace the policy in force (after its notice period) with `changes` applied. */
export async function setPolicyWith(f: Fixture, changes: Partial<{ lprBps: number; rateCapBps: number; feeCapBps: number; requiredKinds: number; gracePeriod: number; defaultPeriod: number; enterpriseCap: bigint; drawdownPeriod: number; minContribution: bigint }>): Promise<void> {
  const p = await f.registry.policy();
  const current = { lprBps: p.lprBps, rateCapBps: p.rateCapBps, feeCapBps: p.feeCapBps, requiredKinds: p.requiredKinds, gracePeriod: p.gracePeriod, defaultPeriod: p.defaultPeriod, enterpriseCap: p.enterpriseCap, drawdownPeriod: p.drawdownPeriod, minContribution: p.minContribution };
  await govern(f, f.registry, "setPolicy", [{ ...current, ...changes }]);
}
