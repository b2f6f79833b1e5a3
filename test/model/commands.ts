import fc from "fast-check";
import { ethers } from "hardhat";
import { AttestationKind } from "../../lib/enums";
import { accountSubject, loanSubject } from "../../lib/attestations";
import { ATTEST_TYPES } from "../helpers/typedData";
import { signPermit } from "../helpers/loanbook";
import { policyObject } from "../helpers/core";
import { DAY } from "../helpers/fixture";
import * as P from "./platform";
import { ENTERPRISES, GUARANTORS, INVESTORS, PARTIES, REGULATORS, type GovAction, type LoanModel, type Model, type PartyName, type ProposalModel, type Terms } from "./platform";
import { DEFAULT_PERIOD, GAS, GRACE, advance, housekeeping, judge, type World } from "./world";
import { checkInvariants } from "./invariants";

/**
 * One command per public action of every role. A command picks its loan by index modulo the loans the model
 * knows, asks the model what the call must do, makes the real call (judge) and then checks every invariant.
 */
type Cmd = fc.AsyncCommand<Model, World>;

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x));

abstract class Base implements Cmd {
  abstract name: string;
  abstract args: unknown;
  check() {
    return true;
  }
  abstract act(m: Model, w: World): Promise<void>;
  async run(m: Model, w: World) {
    await this.act(m, w);
    await checkInvariants(w, m, this.toString());
  }
  toString() {
    return `${this.name}${json(this.args)}`;
  }
}

/** A command on one loan: the loan is `pick` modulo the loans there are (none: the command does nothing). */
abstract class OnLoan extends Base {
  constructor(public pick: number) { super(); }
  abstract onLoan(m: Model, w: World, l: LoanModel): Promise<void>;
  async act(m: Model, w: World) {
    if (m.loans.length === 0) return;
    await this.onLoan(m, w, m.loans[this.pick % m.loans.length]);
  }
}

const book = (w: World, who: PartyName) => w.f.loanBook.connect(w.signers[who]);

// ---------------------------------------------------------------- publish .. list

export class Publish extends Base {
  name = "publish";
  constructor(public who: PartyName, public terms: Terms) { super(); }
  get args() { return { who: this.who, terms: this.terms }; }
  async act(m: Model, w: World) {
    await judge(w, m, this.toString(), P.publish(m, this.who, this.terms), () =>
      book(w, this.who).publish(this.terms, ethers.id("metadata"), "working capital", GAS));
  }
}

export class OpenReview extends OnLoan {
  name = "openReview";
  constructor(pick: number, public who: PartyName) { super(pick); }
  get args() { return { loan: this.pick, who: this.who }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    await judge(w, m, this.toString(), P.openReview(m, this.who, l.id), () => book(w, this.who).openReview(l.id, GAS));
  }
}

export class RequestService extends OnLoan {
  name = "requestService";
  constructor(pick: number, public who: PartyName, public agency: PartyName, public kinds: number) { super(pick); }
  get args() { return { loan: this.pick, who: this.who, agency: this.agency, kinds: this.kinds }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    await judge(w, m, this.toString(), P.requestService(m, this.who, l.id, this.agency, this.kinds), () =>
      book(w, this.who).requestService(l.id, w.address[this.agency], this.kinds, GAS));
  }
}

export class PostBond extends OnLoan {
  name = "postBond";
  constructor(pick: number, public who: PartyName, public amount: bigint) { super(pick); }
  get args() { return { loan: this.pick, who: this.who, amount: this.amount }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    await judge(w, m, this.toString(), P.postBond(m, this.who, l.id, this.amount), () => book(w, this.who).postBond(l.id, this.amount, GAS));
  }
}

/** An agency attests the enterprise's identity or the loan's credit rating, directly or by a relayed signature. */
export class Attest extends OnLoan {
  name = "attest";
  constructor(pick: number, public who: PartyName, public kind: number, public rating: number, public relayed: boolean) { super(pick); }
  get args() { return { loan: this.pick, who: this.who, kind: this.kind, rating: this.rating, relayed: this.relayed }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    const identity = this.kind === AttestationKind.Identity;
    const request = {
      kind: this.kind,
      subject: identity ? accountSubject(w.address[l.enterprise]) : loanSubject(l.id),
      value: identity ? 0n : BigInt(this.rating),
      dataHash: ethers.id(`report ${l.id} ${m.now}`),
      refUID: ethers.ZeroHash,
      expiresAt: 0,
    };
    const registry = w.f.attestations;
    const signer = w.signers[this.who];
    const tx = await judge(w, m, this.toString(), P.attest(m, this.who, this.kind), async () => {
      if (!this.relayed) return registry.connect(signer).attest(request, GAS);
      const nonce = await registry.nonces(signer);
      const deadline = m.now + 3600n;
      const domain = { name: "smefin AttestationRegistry", version: "1", chainId: 31337, verifyingContract: await registry.getAddress() };
      const signature = await signer.signTypedData(domain, ATTEST_TYPES, { attester: signer.address, ...request, nonce, deadline });
      return registry.connect(w.signers.op).attestBySignature(request, signer.address, nonce, deadline, signature, GAS);
    });
    if (!tx) return;
    const receipt = await tx.wait();
    const event = receipt!.logs.map((log) => registry.interface.parseLog(log)).find((e) => e?.name === "Attested");
    l.attestations.push({ uid: event!.args.uid, author: this.who, kind: this.kind, rating: this.rating, revoked: false });
  }
}

