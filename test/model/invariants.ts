import { expect } from "chai";
import { ethers } from "hardhat";
import { takeSnapshot } from "@nomicfoundation/hardhat-network-helpers";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { BusinessScale, LoanState, RepaymentMethod, Role, Status, nameOf } from "../../lib/enums";
import { dueAfterUp, payoffUp, periodRateWad } from "../../lib/schedule";
import { DAY } from "../helpers/fixture";
import { spareSigner } from "../helpers/loanbook";
import * as P from "./platform";
import { INVESTORS, PARTIES, type Model, type PartyName } from "./platform";

/** Basis points times a 365-day year in seconds: the denominator of simple interest. */
const BPS_YEAR = 10_000n * 365n * 86_400n;
import { FEATURES, GAS, advance, errorName, type World } from "./world";

/** Init code that returns the block's timestamp: TIMESTAMP PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN. */
const READ_TIMESTAMP = "0x4260005260206000f3";

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
const stateName = (s: number | bigint) => nameOf(LoanState, s);

async function optionalView(w: World, name: string | null, blockTag: number, ...args: unknown[]): Promise<bigint> {
  if (name === null) return 0n;
  const fn = w.f.loanBook.getFunction(name);
  return BigInt(await fn.staticCall(...args, { blockTag }));
}

const checkedSchedules = new Set<string>();

/**
 * Not only at the times a sequence visits but over every instalment of a loan's terms (the schedule library is
 * checked against the contract after every command): what settles the loan never goes down from one instalment
 * to the next, and rounding never takes its interest above simple interest at its rate on the whole principal
 * over the whole term, rounded up once. Terms already checked are remembered: the answer depends on nothing else.
 */
function checkScheduleOfTerms(principal: bigint, t: P.LoanModel["terms"], at: string) {
  const key = `${principal}:${t.method}:${t.rateBps}:${t.periodLength}:${t.instalments}`;
  if (checkedSchedules.has(key)) return;
  const method = t.method as RepaymentMethod;
  const r = periodRateWad(t.rateBps, t.periodLength);
  let previous = 0n;
  for (let k = 1; k <= t.instalments; k++) {
    const payoff = payoffUp(principal, method, r, t.instalments, k);
    if (payoff < previous) expect.fail(`${at}: what settles the loan would go down from instalment ${k - 1} to ${k} (${previous} to ${payoff})`);
    previous = payoff;
  }
  const term = BigInt(t.instalments) * BigInt(t.periodLength);
  const simple = (principal * BigInt(t.rateBps) * term + BPS_YEAR - 1n) / BPS_YEAR;
  const interest = dueAfterUp(principal, method, r, t.instalments, t.instalments) - principal;
  if (interest > simple) expect.fail(`${at}: the schedule charges ${interest} of interest, above the loan's rate (simple interest ${simple})`);
  checkedSchedules.add(key);
}

/**
 * After every command: the chain agrees with the model (every balance, every loan's state, accounts and
 * positions, every enterprise's outstanding principal), the LoanBook holds exactly what its loans account for
 * plus its surplus (plus fees kept for operators), no investor has taken more than its share, the amount that
 * settles a loan never goes down and is the schedule total after the last due date, a loan with nothing left to
 * pay is Repaid, every proposal stands as the model says, and the committee keeps at least its threshold of
 * members in office, so that it can always decide (lapsed members included: they still renew members).
 */
