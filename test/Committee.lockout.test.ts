import { expect } from "chai";
import { ethers } from "hardhat";
import fc from "fast-check";
import { takeSnapshot, time, type SnapshotRestorer } from "@nomicfoundation/hardhat-network-helpers";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { deployFixture, govern, DAY, type Fixture } from "./helpers/fixture";
import { policyObject } from "./helpers/core";
import { ProposalState, mandate } from "./helpers/committee";
import { BusinessScale, Role, Status } from "../lib/enums";

/**
 * No lockout: random sequences of everything that changes who governs — members suspended, revoked, reinstated
 * and admitted, the threshold raised and lowered, the notice period changed, time passing past members'
 * expiries and renewals, single members cancelling proposals or trying to remove a member alone — each attempted
 * through the committee whether or not it should succeed, and checked against a model of the rules (the exact
 * custom error when refused); once a proposal is approved and its notice is over, no single seat can cancel it. After every command the registry's members in office equal the Regulators in
 * status Active and 1 <= threshold <= members in office; at the end of every sequence the committee must still
 * be able to decide: renew every member in office, admit a new member, and change the policy after its notice.
 *
 * SMEFIN_PROPERTY_RUNS sets the number of sequences (default 30), SMEFIN_PROPERTY_SEED the seed.
 */
const RUNS = Number(process.env.SMEFIN_PROPERTY_RUNS ?? 30);
const SEED = Number(process.env.SMEFIN_PROPERTY_SEED ?? 20_261_128);
const MAX_COMMANDS = 16;
/** A fixed gas limit: refused calls are mined (and judged) at the pinned timestamp instead of failing estimation. */
const GAS = { gasLimit: 3_000_000 };
/** Seats 0-2 are the founding members, 3-5 accounts the committee may admit. */
const POOL = 6;

interface Seat { status: Status; expiresAt: bigint }
interface Model { seats: Seat[]; threshold: number; notice: number }
interface World { f: Fixture; accounts: HardhatEthersSigner[]; newcomer: HardhatEthersSigner }
type Expected = { on: "registry" | "committee"; error: string; args: unknown[] } | null;

const inOffice = (m: Model) => m.seats.filter((s) => s.status === Status.Active).length;

/** Whether seat `i` may take part in a proposal at time `t` (a lapsed member only in renewing a Regulator). */
function eligible(m: Model, i: number, t: bigint, renewalOfRegulator: boolean): boolean {
  const s = m.seats[i];
  return s.status === Status.Active && (t < s.expiresAt || renewalOfRegulator);
}

/** Pins the next block one second after the latest and returns its timestamp, so the model judges at that time. */
async function pin(): Promise<bigint> {
  const t = (await time.latest()) + 1;
  await time.setNextBlockTimestamp(t);
  return BigInt(t);
}

async function expectOutcome(w: World, send: () => Promise<ContractTransactionResponse>, expected: Expected, label: string): Promise<void> {
  if (expected === null) {
    await expect(send(), label).not.to.be.reverted;
    return;
  }
  const contract = expected.on === "registry" ? w.f.registry : w.f.committee;
  await expect(send(), label).to.be.revertedWithCustomError(contract, expected.error).withArgs(...expected.args);
}

/** One call the committee is asked to make, and what the rules say it must do when executed at time `t`. */
interface Call {
  target: "registry" | "committee";
  fn: string;
  args: unknown[];
  renewalOfRegulator: boolean;
  notice: boolean;
  outcome(m: Model, t: bigint): { expected: Expected; apply?: () => void };
}

interface Proposed { id: bigint; proposer: number; queuedAt: bigint | null; approvers: number[] }

/**
 * Proposes `call` by the first eligible seat in `order` and collects approvals from the next ones until the
 * threshold. Returns null when nobody may propose (checking that a member in office is refused).
 */