/** The author withdraws the loan's most recent attestation (open while paused: it only withdraws a statement); a
 * listing that presents it is then refused. */
export class RevokeAttestation extends OnLoan {
  name = "revokeAttestation";
  constructor(pick: number) { super(pick); }
  get args() { return { loan: this.pick }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    const a = l.attestations.at(-1);
    if (!a || a.revoked) return;
    const outcome = P.succeed(() => { a.revoked = true; });
    await judge(w, m, this.toString(), outcome, () => w.f.attestations.connect(w.signers[a.author]).revoke(a.uid, "superseded by a new report", GAS));
  }
}

export class List extends OnLoan {
  name = "list";
  constructor(pick: number, public who: PartyName, public feeBps: number) { super(pick); }
  get args() { return { loan: this.pick, who: this.who, feeBps: this.feeBps }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    const uids = l.attestations.map((a) => a.uid);
    await judge(w, m, this.toString(), P.list(m, this.who, l.id, this.feeBps), () => book(w, this.who).list(l.id, this.feeBps, uids, GAS));
  }
}

/**
 * Publishes and takes a demand through review, service requests, an optional guarantee, attestations and listing,
 * each step judged by the model: the quick way to loans that can be funded.
 */
export class PublishAndList extends Base {
  name = "publishAndList";
  constructor(public who: PartyName, public terms: Terms, public guarantor: PartyName | null, public bond: bigint, public rating: number, public feeBps: number) { super(); }
  get args() { return { who: this.who, terms: this.terms, guarantor: this.guarantor, bond: this.bond, rating: this.rating, feeBps: this.feeBps }; }
  async act(m: Model, w: World) {
    const count = m.loans.length;
    await new Publish(this.who, this.terms).act(m, w);
    if (m.loans.length === count) return;
    const pick = m.loans.length - 1;
    await new OpenReview(pick, "op").act(m, w);
    await new RequestService(pick, "op", "rater", P.RATER_KINDS).act(m, w);
    if (this.guarantor) {
      await new RequestService(pick, "op", this.guarantor, P.GUARANTEE_BIT).act(m, w);
      await new PostBond(pick, this.guarantor, this.bond).act(m, w);
    }
    await new Attest(pick, "rater", AttestationKind.Identity, 0, false).act(m, w);
    await new Attest(pick, "rater", AttestationKind.CreditRating, this.rating, false).act(m, w);
    await new List(pick, "op", this.feeBps).act(m, w);
  }
}

export class Unlist extends OnLoan {
  name = "unlist";
  constructor(pick: number, public who: PartyName) { super(pick); }
  get args() { return { loan: this.pick, who: this.who }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    await judge(w, m, this.toString(), P.unlist(m, this.who, l.id), () => book(w, this.who).unlist(l.id, GAS));
  }
}

// ---------------------------------------------------------------- funding

export type FundSize = "zero" | "one" | "belowMin" | "min" | "part" | "remaining" | "overRemaining" | "double";

export class Fund extends OnLoan {
  name = "fund";
  constructor(pick: number, public who: PartyName, public size: FundSize, public pct: number, public permit: boolean) { super(pick); }
  get args() { return { loan: this.pick, who: this.who, size: this.size, pct: this.pct, permit: this.permit }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    const remaining = l.terms.amount - l.raised;
    const min = m.policy.minContribution;
    const amount = {
      zero: 0n, one: 1n, belowMin: min > 1n ? min - 1n : 1n, min, part: (remaining * BigInt(this.pct)) / 100n,
      remaining, overRemaining: remaining + 1n, double: remaining * 2n + 7n,
    }[this.size];
    const signer = w.signers[this.who];
    const outcome = P.fund(m, this.who, l.id, amount);
    if (!this.permit) {
      await judge(w, m, this.toString(), outcome, () => book(w, this.who).fund(l.id, amount, GAS));
      return;
    }
    // Permit for exactly the amount asked, then the approval the other commands rely on is given back.
    const deadline = m.now + 3600n;
    const sig = await signPermit(w.f, signer, amount, deadline);
    await judge(w, m, this.toString(), outcome, () => book(w, this.who).fundWithPermit(l.id, amount, deadline, sig.v, sig.r, sig.s, GAS));
    await housekeeping(m, () => w.f.token.connect(signer).approve(w.f.loanBook, ethers.MaxUint256, GAS));
  }
}

export class CloseFunding extends OnLoan {
  name = "closeFunding";
  constructor(pick: number, public who: PartyName) { super(pick); }
  get args() { return { loan: this.pick, who: this.who }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    await judge(w, m, this.toString(), P.closeFunding(m, l.id), () => book(w, this.who).closeFunding(l.id, GAS));
  }
}

export class Cancel extends OnLoan {
  name = "cancel";
  constructor(pick: number, public who: PartyName) { super(pick); }
  get args() { return { loan: this.pick, who: this.who }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    await judge(w, m, this.toString(), P.cancel(m, this.who, l.id), () => book(w, this.who).cancel(l.id, ethers.id("reason"), GAS));
  }
}