export async function checkInvariants(w: World, m: Model, where: string) {
  const accounts = PARTIES.map((p) => w.address[p]);
  // Read at the latest block itself: a call on "latest" may run in a pending block whose clock has moved on.
  const latest = (await ethers.provider.getBlock("latest"))!;
  expect(BigInt(latest.timestamp), `${where}: the chain's clock`).to.equal(m.now);
  // A call runs in a block of its own whose clock may be ahead of the latest block's (Hardhat follows the wall
  // clock between blocks), so the time the views saw is read before and after them.
  const atBlock = { blockTag: latest.number };
  const callClock = async () => BigInt(await ethers.provider.call({ data: READ_TIMESTAMP, ...atBlock }));
  let viewTime: bigint;
  let read: Awaited<ReturnType<typeof w.probe.read>>;
  do {
    viewTime = await callClock();
    read = await w.probe.read(w.f.loanBook, accounts, atBlock);
  } while ((await callClock()) !== viewTime);
  const [bookBalance, balances, loans] = read;
  expect(bookBalance, `${where}: LoanBook balance`).to.equal(m.balances.book);
  PARTIES.forEach((p, i) => expect(balances[i], `${where}: balance of ${p}`).to.equal(m.balances[p]));
  expect(loans.length, `${where}: loan count`).to.equal(m.loans.length);

  let held = 0n;
  for (const [index, v] of loans.entries()) {
    const l = m.loans[index];
    const at = `${where}, loan ${l.id}`;
    checkScheduleOfTerms(l.principal !== 0n ? l.principal : l.terms.amount, l.terms, at);
    expect(stateName(v.loan.state), `${at}: state`).to.equal(stateName(l.state));
    expect(v.loan.frozen, `${at}: frozen`).to.equal(l.frozen);
    const a = v.accounts;
    const chain = {
      raised: a.raised, escrow: a.escrow, principal: a.principal, repaid: a.repaid, distributed: a.distributed, claimed: a.claimed,
      closingAmount: a.closingAmount, bond: a.bond, guaranteePaid: a.guaranteePaid, recovered: a.recovered, recoveryClaimed: a.recoveryClaimed,
      guarantor: a.guarantor,
    };
    const model = {
      raised: l.raised, escrow: l.escrow, principal: l.principal, repaid: l.repaid, distributed: l.distributed, claimed: l.claimed,
      closingAmount: l.closingAmount, bond: l.bond, guaranteePaid: l.guaranteePaid, recovered: l.recovered, recoveryClaimed: l.recoveryClaimed,
      guarantor: l.guarantor ? w.address[l.guarantor] : ethers.ZeroAddress,
    };
    expect(json(chain), `${at}: accounts`).to.equal(json(model));
    expect(v.enterpriseOutstanding, `${at}: outstanding principal of ${l.enterprise}`).to.equal(m.outstanding[l.enterprise]);
    held += v.held;
    PARTIES.forEach((p, i) => {
      const pos = v.positions[i];
      const mp = l.positions[p] ?? { contributed: 0n, claimed: 0n, refunded: false };
      expect(json([pos.contributed, pos.claimed, pos.refunded]), `${at}: position of ${p}`).to.equal(json([mp.contributed, mp.claimed, mp.refunded]));
      if (a.raised !== 0n) expect(pos.claimed, `${at}: ${p} claimed more than its share`).to.be.lessThanOrEqual((a.distributed * pos.contributed) / a.raised);
    });

    if (P.OWING.includes(l.state)) {
      const settle = a.repaid + v.toClose;
      expect(v.toClose, `${at}: a loan with nothing left to pay must be Repaid, but is ${stateName(l.state)}`).to.be.greaterThan(0n);
      expect(settle, `${at}: what settles the loan (contract against the schedule library)`).to.equal(P.settlement(l, viewTime));
      if (l.closingAmount === 0n && viewTime >= l.settlementSeenAt) {
        expect(settle, `${at}: the amount that settles the loan went down (from ${l.settlementSeen} at ${l.settlementSeenAt} to ${settle} at ${viewTime})`).to.be.greaterThanOrEqual(l.settlementSeen);
        l.settlementSeen = settle;
        l.settlementSeenAt = viewTime;
        if (viewTime >= P.lastDueDate(l)) expect(settle, `${at}: after the last due date the loan settles for the schedule total`).to.equal(v.scheduleTotal);
      }
      // Rounding never takes a loan above its rate: the schedule's interest is at most simple interest on the
      // whole principal over the whole term, rounded up once.
      const term = BigInt(l.terms.instalments) * BigInt(l.terms.periodLength);
      const simple = (a.principal * BigInt(l.terms.rateBps) * term + BPS_YEAR - 1n) / BPS_YEAR;
      expect(v.scheduleTotal - a.principal, `${at}: interest above the loan's rate (simple interest ${simple})`).to.be.lessThanOrEqual(simple);
    }
  }
  const surplus = await optionalView(w, FEATURES.surplus(w.f), latest.number);
  if (FEATURES.surplus(w.f)) expect(surplus, `${where}: surplus`).to.equal(m.surplus);
  let fees = 0n;
  const feesView = FEATURES.feesOwed(w.f);
  if (feesView) {
    for (const [op, owed] of Object.entries(m.feesOwed)) {
      const onChain = await optionalView(w, feesView, latest.number, w.address[op as PartyName]);
      expect(onChain, `${where}: fees kept for ${op}`).to.equal(owed);
      fees += onChain;
    }
  }
  expect(bookBalance, `${where}: the LoanBook holds what its loans account for, plus its surplus`).to.equal(held + surplus + fees);
  const inOffice = P.regulatorsInCharge(m).length;
  expect(await w.f.registry.membersInOffice(atBlock), `${where}: members in office`).to.equal(BigInt(inOffice));
  expect(Number(await w.f.committee.threshold(atBlock)), `${where}: threshold`).to.equal(m.committee.threshold);
  expect(inOffice, `${where}: fewer members in office than the threshold, the committee can no longer decide`).to.be.at.least(m.committee.threshold);
  expect(await w.f.committee.proposalCount(atBlock), `${where}: proposal count`).to.equal(m.committee.proposalsBefore + BigInt(m.committee.proposals.length));
  for (const p of m.committee.proposals) {
    const c = await w.f.committee.getProposal(p.id, atBlock);
    const chain = { approvers: [...c.approvers], queuedAt: c.queuedAt, eta: c.eta, executed: c.executed, cancelled: c.cancelled };
    const model = { approvers: p.approvers.map((a) => w.address[a]), queuedAt: p.queuedAt, eta: p.eta, executed: p.executed, cancelled: p.cancelled };
    expect(json(chain), `${where}: proposal ${p.id} (${json(p.action)})`).to.equal(json(model));
  }
}