async function proposeAndApprove(m: Model, w: World, call: Call, order: number[], label: string): Promise<Proposed | null> {
  const c = w.f.committee;
  const contract: BaseContract = call.target === "registry" ? w.f.registry : w.f.committee;
  const data = contract.interface.encodeFunctionData(call.fn, call.args);
  const target = await contract.getAddress();
  let t = await pin();
  const able = order.filter((i) => eligible(m, i, t, call.renewalOfRegulator));
  if (able.length === 0) {
    const someone = order.find((i) => m.seats[i].status === Status.Active) ?? order[0];
    await expectOutcome(w, () => c.connect(w.accounts[someone]).propose(target, data, label, GAS), { on: "committee", error: "CommitteeNotMember", args: [w.accounts[someone].address] }, `${label}: propose`);
    return null;
  }
  const id = (await c.proposalCount()) + 1n;
  await expectOutcome(w, () => c.connect(w.accounts[able[0]]).propose(target, data, label, GAS), null, `${label}: propose`);
  const p: Proposed = { id, proposer: able[0], queuedAt: m.threshold <= 1 ? t : null, approvers: [able[0]] };
  for (const i of able.slice(1)) {
    if (p.approvers.length >= m.threshold) break;
    t = await pin();
    if (!eligible(m, i, t, call.renewalOfRegulator)) continue;
    await expectOutcome(w, () => c.connect(w.accounts[i]).approve(id, GAS), null, `${label}: approve`);
    p.approvers.push(i);
    if (p.approvers.length >= m.threshold) p.queuedAt = t;
  }
  const stored = await c.getProposal(id);
  expect(stored.queuedAt, `${label}: queuedAt`).to.equal(p.queuedAt ?? 0n);
  if (p.queuedAt !== null) expect(stored.eta, `${label}: eta`).to.equal(p.queuedAt + (call.notice ? BigInt(m.notice) : 0n));
  return p;
}

/** The whole path of a proposal: propose, approve, wait the notice, execute; each step judged by the model. */
async function decide(m: Model, w: World, call: Call, order: number[], label: string): Promise<void> {
  const c = w.f.committee;
  const p = await proposeAndApprove(m, w, call, order, label);
  if (p === null) return;
  if (p.queuedAt === null) {
    // Too few eligible members to approve it: it stays pending, and executing it is refused.
    await pin();
    await expectOutcome(w, () => c.connect(w.accounts[p.proposer]).execute(p.id, GAS), { on: "committee", error: "CommitteeInvalidState", args: [p.id, ProposalState.Pending] }, `${label}: execute`);
    return;
  }
  const { eta } = await c.getProposal(p.id);
  if (eta > BigInt(await time.latest())) await time.increaseTo(eta);
  // Approved and past any notice, no single seat can veto it any more (the one it removes included).
  const watcher = order[POOL - 1];
  await pin();
  await expectOutcome(w, () => c.connect(w.accounts[watcher]).cancel(p.id, GAS), committeeError("CommitteeInvalidState", p.id, ProposalState.Ready), `${label}: cancel by ${watcher}`);
  const t = await pin();
  const executor = order.find((i) => eligible(m, i, t, call.renewalOfRegulator));
  if (executor === undefined) {
    // Everyone lapsed during the notice: execution waits for renewals.
    const someone = order.find((i) => m.seats[i].status === Status.Active)!;
    await expectOutcome(w, () => c.connect(w.accounts[someone]).execute(p.id, GAS), { on: "committee", error: "CommitteeNotMember", args: [w.accounts[someone].address] }, `${label}: execute`);
    return;
  }
  const { expected, apply } = call.outcome(m, t);
  await expectOutcome(w, () => c.connect(w.accounts[executor]).execute(p.id, GAS), expected, `${label}: execute`);
  if (expected === null) apply?.();
}

const registryError = (error: string, ...args: unknown[]): Expected => ({ on: "registry", error, args });
const committeeError = (error: string, ...args: unknown[]): Expected => ({ on: "committee", error, args });

/** Seats in the order they act, starting at `rotate`. */
const orderFrom = (rotate: number) => Array.from({ length: POOL }, (_, k) => (k + rotate) % POOL);

// ---------------------------------------------------------------- commands

type Cmd = fc.AsyncCommand<Model, World>;

