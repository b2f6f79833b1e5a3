import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { BaseContract, ContractTransactionResponse, Interface } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { Fixture } from "./fixture";
import { policyObject } from "./core";

/** The committee's `ProposalState`, in declaration order. */
export const ProposalState = { None: 0, Pending: 1, Queued: 2, Ready: 3, Executed: 4, Cancelled: 5, Expired: 6 } as const;

export const PROPOSAL_LIFETIME = 14 * 24 * 3600;
export const EXECUTION_WINDOW = 14 * 24 * 3600;

const toJson = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

/**
 * Everything the committee stores, as one string for "nothing changed" comparisons: its settings and every
 * proposal with its approvals (not the state, which moves with time alone).
 */
export async function committeeState(f: Fixture): Promise<string> {
  const count = await f.committee.proposalCount();
  const state: unknown[] = [await f.committee.threshold(), await f.committee.noticePeriod(), count, await f.committee.registry()];
  for (let id = 1n; id <= count; id++) {
    state.push(await f.committee.getProposal(id));
  }
  return toJson(state);
}

/** The registry's policy with `changes` applied, for a `setPolicy` proposal. */
export async function policyWith(f: Fixture, changes: Partial<ReturnType<typeof policyObject>>) {
  return { ...policyObject(await f.registry.policy()), ...changes };
}

/** A year from the latest block. */
export async function aYearFromNow(): Promise<bigint> {
  return BigInt((await time.latest()) + 365 * 24 * 3600);
}

/** Calldata of `fn(...args)` on the registry. */
export function registryCall(f: Fixture, fn: string, args: readonly unknown[]): string {
  return (f.registry.interface as Interface).encodeFunctionData(fn, args);
}

/** Calldata of `fn(...args)` on the committee itself. */
export function committeeCall(f: Fixture, fn: string, args: readonly unknown[]): string {
  return (f.committee.interface as Interface).encodeFunctionData(fn, args);
}

export const mandate = (s: string) => ethers.id(`mandate: ${s}`);

/**
 * Has the committee call `fn(...args)` on `target` with the approvals of exactly `members` (the first proposes
 * and executes, the others approve), after the notice if the call needs one. Returns the execution.
 */
export async function governBy(f: Fixture, members: HardhatEthersSigner[], target: BaseContract, fn: string, args: readonly unknown[]): Promise<ContractTransactionResponse> {
  const [proposer, ...others] = members;
  const id = (await f.committee.proposalCount()) + 1n;
  await f.committee.connect(proposer).propose(target, target.interface.encodeFunctionData(fn, args), fn);
  for (const m of others) await f.committee.connect(m).approve(id);
  const { eta } = await f.committee.getProposal(id);
  if (eta > BigInt(await time.latest())) await time.increaseTo(eta);
  return f.committee.connect(proposer).execute(id);
}