/**
 * The committee makes `functionName(...args)` on `target` in the liveness check: the first member in office
 * proposes, the next ones approve up to the threshold, the notice passes if the call needs one, the proposer
 * executes. Every step must succeed, the execution too unless `refusal` names the error it must revert with.
 */
async function governMust(w: World, m: P.Model, must: (what: string, call: () => Promise<ContractTransactionResponse>) => Promise<void>, what: string, target: BaseContract, functionName: string, args: unknown[], refusal?: string) {
  const members = P.regulatorsInCharge(m);
  const [proposer, ...others] = members.map((r) => w.f.committee.connect(w.signers[r]));
  const data = target.interface.encodeFunctionData(functionName, args);
  const id = (await w.f.committee.proposalCount()) + 1n;
  await must(`${what}: proposing`, async () => proposer.propose(await target.getAddress(), data, what, GAS));
  for (const approver of others.slice(0, m.committee.threshold - 1)) await must(`${what}: approving`, () => approver.approve(id, GAS));
  const { eta } = await w.f.committee.getProposal(id);
  if (eta > m.now + 1n) await advance(m, eta - m.now - 1n);
  if (!refusal) {
    await must(`${what}: executing`, () => proposer.execute(id, GAS));
    return;
  }
  m.now += 1n;
  await ethers.provider.send("evm_setNextBlockTimestamp", [Number(m.now)]);
  const outcome = await proposer.execute(id, GAS).then(() => "accepted", (err) => errorName(w, err));
  expect(outcome, `liveness: ${what}`).to.equal(refusal);
}

/**
 * At the end of a sequence, in a snapshot that is then reverted: every loan can still reach an end and every
 * token owed can still leave. The committee's members in office renew their own admissions together (lapsed ones
 * included), then the committee lifts the pause, the freezes and suspensions and a regulator renews admissions,
 * their ordinary remedies; then time passes every deadline, a
 * listed loan is closed by anyone, a funded loan nobody draws is cancelled by one of its investors, the
 * enterprise settles what it owes, and every participant takes what is due to it: claims, refunds, recoveries,
 * bonds and fees. What a revoked participant is owed is moved by the committee to a successor, who takes it. The
 * surplus is swept by the committee. Each of these calls must succeed, and nothing may be left owed to anyone.
 * Last, once every member's admission has lapsed the members still renew one another through the committee, and
 * the committee removes members down to its threshold but never below it.
 */