abstract class Base implements Cmd {
  check() {
    return true;
  }
  abstract act(m: Model, w: World): Promise<void>;
  async run(m: Model, w: World) {
    await this.act(m, w);
    await checkInvariants(m, w, this.toString());
  }
}

abstract class Governed extends Base {
  constructor(public rotate: number) { super(); }
  abstract call(m: Model, w: World): Promise<Call>;
  async act(m: Model, w: World) {
    await decide(m, w, await this.call(m, w), orderFrom(this.rotate), this.toString());
  }
}

class Suspend extends Governed {
  constructor(public seat: number, rotate: number) { super(rotate); }
  toString() { return `suspend(${this.seat}) by ${this.rotate}`; }
  async call(_m: Model, w: World): Promise<Call> {
    const account = w.accounts[this.seat].address;
    return {
      target: "registry", fn: "suspend", args: [account, ethers.id("suspend")], renewalOfRegulator: false, notice: false,
      outcome: (m) => {
        const s = m.seats[this.seat];
        if (s.status === Status.None) return { expected: registryError("RegistryNotAdmitted", account) };
        if (s.status !== Status.Active) return { expected: registryError("RegistryInvalidStatus", account, s.status) };
        if (inOffice(m) - 1 < m.threshold) return { expected: registryError("RegistryBelowThreshold", inOffice(m) - 1, m.threshold) };
        return { expected: null, apply: () => { s.status = Status.Suspended; } };
      },
    };
  }
}

class Revoke extends Governed {
  constructor(public seat: number, rotate: number) { super(rotate); }
  toString() { return `revoke(${this.seat}) by ${this.rotate}`; }
  async call(_m: Model, w: World): Promise<Call> {
    const account = w.accounts[this.seat].address;
    return {
      target: "registry", fn: "revoke", args: [account, ethers.id("revoke")], renewalOfRegulator: false, notice: false,
      outcome: (m) => {
        const s = m.seats[this.seat];
        if (s.status === Status.None) return { expected: registryError("RegistryNotAdmitted", account) };
        if (s.status === Status.Revoked) return { expected: registryError("RegistryInvalidStatus", account, s.status) };
        if (s.status === Status.Active && inOffice(m) - 1 < m.threshold) return { expected: registryError("RegistryBelowThreshold", inOffice(m) - 1, m.threshold) };
        return { expected: null, apply: () => { s.status = Status.Revoked; } };
      },
    };
  }
}

class Reinstate extends Governed {
  constructor(public seat: number, rotate: number) { super(rotate); }
  toString() { return `reinstate(${this.seat}) by ${this.rotate}`; }
  async call(_m: Model, w: World): Promise<Call> {
    const account = w.accounts[this.seat].address;
    return {
      target: "registry", fn: "reinstate", args: [account], renewalOfRegulator: false, notice: false,
      outcome: (m) => {
        const s = m.seats[this.seat];
        if (s.status === Status.None) return { expected: registryError("RegistryNotAdmitted", account) };
        if (s.status !== Status.Suspended) return { expected: registryError("RegistryInvalidStatus", account, s.status) };
        return { expected: null, apply: () => { s.status = Status.Active; } };
      },
    };
  }
}

class Admit extends Governed {
  constructor(public seat: number, public days: number, rotate: number) { super(rotate); }
  toString() { return `admit(${this.seat}, ${this.days} days) by ${this.rotate}`; }
  async call(_m: Model, w: World): Promise<Call> {
    const account = w.accounts[this.seat].address;
    const expiry = BigInt(await time.latest()) + BigInt(this.days * DAY);
    return {
      target: "registry", fn: "admit", args: [account, Role.Regulator, 0, BusinessScale.None, expiry, mandate(`seat ${this.seat}`)], renewalOfRegulator: false, notice: false,
      outcome: (m) => {
        const s = m.seats[this.seat];
        if (s.status !== Status.None) return { expected: registryError("RegistryAlreadyAdmitted", account) };
        return { expected: null, apply: () => { s.status = Status.Active; s.expiresAt = expiry; } };
      },
    };
  }
}

