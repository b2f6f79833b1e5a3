import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { deployFixture, defaultTerms, listedLoan, fundFrom, activeLoan, expectConserved, units, DAY, govern, type Fixture } from "./helpers/fixture";
import { expectRefused, balanceDeltas, spareSigner, admitFor, interestFirstInterest } from "./helpers/loanbook";
import { LoanState, RepaymentMethod, Role } from "../lib/enums";

const PERIOD = 30 * DAY;
const interestFirst = defaultTerms({ method: RepaymentMethod.InterestFirst, periodLength: PERIOD });
const INTEREST = interestFirstInterest(interestFirst.amount, interestFirst.rateBps, PERIOD);

async function activeInterestFirst(f: Fixture) {
  const id = await activeLoan(f, interestFirst);
  await f.token.connect(f.enterprise).approve(f.loanBook, units(1_000_000));
  return { id, startedAt: (await f.loanBook.getLoan(id)).startedAt };
}

describe("LoanBook: repayment", function () {
  it("shows no schedule before disbursement: no next instalment, nothing overdue, nothing to close", async function () {
    const f = await loadFixture(deployFixture);
    const id = await listedLoan(f, interestFirst);
    await fundFrom(f, id, [[f.investors[0], interestFirst.amount]]);
    expect((await f.loanBook.getLoan(id)).state).to.equal(LoanState.Funded);
    await time.increase(2 * PERIOD);
    expect(await f.loanBook.nextInstalment(id)).to.deep.equal([0n, 0n, 0n]);
    expect(await f.loanBook.overdue(id, 0)).to.equal(0n);
    expect(await f.loanBook.amountToClose(id)).to.equal(0n);
  });

  it("accepts a partial payment, distributing it at once", async function () {
    const f = await loadFixture(deployFixture);
    const { id } = await activeInterestFirst(f);
    const half = INTEREST / 2n;
    const deltas = await balanceDeltas(f, [f.enterprise, f.loanBook], async () => {
      await expect(f.loanBook.connect(f.enterprise).repay(id, half)).to.emit(f.loanBook, "Repaid").withArgs(id, f.enterprise.address, half, half, 0n, half);
    });
    expect(deltas).to.deep.equal([-half, half]);
    const acc = await f.loanBook.getAccounts(id);
    expect([acc.repaid, acc.distributed]).to.deep.equal([half, half]);
    expect((await f.loanBook.getLoan(id)).state).to.equal(LoanState.Active);
    expect((await f.loanBook.nextInstalment(id))[2]).to.equal(INTEREST - half);
    await expectConserved(f);
  });

  it("accepts payment ahead of schedule, which keeps the loan from being late", async function () {
    const f = await loadFixture(deployFixture);
    const { id, startedAt } = await activeInterestFirst(f);
    await f.loanBook.connect(f.enterprise).repay(id, 3n * INTEREST);
    const [k, dueAt, amount] = await f.loanBook.nextInstalment(id);
    expect([k, dueAt, amount]).to.deep.equal([1n, startedAt + BigInt(PERIOD), 0n]);
    await time.increaseTo(startedAt + BigInt(2 * PERIOD + 7 * DAY));
    expect(await f.loanBook.overdue(id, 0)).to.equal(0n);
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.operator).markLate(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNotOverdue").withArgs(id, 3n * INTEREST, interestFirstInterest(interestFirst.amount, interestFirst.rateBps, PERIOD, 2)));
  });

  it("closes early at amountToClose: the instalment in progress plus the remaining principal", async function () {
    const f = await loadFixture(deployFixture);
    const { id, startedAt } = await activeInterestFirst(f);
    expect(await f.loanBook.amountToClose(id)).to.equal(INTEREST + interestFirst.amount);
    await f.loanBook.connect(f.enterprise).repay(id, INTEREST); // the first instalment, on time
    await time.increaseTo(startedAt + BigInt(2 * PERIOD + PERIOD / 2)); // during the third instalment
    const toClose = interestFirstInterest(interestFirst.amount, interestFirst.rateBps, PERIOD, 3) + interestFirst.amount - INTEREST;
    expect(await f.loanBook.amountToClose(id)).to.equal(toClose);
    await time.setNextBlockTimestamp(startedAt + BigInt(2 * PERIOD + PERIOD / 2 + 1));
    await expect(f.loanBook.connect(f.enterprise).repay(id, toClose))
      .to.emit(f.loanBook, "LoanClosed").withArgs(id, toClose + INTEREST)
      .and.to.emit(f.loanBook, "LoanStateChanged").withArgs(id, LoanState.Active, LoanState.Repaid);
    expect(await f.loanBook.outstandingOf(f.enterprise)).to.equal(0n);
    expect(await f.loanBook.amountToClose(id)).to.equal(0n);
    await expectConserved(f);
  });

  it("closes an equal-principal loan early at the scheduled amounts plus the principal not yet due", async function () {
    const f = await loadFixture(deployFixture);
    const terms = defaultTerms({ method: RepaymentMethod.EqualPrincipal, amount: units(90_000), minRaise: units(90_000), instalments: 9 });
    const id = await activeLoan(f, terms);
    await time.increase(4 * terms.periodLength + DAY); // during instalment 5
    const remaining = terms.amount - (terms.amount * 5n) / 9n;
    expect(await f.loanBook.amountToClose(id)).to.equal((await f.loanBook.dueAfter(id, 5)) + remaining);
  });

  it("never lowers what closes a loan, so a loan paid all but the last unit still owes it and closes with it", async function () {
    // Low rate, small amount, equal instalments: rounding once made the amount to close during instalment 4
    // (12,349) higher than the schedule total (12,348); paying 12,348 then left an Active loan owing nothing.
    const f = await loadFixture(deployFixture);
    const terms = defaultTerms({ amount: 12_345n, minRaise: 12_345n, rateBps: 8, instalments: 6, periodLength: PERIOD });
    const id = await activeLoan(f, terms, { investors: 1 });
    const { startedAt } = await f.loanBook.getLoan(id);
    await f.token.connect(f.enterprise).approve(f.loanBook, units(1));
    const settlement = async () => (await f.loanBook.amountToClose(id)) + (await f.loanBook.getAccounts(id)).repaid;
    let previous = 0n;
    for (let k = 1; k <= 6; k++) {
      await time.increaseTo(startedAt + BigInt((k - 1) * PERIOD + DAY));
      const now = await settlement();
      expect(now >= previous, `instalment ${k}: ${now} after ${previous}`).to.equal(true);
      previous = now;
      if (k === 4) await f.loanBook.connect(f.enterprise).repay(id, (await f.loanBook.amountToClose(id)) - 1n);
    }
    await time.increaseTo(startedAt + BigInt(6 * PERIOD + 1));
    const total = await f.loanBook.dueAfter(id, 6);
    expect(await settlement()).to.equal(total);
    const left = await f.loanBook.amountToClose(id);
    expect(left).to.be.greaterThan(0n);
    await expect(f.loanBook.connect(f.enterprise).repay(id, left))
      .to.emit(f.loanBook, "LoanStateChanged").withArgs(id, LoanState.Active, LoanState.Repaid);
    expect(await f.loanBook.outstandingOf(f.enterprise)).to.equal(0n);
    await expectConserved(f);
  });

  it("pulls only what is owed when offered more, whoever pays", async function () {
    const f = await loadFixture(deployFixture);
    const { id } = await activeInterestFirst(f);
    const payer = f.investors[3];
    await f.token.connect(payer).approve(f.loanBook, units(500_000));
    const toClose = await f.loanBook.amountToClose(id);
    expect(await f.loanBook.connect(payer).repay.staticCall(id, units(500_000))).to.equal(toClose);
    const deltas = await balanceDeltas(f, [payer, f.enterprise, f.loanBook], async () => {
      await expect(f.loanBook.connect(payer).repay(id, units(500_000))).to.emit(f.loanBook, "Repaid").withArgs(id, payer.address, toClose, toClose, 0n, toClose);
    });
    expect(deltas).to.deep.equal([-toClose, 0n, toClose]);
    expect(await f.token.allowance(payer, f.loanBook)).to.equal(units(500_000) - toClose);
    expect((await f.loanBook.getLoan(id)).state).to.equal(LoanState.Repaid);
  });

  it("refuses a closed loan, a loan not yet disbursed, an unknown loan and a zero amount", async function () {
    const f = await loadFixture(deployFixture);
    const { id } = await activeInterestFirst(f);
    await expectRefused(f, [id], [f.enterprise], () => expect(f.loanBook.connect(f.enterprise).repay(id, 0)).to.be.revertedWithCustomError(f.loanBook, "LoanBookZeroAmount"));
    await f.loanBook.connect(f.enterprise).repay(id, units(1_000_000));
    await expectRefused(f, [id], [f.enterprise], () =>
      expect(f.loanBook.connect(f.enterprise).repay(id, 1n)).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(id, LoanState.Repaid));
    const listed = await listedLoan(f, defaultTerms({ amount: units(1000), minRaise: units(1000) }));
    await fundFrom(f, listed, [[f.investors[0], units(1000)]]);
    await expectRefused(f, [listed], [f.enterprise], () =>
      expect(f.loanBook.connect(f.enterprise).repay(listed, 1n)).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(listed, LoanState.Funded));
    await expect(f.loanBook.connect(f.enterprise).repay(77n, 1n)).to.be.revertedWithCustomError(f.loanBook, "LoanBookUnknownLoan").withArgs(77n);
  });

  it("is accepted while the loan is frozen, the platform paused or the enterprise suspended", async function () {
    const f = await loadFixture(deployFixture);
    const { id } = await activeInterestFirst(f);
    const payOne = async () => {
      const [delta] = await balanceDeltas(f, [f.loanBook], () => f.loanBook.connect(f.enterprise).repay(id, 1000n));
      expect(delta).to.equal(1000n);
    };
    await f.loanBook.connect(f.regulator).freeze(id, ethers.ZeroHash);
    await payOne();
    await f.registry.connect(f.regulator).setPaused(true);
    await payOne();
    await f.registry.connect(f.regulator).suspend(f.enterprise, ethers.id("inquiry"));
    await payOne();
    expect((await f.loanBook.getAccounts(id)).repaid).to.equal(3000n);
    await expectConserved(f);
  });

  it("is refused from a suspended or expired account paying someone else's loan, so it cannot move its money out that way", async function () {
    const f = await loadFixture(deployFixture);
    const { id } = await activeInterestFirst(f);
    const payer = f.investors[3];
    await f.token.connect(payer).approve(f.loanBook, units(1_000));
    await f.registry.connect(f.regulator).suspend(payer, ethers.id("inquiry"));
    await expectRefused(f, [id], [payer], () =>
      expect(f.loanBook.connect(payer).repay(id, units(1_000))).to.be.revertedWithCustomError(f.loanBook, "LoanBookPayerNotActive").withArgs(id, payer.address));
    await govern(f, f.registry, "reinstate", [payer]);
    const [delta] = await balanceDeltas(f, [payer], () => f.loanBook.connect(payer).repay(id, 1000n));
    expect(delta).to.equal(-1000n);
    await expectConserved(f);
  });

  it("is accepted from an enterprise whose admission has expired", async function () {
    const f = await loadFixture(deployFixture);
    const shortLived = await spareSigner(0);
    const expiry = await admitFor(f, shortLived, Role.Enterprise, 60 * DAY);
    const terms = defaultTerms({ amount: units(1000), minRaise: units(1000) });
    const id = await listedLoan(f, terms, { by: shortLived });
    await fundFrom(f, id, [[f.investors[0], units(1000)]]);
    await f.loanBook.connect(shortLived).disburse(id);
    await f.token.connect(shortLived).approve(f.loanBook, units(1000));
    await time.increaseTo(expiry + 1n);
    expect(await f.registry.isActive(shortLived)).to.equal(false);
    const due = await f.loanBook.overdue(id, 0);
    await f.loanBook.connect(shortLived).repay(id, due);
    expect((await f.loanBook.getAccounts(id)).repaid).to.equal(due);
  });
});