export class Refund extends OnLoan {
  name = "refund";
  constructor(pick: number, public who: PartyName) { super(pick); }
  get args() { return { loan: this.pick, who: this.who }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    await judge(w, m, this.toString(), P.refund(m, this.who, l.id), () => book(w, this.who).refund(l.id, GAS));
  }
}

// ---------------------------------------------------------------- disbursement, repayment, claims

export class Disburse extends OnLoan {
  name = "disburse";
  constructor(pick: number, public who: PartyName | "enterprise") { super(pick); }
  get args() { return { loan: this.pick, who: this.who }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    const who = this.who === "enterprise" ? l.enterprise : this.who;
    await judge(w, m, this.toString(), P.disburse(m, who, l.id), () => book(w, who).disburse(l.id, GAS));
  }
}

export type RepaySize = "one" | "closeMinus1" | "close" | "closePlus1" | "overpay" | "part" | "instalment";

export class Repay extends OnLoan {
  name = "repay";
  constructor(pick: number, public who: PartyName | "enterprise", public size: RepaySize, public perMille: number) { super(pick); }
  get args() { return { loan: this.pick, who: this.who, size: this.size, perMille: this.perMille }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    const who = this.who === "enterprise" ? l.enterprise : this.who;
    const t = P.nextTime(m);
    const owed = P.OWING.includes(l.state) ? P.settlement(l, t) - l.repaid : 0n;
    const due = P.OWING.includes(l.state) ? P.dueNow(l, t, 0n) : 0n;
    const amount = {
      one: 1n, closeMinus1: owed > 0n ? owed - 1n : 0n, close: owed, closePlus1: owed + 1n, overpay: owed * 3n + 1_000_003n,
      part: (owed * BigInt(this.perMille)) / 1000n, instalment: due > l.repaid ? due - l.repaid : 1n,
    }[this.size];
    await judge(w, m, `${this} amount ${amount}`, P.repay(m, who, l.id, amount), () => book(w, who).repay(l.id, amount, GAS));
  }
}

export class Claim extends OnLoan {
  name = "claim";
  constructor(pick: number, public who: PartyName) { super(pick); }
  get args() { return { loan: this.pick, who: this.who }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    await judge(w, m, this.toString(), P.claim(m, this.who, l.id), () => book(w, this.who).claim(l.id, GAS));
  }
}

export class ClaimRecovery extends OnLoan {
  name = "claimRecovery";
  constructor(pick: number, public who: PartyName) { super(pick); }
  get args() { return { loan: this.pick, who: this.who }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    await judge(w, m, this.toString(), P.claimRecovery(m, this.who, l.id), () => book(w, this.who).claimRecovery(l.id, GAS));
  }
}

export class ReleaseBond extends OnLoan {
  name = "releaseBond";
  constructor(pick: number, public who: PartyName) { super(pick); }
  get args() { return { loan: this.pick, who: this.who }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    await judge(w, m, this.toString(), P.releaseBond(m, this.who, l.id), () => book(w, this.who).releaseBond(l.id, GAS));
  }
}

export class MarkLate extends OnLoan {
  name = "markLate";
  constructor(pick: number, public who: PartyName) { super(pick); }
  get args() { return { loan: this.pick, who: this.who }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    await judge(w, m, this.toString(), P.markLate(m, this.who, l.id), () => book(w, this.who).markLate(l.id, GAS));
  }
}

export class DeclareDefault extends OnLoan {
  name = "declareDefault";
  constructor(pick: number, public who: PartyName) { super(pick); }
  get args() { return { loan: this.pick, who: this.who }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    await judge(w, m, this.toString(), P.declareDefault(m, this.who, l.id), () => book(w, this.who).declareDefault(l.id, GAS));
  }
}

// ---------------------------------------------------------------- regulator

export class Freeze extends OnLoan {
  name = "freeze";
  constructor(pick: number, public who: PartyName, public frozen: boolean) { super(pick); }
  get args() { return { loan: this.pick, who: this.who, frozen: this.frozen }; }
  async onLoan(m: Model, w: World, l: LoanModel) {
    if (this.frozen) await judge(w, m, this.toString(), P.freeze(m, this.who, l.id), () => book(w, this.who).freeze(l.id, "supervisory examination", GAS));
    else await judge(w, m, this.toString(), P.unfreeze(m, this.who, l.id), () => book(w, this.who).unfreeze(l.id, GAS));
  }
}

export class Pause extends Base {
  name = "setPaused";
  constructor(public who: PartyName, public paused: boolean) { super(); }
  get args() { return { who: this.who, paused: this.paused }; }
  async act(m: Model, w: World) {
    await judge(w, m, this.toString(), P.setPaused(m, this.who, this.paused), () => w.f.registry.connect(w.signers[this.who]).setPaused(this.paused, GAS));
  }
}

export type Admission = "suspend" | "reinstate" | "revoke" | "renew";