class Renew extends Governed {
  constructor(public seat: number, public days: number, rotate: number) { super(rotate); }
  toString() { return `renew(${this.seat}, ${this.days} days) by ${this.rotate}`; }
  async call(m: Model, w: World): Promise<Call> {
    const account = w.accounts[this.seat].address;
    const expiry = BigInt(await time.latest()) + BigInt(this.days * DAY);
    return {
      // Every seat ever admitted is a Regulator, so the lapsed members' exception applies to it.
      target: "registry", fn: "renew", args: [account, expiry, mandate(`renewal of seat ${this.seat}`)], renewalOfRegulator: m.seats[this.seat].status !== Status.None, notice: false,
      outcome: (mm) => {
        const s = mm.seats[this.seat];
        if (s.status === Status.None) return { expected: registryError("RegistryNotAdmitted", account) };
        if (s.status === Status.Revoked) return { expected: registryError("RegistryInvalidStatus", account, s.status) };
        return { expected: null, apply: () => { s.expiresAt = expiry; } };
      },
    };
  }
}

class SetThreshold extends Governed {
  constructor(public threshold: number, rotate: number) { super(rotate); }
  toString() { return `setThreshold(${this.threshold}) by ${this.rotate}`; }
  async call(): Promise<Call> {
    return {
      target: "committee", fn: "setThreshold", args: [this.threshold], renewalOfRegulator: false, notice: false,
      outcome: (m) => {
        if (this.threshold === 0 || this.threshold > inOffice(m)) return { expected: committeeError("CommitteeInvalidThreshold", this.threshold, inOffice(m)) };
        return { expected: null, apply: () => { m.threshold = this.threshold; } };
      },
    };
  }
}

class SetNoticePeriod extends Governed {
  constructor(public seconds: number, rotate: number) { super(rotate); }
  toString() { return `setNoticePeriod(${this.seconds}) by ${this.rotate}`; }
  async call(): Promise<Call> {
    return {
      target: "committee", fn: "setNoticePeriod", args: [this.seconds], renewalOfRegulator: false, notice: true,
      outcome: (m) => {
        if (this.seconds < DAY || this.seconds > 30 * DAY) return { expected: committeeError("CommitteeInvalidNoticePeriod", this.seconds) };
        return { expected: null, apply: () => { m.notice = this.seconds; } };
      },
    };
  }
}

/** Time passes (members' admissions may lapse). */
class Advance extends Base {
  constructor(public seconds: number) { super(); }
  toString() { return `advance(${this.seconds / DAY} days)`; }
  async act() {
    await time.increase(this.seconds);
  }
}

/**
 * A policy change is proposed and approved; then one member (or anyone) tries to cancel it alone: any member
 * eligible may while it is queued, only the proposer while it is pending. A cancelled change never executes.
 */
class CancelAlone extends Base {
  constructor(public rotate: number, public canceller: number) { super(); }
  toString() { return `cancel a policy change by ${this.canceller}, proposed by ${this.rotate}`; }
  async act(m: Model, w: World) {
    const policy = policyObject(await w.f.registry.policy());
    const call: Call = {
      target: "registry", fn: "setPolicy", args: [{ ...policy, feeCapBps: policy.feeCapBps === 300n ? 250n : 300n }], renewalOfRegulator: false, notice: true,
      outcome: () => ({ expected: null }),
    };
    const label = this.toString();
    const p = await proposeAndApprove(m, w, call, orderFrom(this.rotate), label);
    if (p === null) return;
    const t = await pin();
    const who = w.accounts[this.canceller];
    let expected: Expected = null;
    if (p.queuedAt === null && this.canceller !== p.proposer) expected = committeeError("CommitteeNotProposer", p.id, who.address);
    else if (!eligible(m, this.canceller, t, false)) expected = committeeError("CommitteeNotMember", who.address);
    await expectOutcome(w, () => w.f.committee.connect(who).cancel(p.id, GAS), expected, `${label}: cancel`);
    if (expected === null) {
      await expectOutcome(w, () => w.f.committee.connect(w.accounts[p.proposer]).execute(p.id, GAS), committeeError("CommitteeInvalidState", p.id, ProposalState.Cancelled), `${label}: execute`);
    }
  }
}