describe("LoanBook: claims", function () {
  /** A loan raised from three investors in uneven parts, with one odd repayment distributed. */
  async function unevenLoan(f: Fixture) {
    const [a, b, c] = f.investors;
    const terms = defaultTerms({ amount: units(100_000), minRaise: units(100_000) });
    const id = await listedLoan(f, terms);
    const parts: [HardhatEthersSigner, bigint][] = [[a, units(33_333.333333)], [b, units(33_333.333333)], [c, units(33_333.333334)]];
    await fundFrom(f, id, parts);
    await f.loanBook.connect(f.enterprise).disburse(id);
    await f.token.connect(f.enterprise).approve(f.loanBook, units(1_000_000));
    await f.loanBook.connect(f.enterprise).repay(id, 1_000_001n);
    return { id, parts };
  }

  it("pays distributed * contributed / raised - claimed, rounded down, and refuses a second claim", async function () {
    const f = await loadFixture(deployFixture);
    const { id, parts } = await unevenLoan(f);
    const raised = units(100_000);
    for (const [inv, contributed] of parts) {
      const share = (1_000_001n * contributed) / raised;
      expect(await f.loanBook.claimable(id, inv)).to.equal(share);
      const [delta] = await balanceDeltas(f, [inv], async () => {
        await expect(f.loanBook.connect(inv).claim(id)).to.emit(f.loanBook, "Claimed").withArgs(id, inv.address, share);
      });
      expect(delta).to.equal(share);
      await expectRefused(f, [id], [inv], () =>
        expect(f.loanBook.connect(inv).claim(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNothingToClaim").withArgs(id, inv.address));
    }
    // A second repayment: each claims only the increase of its share.
    await f.loanBook.connect(f.enterprise).repay(id, 2_000_000n);
    const [a] = parts;
    const claimedBefore = (await f.loanBook.getPosition(id, a[0])).claimed;
    expect(await f.loanBook.claimable(id, a[0])).to.equal((3_000_001n * a[1]) / raised - claimedBefore);
    await expectRefused(f, [id], [f.investors[3]], () =>
      expect(f.loanBook.connect(f.investors[3]).claim(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNothingToClaim").withArgs(id, f.investors[3].address));
  });

  it("never pays anyone more than its share: the dust stays in the pool, the last claimant cannot sweep it", async function () {
    const f = await loadFixture(deployFixture);
    const { id, parts } = await unevenLoan(f);
    await f.loanBook.connect(f.enterprise).repay(id, units(1_000_000));
    expect((await f.loanBook.getLoan(id)).state).to.equal(LoanState.Repaid);
    const acc = await f.loanBook.getAccounts(id);
    let paid = 0n;
    for (const [inv, contributed] of parts) {
      const share = (acc.distributed * contributed) / acc.raised;
      const [delta] = await balanceDeltas(f, [inv], () => f.loanBook.connect(inv).claim(id));
      expect(delta).to.equal(share);
      paid += delta;
    }
    const dust = acc.distributed - paid;
    expect(dust).to.be.greaterThan(0n);
    expect(dust).to.be.lessThan(3n);
    expect(await f.loanBook.heldFor(id)).to.equal(dust);
    const last = parts[2][0];
    await expectRefused(f, [id], [last], () =>
      expect(f.loanBook.connect(last).claim(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNothingToClaim").withArgs(id, last.address));
    await expectConserved(f);
  });

  it("costs the same gas however many investors the loan has (no loop over investors)", async function () {
    const f = await loadFixture(deployFixture);
    const gasOfFirstClaim = async (investors: number) => {
      const id = await activeLoan(f, defaultTerms({ amount: units(60_000), minRaise: units(60_000) }), { investors });
      await f.token.connect(f.enterprise).approve(f.loanBook, units(10_000));
      await f.loanBook.connect(f.enterprise).repay(id, units(6_000));
      return (await (await f.loanBook.connect(f.investors[0]).claim(id)).wait())!.gasUsed;
    };
    expect(await gasOfFirstClaim(6)).to.equal(await gasOfFirstClaim(2));
  });

  it("pays nothing before disbursement", async function () {
    const f = await loadFixture(deployFixture);
    const id = await listedLoan(f);
    await fundFrom(f, id, [[f.investors[0], units(10_000)]]);
    await expectRefused(f, [id], [f.investors[0]], () =>
      expect(f.loanBook.connect(f.investors[0]).claim(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNothingToClaim").withArgs(id, f.investors[0].address));
  });

  it("is blocked while the loan is frozen or the platform paused, and allowed once lifted", async function () {
    const f = await loadFixture(deployFixture);
    const { id, parts } = await unevenLoan(f);
    const [inv] = parts[0];
    await f.loanBook.connect(f.regulator).freeze(id, ethers.id("inquiry"));
    await expectRefused(f, [id], [inv], () => expect(f.loanBook.connect(inv).claim(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookFrozen").withArgs(id));
    await govern(f, f.loanBook, "unfreeze", [id]);
    await f.registry.connect(f.regulator).setPaused(true);
    await expectRefused(f, [id], [inv], () => expect(f.loanBook.connect(inv).claim(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookPaused"));
    await govern(f, f.registry, "setPaused", [false]);
    await expect(f.loanBook.connect(inv).claim(id)).to.emit(f.loanBook, "Claimed");
  });
});