export class Admit extends Base {
  name = "admission";
  constructor(public who: PartyName, public action: Admission, public target: PartyName, public days: number) { super(); }
  get args() { return { who: this.who, action: this.action, target: this.target, days: this.days }; }
  async act(m: Model, w: World) {
    const registry = w.f.registry.connect(w.signers[this.who]);
    const target = w.address[this.target];
    const expiresAt = P.nextTime(m) + BigInt(this.days * DAY);
    const [outcome, call] = {
      suspend: [P.suspend(m, this.who, this.target), () => registry.suspend(target, "inquiry into late filings", GAS)],
      reinstate: [P.reinstate(m, this.who, this.target), () => registry.reinstate(target, GAS)],
      revoke: [P.revoke(m, this.who, this.target), () => registry.revoke(target, "licence withdrawn", GAS)],
      renew: [P.renew(m, this.who, this.target, expiresAt), () => registry.renew(target, expiresAt, ethers.ZeroHash, GAS)],
    }[this.action] as [P.Outcome, () => ReturnType<typeof registry.renew>];
    await judge(w, m, this.toString(), outcome, call);
  }
}

/** An agency signs an attestation, then cancels the signature's nonce before anyone relays it: the relay must fail. */
export class CancelNonce extends Base {
  name = "cancelNonce";
  constructor(public who: PartyName) { super(); }
  get args() { return { who: this.who }; }
  async act(m: Model, w: World) {
    const registry = w.f.attestations;
    const signer = w.signers[this.who];
    const nonce = await registry.nonces(signer);
    const request = { kind: AttestationKind.CreditRating, subject: loanSubject(1), value: 3n, dataHash: ethers.id(`withdrawn ${m.now}`), refUID: ethers.ZeroHash, expiresAt: 0 };
    const deadline = m.now + 3600n;
    const domain = { name: "smefin AttestationRegistry", version: "1", chainId: 31337, verifyingContract: await registry.getAddress() };
    const signature = await signer.signTypedData(domain, ATTEST_TYPES, { attester: signer.address, ...request, nonce, deadline });
    await judge(w, m, `${this} nonce ${nonce}`, P.succeed(() => {}), () => registry.connect(signer).cancelNonce(nonce, GAS));
    await judge(w, m, `${this}: relaying the withdrawn signature`, P.refuse("InvalidAccountNonce"), () =>
      registry.connect(w.signers.op).attestBySignature(request, signer.address, nonce, deadline, signature, GAS));
  }
}

// ---------------------------------------------------------------- fees, surplus, revoked participants

export class WithdrawFees extends Base {
  name = "withdrawFees";
  constructor(public who: PartyName) { super(); }
  get args() { return { who: this.who }; }
  async act(m: Model, w: World) {
    await judge(w, m, this.toString(), P.withdrawFees(m, this.who), () => book(w, this.who).withdrawFees(GAS));
  }
}

export class SweepSurplus extends Base {
  name = "sweepSurplus";
  constructor(public who: PartyName, public to: PartyName) { super(); }
  get args() { return { who: this.who, to: this.to }; }
  async act(m: Model, w: World) {
    await judge(w, m, this.toString(), P.sweepSurplus(m, this.who, this.to), () => book(w, this.who).sweepSurplus(w.address[this.to], GAS));
  }
}

export class MoveClaims extends Base {
  name = "moveClaims";
  constructor(public who: PartyName, public from: PartyName, public to: PartyName) { super(); }
  get args() { return { who: this.who, from: this.from, to: this.to }; }
  async act(m: Model, w: World) {
    const ids = m.loans.map((l) => l.id);
    await judge(w, m, this.toString(), P.moveClaims(m, this.who, this.from, this.to, ids), () =>
      book(w, this.who).moveClaims(ids, w.address[this.from], w.address[this.to], GAS));
  }
}

// ---------------------------------------------------------------- the supervisory committee

/**
 * What a member asks the committee to do, before it is fixed into a call: a renewal names a term in days from the
 * proposal, an unfreeze a loan by index, moving claims covers every loan there is, a policy change is one of a
 * few pairs of grace and default periods (the last one invalid).
 */
export type ActionSpec =
  | { kind: "suspend" | "reinstate" | "revoke"; target: PartyName }
  | { kind: "renew"; target: PartyName; days: number }
  | { kind: "unpause" }
  | { kind: "unfreeze"; loan: number }
  | { kind: "sweep"; to: PartyName }
  | { kind: "moveClaims"; from: PartyName; to: PartyName }
  | { kind: "policy"; variant: number }
  | { kind: "threshold"; threshold: number };

export const POLICY_VARIANTS: [number, number][] = [[GRACE, DEFAULT_PERIOD], [2 * DAY, 5 * DAY], [DAY, DAY]];

/** The call a spec stands for at this point of the sequence, or null (an unfreeze while there is no loan). */
function fixAction(m: Model, spec: ActionSpec): GovAction | null {
  switch (spec.kind) {
    case "renew": return { kind: "renew", target: spec.target, expiresAt: P.nextTime(m) + BigInt(spec.days * DAY) };
    case "unfreeze": return m.loans.length === 0 ? null : { kind: "unfreeze", loan: m.loans[spec.loan % m.loans.length].id };
    case "moveClaims": return { kind: "moveClaims", ids: m.loans.map((l) => l.id), from: spec.from, to: spec.to };
    case "policy": {
      const [grace, dflt] = POLICY_VARIANTS[spec.variant % POLICY_VARIANTS.length];
      return { kind: "policy", gracePeriod: BigInt(grace), defaultPeriod: BigInt(dflt) };
    }
    default: return spec;
  }
}