/** A founding member alone tries to suspend or revoke a member: only the committee may. */
class RemoveAlone extends Base {
  constructor(public by: number, public seat: number, public revoke: boolean) { super(); }
  toString() { return `${this.revoke ? "revoke" : "suspend"}(${this.seat}) by ${this.by} alone`; }
  async act(_m: Model, w: World) {
    const by = w.accounts[this.by];
    const account = w.accounts[this.seat].address;
    await expectOutcome(w, () => (this.revoke ? w.f.registry.connect(by).revoke(account, ethers.id("x"), GAS) : w.f.registry.connect(by).suspend(account, ethers.id("x"), GAS)),
      registryError("RegistryNotCommittee", by.address), this.toString());
  }
}

// ---------------------------------------------------------------- invariants and liveness

async function checkInvariants(m: Model, w: World, label: string): Promise<void> {
  let active = 0;
  for (const [i, a] of w.accounts.entries()) {
    const p = await w.f.registry.participant(a);
    const s = m.seats[i];
    expect(Number(p.status), `${label}: status of seat ${i}`).to.equal(s.status);
    expect(Number(p.role), `${label}: role of seat ${i}`).to.equal(s.status === Status.None ? Role.None : Role.Regulator);
    if (s.status !== Status.None) expect(p.expiresAt, `${label}: expiry of seat ${i}`).to.equal(s.expiresAt);
    if (Number(p.status) === Status.Active) ++active;
  }
  const members = await w.f.registry.membersInOffice();
  expect(members, `${label}: members in office`).to.equal(BigInt(active));
  const threshold = Number(await w.f.committee.threshold());
  expect(threshold, `${label}: threshold`).to.equal(m.threshold);
  expect(threshold >= 1 && BigInt(threshold) <= members, `${label}: 1 <= threshold ${threshold} <= members ${members}`).to.equal(true);
  expect(Number(await w.f.committee.noticePeriod()), `${label}: notice`).to.equal(m.notice);
}

/**
 * Whatever the sequence did, the members in office (read from the chain, not the model) can still renew every
 * member in office, admit a new member and change the policy after its notice.
 */
async function checkCommitteeCanDecide(w: World, sequence: string): Promise<void> {
  const c = w.f.committee;
  const members: HardhatEthersSigner[] = [];
  for (const a of w.accounts) if (Number((await w.f.registry.participant(a)).status) === Status.Active) members.push(a);
  const threshold = Number(await c.threshold());
  expect(members.length, sequence).to.be.greaterThanOrEqual(threshold);
  const approvers = members.slice(0, threshold);
  const decideTogether = async (target: BaseContract, data: string, label: string) => {
    const id = (await c.proposalCount()) + 1n;
    await c.connect(approvers[0]).propose(target, data, label);
    for (const m of approvers.slice(1)) await c.connect(m).approve(id);
    const { eta } = await c.getProposal(id);
    if (eta > BigInt(await time.latest())) await time.increaseTo(eta);
    return c.connect(approvers[0]).execute(id);
  };
  const expiry = BigInt(await time.latest()) + BigInt(2 * 365 * DAY);
  for (const member of members) {
    const data = w.f.registry.interface.encodeFunctionData("renew", [member.address, expiry, mandate("renewed at the end")]);
    await expect(decideTogether(w.f.registry, data, "renew"), `${sequence}: renew ${member.address}`).to.emit(w.f.registry, "AdmissionRenewed");
  }
  const admit = w.f.registry.interface.encodeFunctionData("admit", [w.newcomer.address, Role.Regulator, 0, BusinessScale.None, expiry, mandate("newcomer")]);
  await expect(decideTogether(w.f.registry, admit, "admit"), `${sequence}: admit a new member`).to.emit(w.f.registry, "ParticipantAdmitted");
  const policy = policyObject(await w.f.registry.policy());
  const changed = { ...policy, lprBps: policy.lprBps + 1n };
  const setPolicy = w.f.registry.interface.encodeFunctionData("setPolicy", [changed]);
  await expect(decideTogether(w.f.registry, setPolicy, "policy"), `${sequence}: change the policy`).to.emit(w.f.registry, "PolicySet");
  expect(policyObject(await w.f.registry.policy())).to.deep.equal(changed);
}