export async function checkLiveness(w: World, m0: Model) {
  const m = P.cloneModel(m0);
  const snapshot = await takeSnapshot();
  const book = w.f.loanBook;
  const must = async (what: string, call: () => Promise<ContractTransactionResponse>) => {
    m.now += 1n;
    await ethers.provider.send("evm_setNextBlockTimestamp", [Number(m.now)]);
    try {
      await call();
    } catch (err) {
      expect.fail(`liveness: ${what} refused with ${errorName(w, err)}`);
    }
  };
  try {
    const inCharge = P.regulatorsInCharge(m);
    expect(inCharge.length, "liveness: fewer members in office than the threshold, so nobody can lift a pause, a suspension or an expiry")
      .to.be.at.least(m.committee.threshold);
    const regulator = w.signers[inCharge[0]];
    const registry = w.f.registry.connect(regulator);
    const farFuture = m.now + BigInt(45 * 365 * DAY);
    const govern = (what: string, target: BaseContract, functionName: string, args: unknown[]) => governMust(w, m, must, what, target, functionName, args);
    for (const r of inCharge) await govern(`renewing ${r}, a member`, w.f.registry, "renew", [w.address[r], farFuture, ethers.ZeroHash]);
    if (m.paused) await govern("lifting the pause", w.f.registry, "setPaused", [false]);
    // Those who must act below: investors and guarantors take what they are owed, the operator its fees and
    // withdrawals (an enterprise repays its own loans whatever its admission).
    for (const p of [...INVESTORS, "g1", "g2", "op"] as PartyName[]) {
      const party = m.parties[p];
      if (party.status === Status.Revoked) continue;
      if (party.status === Status.Suspended) await govern(`reinstating ${p}`, w.f.registry, "reinstate", [w.address[p]]);
      await must(`renewing ${p}`, () => registry.renew(w.address[p], farFuture, ethers.ZeroHash, GAS));
    }
    for (const l of m.loans) if (l.frozen) await govern(`unfreezing loan ${l.id}`, book, "unfreeze", [l.id]);
    const revoked = (p: PartyName) => m.parties[p].status === Status.Revoked;

    // A demand still under preparation that holds a bond is withdrawn by the operator (by its enterprise when the
    // operator is revoked), so that the guarantor can take its bond back.
    for (const l of m.loans) {
      if ((l.state === LoanState.Published || l.state === LoanState.UnderReview) && l.bond > 0n) {
        const by: PartyName = revoked("op") ? l.enterprise : "op";
        await must(`${by} withdrawing demand ${l.id}`, () => book.connect(w.signers[by]).cancel(l.id, ethers.ZeroHash, GAS));
      }
    }
    // Every deadline passes: funding windows, drawdown periods and every schedule's last due date.
    let horizon = m.now;
    for (const l of m.loans) {
      const ends = [l.drawdownDeadline, l.startedAt === 0n ? 0n : P.lastDueDate(l) + m.policy.defaultPeriod];
      for (const e of ends) if (e > horizon) horizon = e;
    }
    await advance(m, horizon - m.now + BigInt(DAY));

    for (const l of m.loans) {
      let state = Number((await book.getLoan(l.id)).state);
      if (state === LoanState.Listed) {
        await must(`closing the raise of loan ${l.id}`, () => book.connect(w.signers.out).closeFunding(l.id, GAS));
        state = Number((await book.getLoan(l.id)).state);
      }
      if (state === LoanState.Funded) {
        // Past its drawdown deadline an enterprise still admitted can no longer draw it, so nothing pre-empts the
        // refunds (one whose admission lapsed or was revoked is refused anyway).
        if (await registry.isActive(w.address[l.enterprise])) {
          m.now += 1n;
          await ethers.provider.send("evm_setNextBlockTimestamp", [Number(m.now)]);
          const late = await book.connect(w.signers[l.enterprise]).disburse(l.id, GAS).then(() => "accepted", (err) => errorName(w, err));
          expect(late, `liveness: loan ${l.id} drawn after its drawdown deadline`).to.equal("LoanBookDrawdownExpired");
        }
        const investor = INVESTORS.find((i) => !revoked(i)) ?? "out";
        await must(`${investor} cancelling loan ${l.id}, funded and never drawn`, () => book.connect(w.signers[investor]).cancel(l.id, ethers.ZeroHash, GAS));
      }
      if (P.OWING.includes(state)) {
        // Someone whose admission has lapsed or been suspended or revoked cannot move its money out by repaying a
        // loan it does not owe.
        for (const p of PARTIES) {
          if (p === l.enterprise || m.parties[p].role === Role.None || (await registry.isActive(w.address[p]))) continue;
          m.now += 1n;
          await ethers.provider.send("evm_setNextBlockTimestamp", [Number(m.now)]);
          const paid = await book.connect(w.signers[p]).repay(l.id, 1n, GAS).then(() => "accepted", (err) => errorName(w, err));
          expect(paid, `liveness: ${p}, not active, repaying loan ${l.id}`).to.equal("LoanBookPayerNotActive");
          break;
        }
        // More than is owed: the LoanBook takes only what settles the loan.
        const owed = (await book.amountToClose(l.id)) * 2n + 1_000_000n;
        await must(`${l.enterprise} settling loan ${l.id}`, () => book.connect(w.signers[l.enterprise]).repay(l.id, owed, GAS));
        expect(stateName((await book.getLoan(l.id)).state), `liveness: loan ${l.id} settled in full`).to.equal("Repaid");
      }
    }

    // A revoked participant's claims go to a successor the committee names; then everyone who is not revoked
    // takes what it is owed. One read of the whole book says which calls to make.
    const ids = m.loans.map((l) => l.id);
    const takers: { name: string; signer: HardhatEthersSigner }[] = [];
    let heirs = 0;
    for (const p of PARTIES) {
      if (m.parties[p].role === Role.None) continue;
      if (!revoked(p)) {
        takers.push({ name: p, signer: w.signers[p] });
        continue;
      }
      // Past the committee's members (signers 27 and 28).
      const heir = await spareSigner(15 + heirs++);
      await must(`admitting a successor to ${p}`, () => registry.admit(heir, Role.Investor, 0, BusinessScale.None, farFuture, ethers.id(`heir of ${p}`), GAS));
      await govern(`moving the claims of ${p}, revoked`, book, "moveClaims", [ids, w.address[p], heir.address]);
      takers.push({ name: `the successor to ${p}`, signer: heir });
    }
    const accounts = takers.map((t) => t.signer.address);
    const [, , before] = await w.probe.read(book, accounts);
    for (const [index, v] of before.entries()) {
      const id = BigInt(index + 1);
      const state = Number(v.loan.state);
      for (const [i, { name, signer }] of takers.entries()) {
        const pos = v.positions[i];
        if (v.accounts.principal !== 0n && pos.contributed !== 0n && (v.accounts.distributed * pos.contributed) / v.accounts.raised > pos.claimed) {
          await must(`${name} claiming on loan ${id}`, () => book.connect(signer).claim(id, GAS));
        }
        if ((state === LoanState.Cancelled || state === LoanState.Failed) && pos.contributed > 0n && !pos.refunded) {
          await must(`${name} taking its refund from loan ${id}`, () => book.connect(signer).refund(id, GAS));
        }
        if (v.accounts.guarantor !== signer.address) continue;
        if (v.accounts.recovered > v.accounts.recoveryClaimed) await must(`${name} claiming recoveries of loan ${id}`, () => book.connect(signer).claimRecovery(id, GAS));
        if (v.accounts.bond > 0n) await must(`${name} taking back its bond on loan ${id} (${stateName(state)})`, () => book.connect(signer).releaseBond(id, GAS));
      }
    }
    for (const { name, signer } of takers) {
      if ((await book.feesOf(signer)) > 0n) await must(`${name} withdrawing its fees`, () => book.connect(signer).withdrawFees(GAS));
    }
    const surplus = await book.surplus();
    if (surplus > 0n) await govern("sweeping the surplus", book, "sweepSurplus", [regulator.address]);

    const [, , after] = await w.probe.read(book, accounts);
    for (const [index, v] of after.entries()) {
      const state = stateName(v.loan.state);
      expect(["Published", "UnderReview", "Repaid", "Cancelled", "Failed"], `liveness: loan ${index + 1} did not finish`).to.include(state);
      expect(v.held, `liveness: loan ${index + 1} (${state}) still holds more than rounding dust`).to.be.lessThanOrEqual(BigInt(takers.length));
      for (const [i, { name }] of takers.entries()) {
        const pos = v.positions[i];
        const owed = v.accounts.principal !== 0n && pos.contributed !== 0n ? (v.accounts.distributed * pos.contributed) / v.accounts.raised - pos.claimed : 0n;
        expect(owed, `liveness: ${name} still has a claim on loan ${index + 1}`).to.equal(0n);
      }
    }
    expect(await book.surplus(), "liveness: surplus left after the sweep").to.equal(0n);

    // Time alone never locks the committee out: once every member's admission has lapsed, the members in office
    // still renew one another through the committee.
    await advance(m, farFuture - m.now + 1n);
    for (const r of P.regulatorsInCharge(m)) await govern(`renewing ${r}, lapsed, by lapsed members`, w.f.registry, "renew", [w.address[r], farFuture + BigInt(365 * DAY), ethers.ZeroHash]);
    // Nor do removals: members leave office down to the threshold, and one more is refused.
    while (P.regulatorsInCharge(m).length > m.committee.threshold) {
      const last = P.regulatorsInCharge(m).at(-1)!;
      await govern(`suspending ${last}, a member above the threshold`, w.f.registry, "suspend", [w.address[last], ethers.ZeroHash]);
      m.parties[last].status = Status.Suspended;
    }
    const last = P.regulatorsInCharge(m).at(-1)!;
    await governMust(w, m, must, `suspending ${last}, a member at the threshold`, w.f.registry, "suspend", [w.address[last], ethers.ZeroHash], "RegistryBelowThreshold");
  } finally {
    await snapshot.restore();
  }
}