/** The target and calldata of an action. */
async function encodeAction(w: World, a: GovAction): Promise<{ target: string; data: string }> {
  const { registry, loanBook, committee } = w.f;
  const at = (p: PartyName) => w.address[p];
  switch (a.kind) {
    case "suspend": return { target: await registry.getAddress(), data: registry.interface.encodeFunctionData("suspend", [at(a.target), ethers.ZeroHash]) };
    case "revoke": return { target: await registry.getAddress(), data: registry.interface.encodeFunctionData("revoke", [at(a.target), ethers.ZeroHash]) };
    case "reinstate": return { target: await registry.getAddress(), data: registry.interface.encodeFunctionData("reinstate", [at(a.target)]) };
    case "renew": return { target: await registry.getAddress(), data: registry.interface.encodeFunctionData("renew", [at(a.target), a.expiresAt, ethers.ZeroHash]) };
    case "unpause": return { target: await registry.getAddress(), data: registry.interface.encodeFunctionData("setPaused", [false]) };
    case "policy": {
      const policy = { ...policyObject(await registry.policy()), gracePeriod: a.gracePeriod, defaultPeriod: a.defaultPeriod };
      return { target: await registry.getAddress(), data: registry.interface.encodeFunctionData("setPolicy", [policy]) };
    }
    case "unfreeze": return { target: await loanBook.getAddress(), data: loanBook.interface.encodeFunctionData("unfreeze", [a.loan]) };
    case "sweep": return { target: await loanBook.getAddress(), data: loanBook.interface.encodeFunctionData("sweepSurplus", [at(a.to)]) };
    case "moveClaims": return { target: await loanBook.getAddress(), data: loanBook.interface.encodeFunctionData("moveClaims", [a.ids, at(a.from), at(a.to)]) };
    case "threshold": return { target: await committee.getAddress(), data: committee.interface.encodeFunctionData("setThreshold", [a.threshold]) };
  }
}

const committeeOf = (w: World, who: PartyName) => w.f.committee.connect(w.signers[who]);

/** A member (or someone who is not one) proposes a call to the committee; the proposer's approval counts. */
export class Propose extends Base {
  name = "propose";
  constructor(public who: PartyName, public spec: ActionSpec) { super(); }
  get args() { return { who: this.who, spec: this.spec }; }
  async act(m: Model, w: World) {
    const action = fixAction(m, this.spec);
    if (!action) return;
    const { target, data } = await encodeAction(w, action);
    await judge(w, m, `${this} as ${json(action)}`, P.propose(m, this.who, action), () => committeeOf(w, this.who).propose(target, data, this.spec.kind, GAS));
  }
}

/** A command on one proposal: `pick` modulo the proposals the model has seen (none: it does nothing). */
abstract class OnProposal extends Base {
  constructor(public who: PartyName, public pick: number) { super(); }
  get args() { return { who: this.who, proposal: this.pick }; }
  abstract onProposal(m: Model, w: World, p: ProposalModel): Promise<void>;
  async act(m: Model, w: World) {
    const all = m.committee.proposals;
    if (all.length === 0) return;
    await this.onProposal(m, w, all[this.pick % all.length]);
  }
}

export class Approve extends OnProposal {
  name = "approve";
  async onProposal(m: Model, w: World, p: ProposalModel) {
    await judge(w, m, `${this} of ${json(p.action)}`, P.approve(m, this.who, p), () => committeeOf(w, this.who).approve(p.id, GAS));
  }
}

export class Execute extends OnProposal {
  name = "execute";
  async onProposal(m: Model, w: World, p: ProposalModel) {
    await judge(w, m, `${this} of ${json(p.action)}`, P.execute(m, this.who, p), () => committeeOf(w, this.who).execute(p.id, GAS));
  }
}

export class CancelProposal extends OnProposal {
  name = "cancelProposal";
  async onProposal(m: Model, w: World, p: ProposalModel) {
    await judge(w, m, `${this} of ${json(p.action)}`, P.cancelProposal(m, this.who, p), () => committeeOf(w, this.who).cancel(p.id, GAS));
  }
}

/**
 * The whole way of a decision, each step judged: one member proposes, another approves, the notice (if the call
 * needs one) runs out, and the proposer executes.
 */
export class Govern extends Base {
  name = "govern";
  constructor(public spec: ActionSpec, public proposer: PartyName, public approver: PartyName) { super(); }
  get args() { return { spec: this.spec, proposer: this.proposer, approver: this.approver }; }
  async act(m: Model, w: World) {
    const count = m.committee.proposals.length;
    await new Propose(this.proposer, this.spec).act(m, w);
    if (m.committee.proposals.length === count) return;
    const pick = count;
    const p = m.committee.proposals[pick];
    if (p.queuedAt === 0n) await new Approve(this.approver, pick).act(m, w);
    if (p.queuedAt !== 0n && p.eta > P.nextTime(m)) await advance(m, p.eta - P.nextTime(m));
    await new Execute(this.proposer, pick).act(m, w);
  }
}

// ---------------------------------------------------------------- token and disclosures