// ---------------------------------------------------------------- the property

const founder = fc.nat({ max: 2 });
/** Mostly founding seats, which are always admitted; the others once the committee admitted them. */
const seat = fc.oneof({ weight: 3, arbitrary: founder }, { weight: 2, arbitrary: fc.integer({ min: 3, max: POOL - 1 }) });
const rotate = fc.nat({ max: POOL - 1 });
const lifetime = fc.constantFrom(20, 60, 200, 400);
const commandArbs = [
  fc.tuple(seat, rotate).map(([s, r]) => new Suspend(s, r)),
  fc.tuple(seat, rotate).map(([s, r]) => new Suspend(s, r)),
  fc.tuple(seat, rotate).map(([s, r]) => new Revoke(s, r)),
  fc.tuple(seat, rotate).map(([s, r]) => new Reinstate(s, r)),
  fc.tuple(seat, lifetime, rotate).map(([s, d, r]) => new Admit(s, d, r)),
  fc.tuple(seat, lifetime, rotate).map(([s, d, r]) => new Admit(s, d, r)),
  fc.tuple(seat, lifetime, rotate).map(([s, d, r]) => new Renew(s, d, r)),
  fc.tuple(fc.integer({ min: 0, max: POOL + 1 }), rotate).map(([k, r]) => new SetThreshold(k, r)),
  fc.tuple(fc.integer({ min: 1, max: 4 }), rotate).map(([k, r]) => new SetThreshold(k, r)),
  fc.tuple(fc.constantFrom(0, DAY - 1, DAY, 5 * DAY, 30 * DAY, 30 * DAY + 1), rotate).map(([s, r]) => new SetNoticePeriod(s, r)),
  fc.constantFrom(DAY, 10 * DAY, 45 * DAY, 150 * DAY, 400 * DAY).map((s) => new Advance(s)),
  fc.constantFrom(DAY, 10 * DAY, 45 * DAY, 150 * DAY, 400 * DAY).map((s) => new Advance(s)),
  fc.tuple(rotate, seat).map(([r, c]) => new CancelAlone(r, c)),
  fc.tuple(founder, founder, fc.boolean()).map(([b, s, rv]) => new RemoveAlone(b, s, rv)),
];

describe("Supervisory committee: no lockout", function () {
  let world: World;
  let start: Model;
  let snapshot: SnapshotRestorer;

  before(async function () {
    const f = await deployFixture();
    const signers = await ethers.getSigners();
    const accounts = [f.regulator, f.regulator2, f.regulator3, signers[29], signers[30], signers[31]];
    world = { f, accounts, newcomer: signers[32] };
    // The founding members' mandates end at different times, within the reach of a few time jumps.
    const now = await time.latest();
    for (const [i, days] of [[1, 90], [2, 300], [0, 30]] as const) {
      await govern(f, f.registry, "renew", [accounts[i].address, BigInt(now + days * DAY), mandate(`seat ${i}`)]);
    }
    start = {
      seats: await Promise.all(accounts.map(async (a) => {
        const p = await f.registry.participant(a);
        return { status: Number(p.status) as Status, expiresAt: p.expiresAt };
      })),
      threshold: Number(await f.committee.threshold()),
      notice: Number(await f.committee.noticePeriod()),
    };
    await checkInvariants(start, world, "start");
    snapshot = await takeSnapshot();
  });

  it(`the committee can always still decide, over ${RUNS} random sequences (seed ${SEED})`, async function () {
    this.timeout(0);
    const property = fc.asyncProperty(fc.commands(commandArbs, { maxCommands: MAX_COMMANDS, size: "max" }), async (commands) => {
      await snapshot.restore();
      const model: Model = { ...start, seats: start.seats.map((s) => ({ ...s })) };
      await fc.asyncModelRun(() => ({ model, real: world }), commands);
      await checkCommitteeCanDecide(world, commands.toString());
    });
    await fc.assert(property, { numRuns: RUNS, seed: SEED });
  });
});
