import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployFixture, defaultTerms, publish, attestForListing, fundFrom, expectConserved, units, DAY, govern, type Fixture } from "./helpers/fixture";
import { expectRefused, balanceDeltas, spareSigner, admitFor } from "./helpers/loanbook";
import { AttestationKind, LoanState, Role, Status, kindBit } from "../lib/enums";

/** A loan listed by a second operator at a 2.5 % fee and funded to its 100,000 target. */
async function fundedBySecondOperator(f: Fixture, spare = 0, lifetime = 365 * DAY) {
  const lister = await spareSigner(spare);
  await admitFor(f, lister, Role.Operator, lifetime);
  const id = await publish(f);
  await f.loanBook.connect(f.operator).openReview(id);
  await f.loanBook.connect(f.operator).requestService(id, f.rater, kindBit(AttestationKind.Identity) | kindBit(AttestationKind.CreditRating));
  await f.loanBook.connect(lister).list(id, 250, await attestForListing(f, id, f.enterprise.address));
  await fundFrom(f, id, [[f.investors[0], units(40_000)], [f.investors[1], units(60_000)]]);
  return { id, lister };
}

describe("LoanBook: disbursement", function () {
  it("pays the principal less the fee to the enterprise, accrues the fee to the listing operator, and starts the schedule", async function () {
    const f = await loadFixture(deployFixture);
    const { id, lister } = await fundedBySecondOperator(f);
    const fee = units(2_500);
    const deltas = await balanceDeltas(f, [f.enterprise, lister, f.operator, f.loanBook], async () => {
      await expect(f.loanBook.connect(f.enterprise).disburse(id))
        .to.emit(f.loanBook, "Disbursed").withArgs(id, f.enterprise.address, lister.address, units(100_000), fee)
        .and.to.emit(f.loanBook, "LoanStateChanged").withArgs(id, LoanState.Funded, LoanState.Active);
    });
    expect(deltas).to.deep.equal([units(100_000) - fee, 0n, 0n, -units(100_000) + fee]);
    const { startedAt } = await f.loanBook.getLoan(id);
    expect(startedAt).to.equal(await time.latest());
    expect(await f.loanBook.feesOf(lister)).to.equal(fee);
    await expectConserved(f);
    const [withdrawn, held] = await balanceDeltas(f, [lister, f.loanBook], async () => {
      await expect(f.loanBook.connect(lister).withdrawFees()).to.emit(f.loanBook, "FeesWithdrawn").withArgs(lister.address, fee);
    });
    expect([withdrawn, held]).to.deep.equal([fee, -fee]);
    expect(await f.loanBook.feesOf(lister)).to.equal(0n);
    await expectRefused(f, [id], [lister], () =>
      expect(f.loanBook.connect(lister).withdrawFees()).to.be.revertedWithCustomError(f.loanBook, "LoanBookNothingToWithdraw").withArgs(lister.address));
    const acc = await f.loanBook.getAccounts(id);
    expect([acc.principal, acc.escrow]).to.deep.equal([units(100_000), 0n]);
    await expectConserved(f);
  });

  it("disburses a raise closed between the minimum and the target, keeping only that principal outstanding", async function () {
    const f = await loadFixture(deployFixture);
    const id = await publish(f);
    await f.loanBook.connect(f.operator).openReview(id);
    await f.loanBook.connect(f.operator).list(id, 0, await attestForListing(f, id, f.enterprise.address));
    await fundFrom(f, id, [[f.investors[0], units(75_000)]]);
    await time.increaseTo((await f.loanBook.getLoan(id)).fundingDeadline);
    await f.loanBook.closeFunding(id);
    const [enterpriseDelta, operatorDelta] = await balanceDeltas(f, [f.enterprise, f.operator], () => f.loanBook.connect(f.enterprise).disburse(id));
    expect([enterpriseDelta, operatorDelta]).to.deep.equal([units(75_000), 0n]);
    expect(await f.loanBook.outstandingOf(f.enterprise)).to.equal(units(75_000));
    expect(await f.loanBook.dueAfter(id, 12)).to.be.greaterThan(units(75_000));
  });

  it("is drawn by the loan's enterprise only, once", async function () {
    const f = await loadFixture(deployFixture);
    const { id, lister } = await fundedBySecondOperator(f);
    for (const by of [lister, f.operator, f.enterprise2, f.investors[0]]) {
      await expectRefused(f, [id], [by, f.enterprise], () =>
        expect(f.loanBook.connect(by).disburse(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNotEnterprise").withArgs(id, by.address));
    }
    await f.loanBook.connect(f.enterprise).disburse(id);
    await expectRefused(f, [id], [f.enterprise, lister], () =>
      expect(f.loanBook.connect(f.enterprise).disburse(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(id, LoanState.Active));
  });

  it("is refused before the raise closes", async function () {
    const f = await loadFixture(deployFixture);
    const id = await publish(f);
    await f.loanBook.connect(f.operator).openReview(id);
    await f.loanBook.connect(f.operator).list(id, 0, await attestForListing(f, id, f.enterprise.address));
    await fundFrom(f, id, [[f.investors[0], units(75_000)]]);
    await expectRefused(f, [id], [f.enterprise], () =>
      expect(f.loanBook.connect(f.enterprise).disburse(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(id, LoanState.Listed));
  });

  it("is refused while the loan is frozen, the enterprise suspended or the platform paused", async function () {
    const f = await loadFixture(deployFixture);
    const { id, lister } = await fundedBySecondOperator(f);
    const parties = [f.enterprise, lister];
    await f.loanBook.connect(f.regulator).freeze(id, ethers.id("inquiry"));
    await expectRefused(f, [id], parties, () => expect(f.loanBook.connect(f.enterprise).disburse(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookFrozen").withArgs(id));
    await govern(f, f.loanBook, "unfreeze", [id]);

    await f.registry.connect(f.regulator).suspend(f.enterprise, ethers.id("inquiry"));
    await expectRefused(f, [id], parties, () =>
      expect(f.loanBook.connect(f.enterprise).disburse(id)).to.be.revertedWithCustomError(f.registry, "RegistryNotActive").withArgs(f.enterprise.address, Status.Suspended));
    await govern(f, f.registry, "reinstate", [f.enterprise]);

    await f.registry.connect(f.regulator).setPaused(true);
    await expectRefused(f, [id], parties, () => expect(f.loanBook.connect(f.enterprise).disburse(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookPaused"));
    await govern(f, f.registry, "setPaused", [false]);
    await f.loanBook.connect(f.enterprise).disburse(id);
  });

  it("is not blocked by the listing operator's suspension or lapsed admission: the fee accrues, withdrawn once it is active", async function () {
    const f = await loadFixture(deployFixture);
    const { id, lister } = await fundedBySecondOperator(f);
    const second = await fundedBySecondOperator(f, 1, 20 * DAY);
    await f.registry.connect(f.regulator).suspend(lister, ethers.id("inquiry"));
    await expect(f.loanBook.connect(f.enterprise).disburse(id)).to.emit(f.loanBook, "Disbursed").withArgs(id, f.enterprise.address, lister.address, units(100_000), units(2_500));
    await expectRefused(f, [id], [lister], () =>
      expect(f.loanBook.connect(lister).withdrawFees()).to.be.revertedWithCustomError(f.token, "DepositTokenHolderNotAllowed").withArgs(lister.address));
    await govern(f, f.registry, "reinstate", [lister]);
    await time.increaseTo((await f.registry.participant(second.lister)).expiresAt);
    expect(await f.registry.isActive(second.lister)).to.equal(false);
    const drawdown = (await f.loanBook.getLoan(second.id)).drawdownDeadline;
    expect(BigInt(await time.latest())).to.be.lessThan(drawdown);
    await f.loanBook.connect(f.enterprise).disburse(second.id);
    expect(await f.loanBook.feesOf(second.lister)).to.equal(units(2_500));
    await expectConserved(f);
  });

  it("is refused after the drawdown deadline, when anyone may cancel the loan and investors take refunds", async function () {
    const f = await loadFixture(deployFixture);
    const { id } = await fundedBySecondOperator(f);
    const loan = await f.loanBook.getLoan(id);
    const policy = await f.registry.policy();
    expect(loan.drawdownDeadline).to.equal(loan.fundingDeadline + policy.drawdownPeriod);
    const stranger = f.investors[5];
    // before the deadline only the enterprise or an operator may cancel
    await expectRefused(f, [id], [stranger], () =>
      expect(f.loanBook.connect(stranger).cancel(id, ethers.ZeroHash)).to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(stranger.address, Role.Operator, Role.Investor));
    await time.increaseTo(loan.drawdownDeadline);
    await expectRefused(f, [id], [f.enterprise], () =>
      expect(f.loanBook.connect(f.enterprise).disburse(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookDrawdownExpired").withArgs(id, loan.drawdownDeadline));
    await expect(f.loanBook.connect(f.outsider).cancel(id, ethers.id("not drawn")))
      .to.emit(f.loanBook, "LoanCancelled").withArgs(id, f.outsider.address, ethers.id("not drawn"))
      .and.to.emit(f.loanBook, "LoanStateChanged").withArgs(id, LoanState.Funded, LoanState.Cancelled);
    expect(await f.loanBook.outstandingOf(f.enterprise)).to.equal(0n);
    for (const [investor, amount] of [[f.investors[0], units(40_000)], [f.investors[1], units(60_000)]] as const) {
      const [delta] = await balanceDeltas(f, [investor], () => f.loanBook.connect(investor).refund(id));
      expect(delta).to.equal(amount);
    }
    await expectConserved(f);
  });
});