/** A plain token transfer: to another holder, or straight into the LoanBook (which then holds a surplus). */
export class Transfer extends Base {
  name = "transfer";
  constructor(public from: PartyName, public to: PartyName | "book", public amount: bigint) { super(); }
  get args() { return { from: this.from, to: this.to, amount: this.amount }; }
  async act(m: Model, w: World) {
    await judge(w, m, this.toString(), P.transfer(m, this.from, this.to, this.amount), () =>
      w.f.token.connect(w.signers[this.from]).transfer(w.address[this.to], this.amount, GAS));
  }
}

export class Mint extends Base {
  name = "mint";
  constructor(public who: PartyName, public to: PartyName, public amount: bigint) { super(); }
  get args() { return { who: this.who, to: this.to, amount: this.amount }; }
  async act(m: Model, w: World) {
    await judge(w, m, this.toString(), P.mint(m, this.who, this.to, this.amount), () =>
      w.f.token.connect(w.signers[this.who]).mint(w.address[this.to], this.amount, ethers.ZeroHash, GAS));
  }
}

export class Disclose extends Base {
  name = "disclose";
  constructor(public who: PartyName) { super(); }
  get args() { return { who: this.who }; }
  async act(m: Model, w: World) {
    await judge(w, m, this.toString(), P.disclose(m, this.who), () =>
      w.f.attestations.connect(w.signers[this.who]).disclose(202611, 1_000_000n, ethers.ZeroHash, GAS));
  }
}

// ---------------------------------------------------------------- time

export type Jump = { seconds: number } | { toDue: number; k: number; offset: "none" | "grace" | "default"; delta: number } | { toDeadline: number; delta: number };

/** Time passes: a fixed span, or to just before, at or after a loan's due date (plus grace or default period)
 * or funding deadline. Never backwards. */
export class Advance extends Base {
  name = "advance";
  constructor(public jump: Jump) { super(); }
  get args() { return this.jump; }
  async act(m: Model, w: World) {
    let target = m.now + 1n;
    if ("seconds" in this.jump) target = m.now + BigInt(this.jump.seconds);
    else if (m.loans.length > 0 && "toDue" in this.jump) {
      const l = m.loans[this.jump.toDue % m.loans.length];
      if (l.startedAt === 0n) return;
      const k = BigInt(1 + (this.jump.k % l.terms.instalments));
      const offset = { none: 0n, grace: m.policy.gracePeriod, default: m.policy.defaultPeriod }[this.jump.offset];
      target = l.startedAt + k * BigInt(l.terms.periodLength) + offset + BigInt(this.jump.delta);
    } else if (m.loans.length > 0 && "toDeadline" in this.jump) {
      const l = m.loans[this.jump.toDeadline % m.loans.length];
      if (l.fundingDeadline === 0n) return;
      target = l.fundingDeadline + BigInt(this.jump.delta);
    }
    if (target > m.now) await advance(m, target - m.now);
  }
}

// ---------------------------------------------------------------- arbitraries

const loanPick = fc.nat({ max: 15 });
const someone = fc.constantFrom<PartyName>(...PARTIES);
const investor = fc.constantFrom<PartyName>(...INVESTORS);
const enterprise = fc.constantFrom<PartyName>(...ENTERPRISES);
const regulatorOr = (...others: PartyName[]) => fc.oneof({ weight: 6, arbitrary: fc.constantFrom<PartyName>(...REGULATORS) }, { weight: 1, arbitrary: fc.constantFrom<PartyName>(...others) });
const member = fc.constantFrom<PartyName>(...REGULATORS);
const proposalPick = fc.nat({ max: 7 });
/** A proposer and an approver: mostly two different members, now and then anyone. */
const memberPair = fc.oneof(
  { weight: 5, arbitrary: fc.shuffledSubarray(REGULATORS, { minLength: 2, maxLength: 2 }).map(([a, b]) => [a, b] as [PartyName, PartyName]) },
  { weight: 1, arbitrary: fc.tuple(regulatorOr("op"), member) },
);
const operatorOr = (...others: PartyName[]) => fc.oneof({ weight: 8, arbitrary: fc.constant<PartyName>("op") }, { weight: 1, arbitrary: fc.constantFrom<PartyName>(...others) });

/** Terms of every kind: tiny to large amounts, zero and very low rates, up to 360 instalments; now and then invalid. */
export const termsArb: fc.Arbitrary<Terms> = fc.record({
  amount: fc.oneof(
    { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 5_000n }) },
    { weight: 4, arbitrary: fc.bigInt({ min: 1_000_000n, max: 300_000_000_000n }) },
  ),
  minPct: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 100 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 101) }),
  rateBps: fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 30 }) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 1200 }) },
    { weight: 1, arbitrary: fc.constant(1201) },
  ),
  method: fc.constantFrom(0, 1, 2),
  instalments: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 12 }) },
    { weight: 3, arbitrary: fc.integer({ min: 60, max: 360 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 361) },
  ),
  periodDays: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 31 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 365, 366) }),
  fundingHours: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 240 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 4321) }),
}).map((t) => ({
  amount: t.amount,
  minRaise: t.minPct > 100 ? t.amount + 1n : (t.amount * BigInt(t.minPct)) / 100n,
  rateBps: t.rateBps,
  method: t.method,
  instalments: t.instalments,
  periodLength: t.periodDays * DAY,
  fundingPeriod: t.fundingHours * 3600,
}));

const rating = fc.constantFrom(1, 3, 4, 5, 7);
const smallAmount = fc.oneof(fc.constant(1n), fc.bigInt({ min: 2n, max: 10_000_000n }));

/** Calls for the committee: transitions of members and of others, renewals, lifting the pause and freezes,
 * sweeping, moving claims, policy changes and thresholds up to one more than the members. */
export const actionSpecArb: fc.Arbitrary<ActionSpec> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom<"suspend" | "reinstate" | "revoke">("suspend", "reinstate", "reinstate", "revoke"),
    fc.oneof({ weight: 3, arbitrary: member }, { weight: 2, arbitrary: fc.constantFrom<PartyName>("op", "inv0", "inv1", "g1", "ent0") }, { weight: 1, arbitrary: someone }))
    .map(([kind, target]) => ({ kind, target })) },
  { weight: 3, arbitrary: fc.tuple(fc.oneof({ weight: 3, arbitrary: member }, { weight: 1, arbitrary: someone }), fc.constantFrom(1, 30, 365))
    .map(([target, days]) => ({ kind: "renew" as const, target, days })) },
  { weight: 2, arbitrary: fc.constant({ kind: "unpause" as const }) },
  { weight: 2, arbitrary: loanPick.map((loan) => ({ kind: "unfreeze" as const, loan })) },
  { weight: 1, arbitrary: fc.constantFrom<PartyName>("reg", "inv1", "out").map((to) => ({ kind: "sweep" as const, to })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom<PartyName>(...INVESTORS, "g1", "op"), fc.constantFrom<PartyName>(...INVESTORS, "g2", "out"))
    .map(([from, to]) => ({ kind: "moveClaims" as const, from, to })) },
  { weight: 1, arbitrary: fc.nat({ max: 2 }).map((variant) => ({ kind: "policy" as const, variant })) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 2, 3, 4).map((threshold) => ({ kind: "threshold" as const, threshold })) },
);

export function commandArbs(): fc.Arbitrary<Cmd>[] {
  const w = (weight: number, arbitrary: fc.Arbitrary<Cmd>) => ({ weight, arbitrary });
  const fixedSpans = fc.constantFrom(1, 59, 3_600, DAY - 1, DAY, 2 * DAY, 7 * DAY, 31 * DAY, 91 * DAY, 200 * DAY, 400 * DAY);
  return [
    fc.oneof(
      w(3, fc.tuple(enterprise, termsArb, fc.option(fc.constantFrom<PartyName>(...GUARANTORS), { nil: null }), fc.bigInt({ min: 1n, max: 100_000_000_000n }), rating, fc.integer({ min: 0, max: 300 }))
        .map(([who, t, g, bond, r, fee]) => new PublishAndList(who, t, g, bond, r, fee))),
      w(1, fc.tuple(fc.oneof(enterprise, someone), termsArb).map(([who, t]) => new Publish(who, t))),
      w(1, fc.tuple(loanPick, operatorOr("reg", "ent0")).map(([l, who]) => new OpenReview(l, who))),
      w(1, fc.tuple(loanPick, operatorOr("inv0"), fc.constantFrom<PartyName>("rater", "g1", "g2", "inv0"), fc.constantFrom(P.RATER_KINDS, P.GUARANTEE_BIT, 0, 0x40, 0x08)).map(([l, who, a, k]) => new RequestService(l, who, a, k))),
      w(2, fc.tuple(loanPick, fc.constantFrom<PartyName>("g1", "g2", "rater"), fc.oneof(fc.constant(1n), fc.constant(0n), fc.bigInt({ min: 1n, max: 50_000_000_000n }))).map(([l, who, a]) => new PostBond(l, who, a))),
      w(1, fc.tuple(loanPick, fc.constantFrom<PartyName>("rater", "g1"), fc.constantFrom(AttestationKind.Identity, AttestationKind.CreditRating), rating, fc.boolean()).map(([l, who, k, r, relayed]) => new Attest(l, who, k, r, relayed))),
      w(1, loanPick.map((l) => new RevokeAttestation(l))),
      w(1, fc.tuple(loanPick, operatorOr("ent0"), fc.constantFrom(0, 100, 300, 301)).map(([l, who, fee]) => new List(l, who, fee))),
      w(1, fc.tuple(loanPick, operatorOr("inv0")).map(([l, who]) => new Unlist(l, who))),
    ),
    fc.oneof(
      w(8, fc.tuple(loanPick, fc.oneof({ weight: 8, arbitrary: investor }, { weight: 1, arbitrary: fc.constantFrom<PartyName>("ent0", "out") }),
        fc.constantFrom<FundSize>("zero", "one", "belowMin", "min", "part", "part", "remaining", "remaining", "overRemaining", "double"),
        fc.integer({ min: 1, max: 99 }), fc.boolean()).map(([l, who, s, pct, permit]) => new Fund(l, who, s, pct, permit))),
      w(2, fc.tuple(loanPick, someone).map(([l, who]) => new CloseFunding(l, who))),
      w(2, fc.tuple(loanPick, fc.constantFrom<PartyName>("ent0", "ent1", "op", "inv0", "out")).map(([l, who]) => new Cancel(l, who))),
      w(3, fc.tuple(loanPick, investor).map(([l, who]) => new Refund(l, who))),
    ),
    fc.oneof(
      w(3, fc.tuple(loanPick, fc.oneof({ weight: 6, arbitrary: fc.constant<"enterprise">("enterprise") }, { weight: 1, arbitrary: fc.constantFrom<PartyName>("op", "inv0") })).map(([l, who]) => new Disburse(l, who))),
      w(8, fc.tuple(loanPick, fc.oneof({ weight: 6, arbitrary: fc.constant<"enterprise">("enterprise") }, { weight: 2, arbitrary: fc.constantFrom<PartyName>("ent0", "ent1", "inv0", "g1") }),
        fc.constantFrom<RepaySize>("one", "closeMinus1", "close", "closePlus1", "overpay", "part", "instalment"), fc.integer({ min: 0, max: 999 }))
        .map(([l, who, s, pm]) => new Repay(l, who, s, pm))),
      w(4, fc.tuple(loanPick, investor).map(([l, who]) => new Claim(l, who))),
      w(1, fc.tuple(loanPick, fc.constantFrom<PartyName>("g1", "g2")).map(([l, who]) => new ClaimRecovery(l, who))),
      w(1, fc.tuple(loanPick, fc.constantFrom<PartyName>("g1", "g2")).map(([l, who]) => new ReleaseBond(l, who))),
      w(2, fc.tuple(loanPick, regulatorOr("op", "op", "op", "inv0")).map(([l, who]) => new MarkLate(l, who))),
      w(2, fc.tuple(loanPick, regulatorOr("op", "op", "op", "inv0")).map(([l, who]) => new DeclareDefault(l, who))),
    ),
    fc.oneof(
      w(2, fc.tuple(loanPick, regulatorOr("op"), fc.boolean()).map(([l, who, frozen]) => new Freeze(l, who, frozen))),
      w(2, fc.tuple(regulatorOr("op"), fc.boolean()).map(([who, p]) => new Pause(who, p))),
      w(5, fc.tuple(regulatorOr("op"), fc.constantFrom<Admission>("suspend", "suspend", "reinstate", "reinstate", "renew", "revoke"),
        fc.oneof({ weight: 3, arbitrary: fc.constantFrom<PartyName>("op", "reg", "reg2", "ent0", "ent1", "inv0", "g1") }, { weight: 1, arbitrary: someone }), fc.constantFrom(1, 30, 365))
        .map(([who, a, t, d]) => new Admit(who, a, t, d))),
      w(2, fc.tuple(fc.constantFrom<PartyName>("inv0", "inv1", "ent0", "g1"), fc.constantFrom<PartyName | "book">("book", "book", "inv1", "ent1"), smallAmount).map(([from, to, a]) => new Transfer(from, to, a))),
      w(1, fc.tuple(fc.constantFrom<PartyName>("cust", "cust", "op"), fc.constantFrom<PartyName>("inv0", "ent0", "out"), smallAmount).map(([who, to, a]) => new Mint(who, to, a))),
      w(1, fc.constantFrom<PartyName>("ent0", "ent1", "inv0").map((who) => new Disclose(who))),
      w(1, fc.constantFrom<PartyName>("rater", "g1").map((who) => new CancelNonce(who))),
      w(2, fc.constantFrom<PartyName>("op", "op", "inv0").map((who) => new WithdrawFees(who))),
      w(2, fc.tuple(regulatorOr("op"), fc.constantFrom<PartyName>("reg", "inv1", "out")).map(([who, to]) => new SweepSurplus(who, to))),
      w(2, fc.tuple(regulatorOr("op"), fc.constantFrom<PartyName>(...INVESTORS, "g1", "op"), fc.constantFrom<PartyName>(...INVESTORS, "g2", "out")).map(([who, from, to]) => new MoveClaims(who, from, to))),
    ),
    fc.oneof(
      w(6, fc.tuple(actionSpecArb, memberPair).map(([spec, [proposer, approver]]) => new Govern(spec, proposer, approver))),
      w(2, fc.tuple(regulatorOr("op"), actionSpecArb).map(([who, spec]) => new Propose(who, spec))),
      w(2, fc.tuple(regulatorOr("op"), proposalPick).map(([who, pick]) => new Approve(who, pick))),
      w(2, fc.tuple(regulatorOr("op"), proposalPick).map(([who, pick]) => new Execute(who, pick))),
      w(1, fc.tuple(regulatorOr("op"), proposalPick).map(([who, pick]) => new CancelProposal(who, pick))),
    ),
    fc.oneof(
      w(3, fixedSpans.map((s) => new Advance({ seconds: s }))),
      w(3, fc.tuple(loanPick, fc.nat({ max: 400 }), fc.constantFrom<"none" | "grace" | "default">("none", "grace", "default"), fc.constantFrom(-1, 0, 1, 3_600))
        .map(([l, k, offset, delta]) => new Advance({ toDue: l, k, offset, delta }))),
      w(1, fc.tuple(loanPick, fc.constantFrom(-1, 0, 1)).map(([l, delta]) => new Advance({ toDeadline: l, delta }))),
    ),
  ];
}

