import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployFixture, defaultTerms, publish, listedLoan, activeLoan, expectConserved, units, DAY, type Fixture } from "./helpers/fixture";
import { expectRefused, balanceDeltas, spareSigner, admitFor, interestFirstInterest } from "./helpers/loanbook";
import { AttestationKind, LoanState, RepaymentMethod, Role, kindBit } from "../lib/enums";

const PERIOD = 30 * DAY;
const GRACE = 7 * DAY;
const DEFAULT_PERIOD = 90 * DAY;
const terms = defaultTerms({ method: RepaymentMethod.InterestFirst, periodLength: PERIOD });
const P = terms.amount;
const INTEREST = interestFirstInterest(P, terms.rateBps, PERIOD);

async function active(f: Fixture, bond?: bigint) {
  const id = await activeLoan(f, terms, { bond });
  await f.token.connect(f.enterprise).approve(f.loanBook, units(1_000_000));
  return { id, startedAt: (await f.loanBook.getLoan(id)).startedAt };
}

/** Declares default at the first moment allowed: instalment 1 due + 90 days, i.e. during instalment 5. */
async function defaulted(f: Fixture, bond?: bigint) {
  const { id, startedAt } = await active(f, bond);
  await time.setNextBlockTimestamp(startedAt + BigInt(PERIOD + DEFAULT_PERIOD));
  const closing = interestFirstInterest(P, terms.rateBps, PERIOD, 5) + P;
  const tx = f.loanBook.connect(f.operator).declareDefault(id);
  await expect(tx).to.emit(f.loanBook, "LoanDefaulted").withArgs(id, f.operator.address, closing)
    .and.to.emit(f.loanBook, "LoanStateChanged").withArgs(id, LoanState.Active, LoanState.Defaulted);
  return { id, closing, tx };
}

describe("LoanBook: late payment", function () {
  it("marks a loan late only once an instalment is unpaid past its due date plus the grace period", async function () {
    const f = await loadFixture(deployFixture);
    const { id, startedAt } = await active(f);
    // within the grace period after the start itself: no due date has passed, let alone its grace
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.operator).markLate(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNotOverdue").withArgs(id, 0n, 0n));
    await time.increaseTo(startedAt + BigInt(PERIOD + GRACE) - 2n);
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.operator).markLate(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNotOverdue").withArgs(id, 0n, 0n));
    await expect(f.loanBook.connect(f.operator).markLate(id))
      .to.emit(f.loanBook, "LoanLate").withArgs(id, f.operator.address, INTEREST)
      .and.to.emit(f.loanBook, "LoanStateChanged").withArgs(id, LoanState.Active, LoanState.Late);
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.operator).markLate(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(id, LoanState.Late));
  });

  it("is declared by the operator or the regulator only", async function () {
    const f = await loadFixture(deployFixture);
    const { id, startedAt } = await active(f);
    await time.increaseTo(startedAt + BigInt(PERIOD + GRACE));
    for (const [by, role] of [[f.enterprise, Role.Enterprise], [f.investors[0], Role.Investor], [f.guarantor, Role.Agency]] as const) {
      await expectRefused(f, [id], [], () =>
        expect(f.loanBook.connect(by).markLate(id)).to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(by.address, Role.Operator, role));
    }
    await expect(f.loanBook.connect(f.regulator).markLate(id)).to.emit(f.loanBook, "LoanLate").withArgs(id, f.regulator.address, INTEREST);
  });

  it("is cured when everything due is paid, not before", async function () {
    const f = await loadFixture(deployFixture);
    const { id, startedAt } = await active(f);
    await time.increaseTo(startedAt + BigInt(PERIOD + GRACE));
    await f.loanBook.connect(f.operator).markLate(id);
    await expect(f.loanBook.connect(f.enterprise).repay(id, INTEREST - 1n)).not.to.emit(f.loanBook, "LoanCured");
    expect((await f.loanBook.getLoan(id)).state).to.equal(LoanState.Late);
    await expect(f.loanBook.connect(f.enterprise).repay(id, 1n))
      .to.emit(f.loanBook, "LoanCured").withArgs(id)
      .and.to.emit(f.loanBook, "LoanStateChanged").withArgs(id, LoanState.Late, LoanState.Active);
    await expectConserved(f);
  });

  it("refuses loans that are not active", async function () {
    const f = await loadFixture(deployFixture);
    const id = await listedLoan(f);
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.operator).markLate(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(id, LoanState.Listed));
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.operator).declareDefault(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(id, LoanState.Listed));
  });
});

describe("LoanBook: default and guarantee", function () {
  it("refuses default before an instalment is unpaid for the default period, from a late loan too", async function () {
    const f = await loadFixture(deployFixture);
    const { id, startedAt } = await active(f);
    await time.increaseTo(startedAt + BigInt(PERIOD + GRACE));
    await f.loanBook.connect(f.operator).markLate(id);
    await time.increaseTo(startedAt + BigInt(PERIOD + DEFAULT_PERIOD) - 2n);
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.operator).declareDefault(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNotOverdue").withArgs(id, 0n, 0n));
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.enterprise).declareDefault(id)).to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.enterprise.address, Role.Operator, Role.Enterprise));
    await expect(f.loanBook.connect(f.regulator).declareDefault(id)).to.emit(f.loanBook, "LoanStateChanged").withArgs(id, LoanState.Late, LoanState.Defaulted);
  });

  it("accelerates the balance without a guarantee; full repayment closes the loan", async function () {
    const f = await loadFixture(deployFixture);
    const { id, closing } = await defaulted(f);
    const acc = await f.loanBook.getAccounts(id);
    expect([acc.closingAmount, acc.distributed, acc.guaranteePaid]).to.deep.equal([closing, 0n, 0n]);
    expect((await f.loanBook.getLoan(id)).state).to.equal(LoanState.Defaulted);
    await time.increase(365 * DAY); // the accelerated amount no longer grows
    expect(await f.loanBook.amountToClose(id)).to.equal(closing);
    await expect(f.loanBook.connect(f.enterprise).repay(id, units(1_000_000)))
      .to.emit(f.loanBook, "Repaid").withArgs(id, f.enterprise.address, closing, closing, 0n, closing)
      .and.to.emit(f.loanBook, "LoanStateChanged").withArgs(id, LoanState.Defaulted, LoanState.Repaid);
    expect(await f.loanBook.outstandingOf(f.enterprise)).to.equal(0n);
  });

  it("pays a bond smaller than the outstanding into the pool, then gives the guarantor recoveries first", async function () {
    const f = await loadFixture(deployFixture);
    const bond = units(20_000);
    const { id, closing, tx } = await defaulted(f, bond);
    await expect(tx).to.emit(f.loanBook, "GuaranteePaid").withArgs(id, f.guarantor.address, bond)
      .and.to.emit(f.loanBook, "LoanStateChanged").withArgs(id, LoanState.Defaulted, LoanState.Compensated);
    let acc = await f.loanBook.getAccounts(id);
    expect([acc.bond, acc.guaranteePaid, acc.distributed]).to.deep.equal([0n, bond, bond]);
    const [a] = f.investors;
    expect(await f.loanBook.claimable(id, a)).to.equal(bond / 2n);
    await expectRefused(f, [id], [f.guarantor], () => expect(f.loanBook.connect(f.guarantor).releaseBond(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNoBond").withArgs(id));

    // Recoveries: the first 20,000 go to the guarantor, the rest to the investors.
    await expect(f.loanBook.connect(f.enterprise).repay(id, units(15_000))).to.emit(f.loanBook, "Repaid").withArgs(id, f.enterprise.address, units(15_000), 0n, units(15_000), units(15_000));
    await expectRefused(f, [id], [a], () => expect(f.loanBook.connect(a).claimRecovery(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNotGuarantor").withArgs(id, a.address));
    const [gained] = await balanceDeltas(f, [f.guarantor], async () => {
      await expect(f.loanBook.connect(f.guarantor).claimRecovery(id)).to.emit(f.loanBook, "RecoveryClaimed").withArgs(id, f.guarantor.address, units(15_000));
    });
    expect(gained).to.equal(units(15_000));
    await expectRefused(f, [id], [f.guarantor], () =>
      expect(f.loanBook.connect(f.guarantor).claimRecovery(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNothingToClaim").withArgs(id, f.guarantor.address));
    await expect(f.loanBook.connect(f.enterprise).repay(id, units(10_000))).to.emit(f.loanBook, "Repaid").withArgs(id, f.enterprise.address, units(10_000), units(5_000), units(5_000), units(25_000));
    await f.loanBook.connect(f.enterprise).repay(id, units(1_000_000));
    acc = await f.loanBook.getAccounts(id);
    expect((await f.loanBook.getLoan(id)).state).to.equal(LoanState.Repaid);
    expect([acc.repaid, acc.recovered, acc.distributed]).to.deep.equal([closing, bond, closing]);
    await f.loanBook.connect(f.guarantor).claimRecovery(id);
    for (const inv of f.investors.slice(0, 2)) await f.loanBook.connect(inv).claim(id);
    expect(await f.loanBook.heldFor(id)).to.equal(closing - 2n * (closing / 2n)); // the rounding dust of two equal halves
    await expectConserved(f);
  });

  it("pays at most the outstanding from a larger bond and releases the rest", async function () {
    const f = await loadFixture(deployFixture);
    const bond = units(200_000);
    const { id, closing, tx } = await defaulted(f, bond);
    await expect(tx).to.emit(f.loanBook, "GuaranteePaid").withArgs(id, f.guarantor.address, closing);
    const acc = await f.loanBook.getAccounts(id);
    expect([acc.bond, acc.distributed]).to.deep.equal([bond - closing, closing]);
    await expectRefused(f, [id], [f.enterprise], () =>
      expect(f.loanBook.connect(f.enterprise).releaseBond(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNotGuarantor").withArgs(id, f.enterprise.address));
    const [released] = await balanceDeltas(f, [f.guarantor], async () => {
      await expect(f.loanBook.connect(f.guarantor).releaseBond(id)).to.emit(f.loanBook, "BondReleased").withArgs(id, f.guarantor.address, bond - closing);
    });
    expect(released).to.equal(bond - closing);
    for (const inv of f.investors.slice(0, 2)) {
      await expect(f.loanBook.connect(inv).claim(id)).to.emit(f.loanBook, "Claimed").withArgs(id, inv.address, closing / 2n);
    }
    // Everything recovered from now on is the guarantor's.
    await expect(f.loanBook.connect(f.enterprise).repay(id, units(1_000_000))).to.emit(f.loanBook, "Repaid").withArgs(id, f.enterprise.address, closing, 0n, closing, closing);
    await expectConserved(f);
  });
});

describe("LoanBook: guarantee bond", function () {
  it("is released to the guarantor only, after full repayment", async function () {
    const f = await loadFixture(deployFixture);
    const bond = units(20_000);
    const { id } = await active(f, bond);
    await expectRefused(f, [id], [f.guarantor], () =>
      expect(f.loanBook.connect(f.guarantor).releaseBond(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(id, LoanState.Active));
    await f.loanBook.connect(f.enterprise).repay(id, units(1_000_000));
    await expectRefused(f, [id], [f.guarantor, f.operator], () =>
      expect(f.loanBook.connect(f.operator).releaseBond(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNotGuarantor").withArgs(id, f.operator.address));
    await expect(f.loanBook.connect(f.guarantor).releaseBond(id)).to.emit(f.loanBook, "BondReleased").withArgs(id, f.guarantor.address, bond);
    await expectRefused(f, [id], [f.guarantor], () => expect(f.loanBook.connect(f.guarantor).releaseBond(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNoBond").withArgs(id));
    await expectConserved(f);
  });

  it("is released after the demand is cancelled", async function () {
    const f = await loadFixture(deployFixture);
    const id = await listedLoan(f, terms, { bond: units(5_000) });
    await f.loanBook.connect(f.enterprise).cancel(id, ethers.ZeroHash);
    const [delta] = await balanceDeltas(f, [f.guarantor], () => f.loanBook.connect(f.guarantor).releaseBond(id));
    expect(delta).to.equal(units(5_000));
  });

  it("is posted before listing by one guarantee-accredited agency, which may top it up", async function () {
    const f = await loadFixture(deployFixture);
    const id = await publish(f, terms);
    await f.loanBook.connect(f.operator).openReview(id);
    const second = await spareSigner(0);
    await admitFor(f, second, Role.Agency, 365 * DAY, kindBit(AttestationKind.Guarantee));
    for (const agency of [f.guarantor, second]) await f.loanBook.connect(f.operator).requestService(id, agency, kindBit(AttestationKind.Guarantee));
    await f.token.connect(f.custodian).mint(second, units(10_000), ethers.ZeroHash);
    for (const who of [f.guarantor, second, f.rater]) await f.token.connect(who).approve(f.loanBook, units(10_000));

    await expectRefused(f, [id], [f.rater], () =>
      expect(f.loanBook.connect(f.rater).postBond(id, units(1_000))).to.be.revertedWithCustomError(f.registry, "RegistryNotAccredited").withArgs(f.rater.address, AttestationKind.Guarantee));
    await expectRefused(f, [id], [f.investors[0]], () =>
      expect(f.loanBook.connect(f.investors[0]).postBond(id, units(1_000))).to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.investors[0].address, Role.Agency, Role.Investor));
    await expectRefused(f, [id], [f.guarantor], () => expect(f.loanBook.connect(f.guarantor).postBond(id, 0)).to.be.revertedWithCustomError(f.loanBook, "LoanBookZeroAmount"));

    await expect(f.loanBook.connect(f.guarantor).postBond(id, units(1_000))).to.emit(f.loanBook, "BondPosted").withArgs(id, f.guarantor.address, units(1_000), units(1_000));
    await expectRefused(f, [id], [second], () =>
      expect(f.loanBook.connect(second).postBond(id, units(1_000))).to.be.revertedWithCustomError(f.loanBook, "LoanBookGuarantorTaken").withArgs(id, f.guarantor.address));
    await expect(f.loanBook.connect(f.guarantor).postBond(id, units(2_000))).to.emit(f.loanBook, "BondPosted").withArgs(id, f.guarantor.address, units(2_000), units(3_000));

    const listed = await listedLoan(f, terms);
    await expectRefused(f, [listed], [f.guarantor], () =>
      expect(f.loanBook.connect(f.guarantor).postBond(listed, units(1_000))).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(listed, LoanState.Listed));
    expect((await f.loanBook.getAccounts(id)).bond).to.equal(units(3_000));
    await expectConserved(f);
  });

  it("is refused from an agency the operator did not ask for the guarantee service, so no one can squat the slot", async function () {
    const f = await loadFixture(deployFixture);
    const id = await publish(f, terms);
    await f.loanBook.connect(f.operator).openReview(id);
    const squatter = await spareSigner(0);
    await admitFor(f, squatter, Role.Agency, 365 * DAY, kindBit(AttestationKind.Guarantee) | kindBit(AttestationKind.Insurance));
    await f.token.connect(f.custodian).mint(squatter, units(10), ethers.ZeroHash);
    await f.token.connect(squatter).approve(f.loanBook, units(10));
    await expectRefused(f, [id], [squatter], () =>
      expect(f.loanBook.connect(squatter).postBond(id, 1n)).to.be.revertedWithCustomError(f.loanBook, "LoanBookServiceNotRequested").withArgs(id, squatter.address));
    // asked for another service only: still not the guarantor
    await f.loanBook.connect(f.operator).requestService(id, squatter, kindBit(AttestationKind.Insurance));
    await expectRefused(f, [id], [squatter], () =>
      expect(f.loanBook.connect(squatter).postBond(id, 1n)).to.be.revertedWithCustomError(f.loanBook, "LoanBookServiceNotRequested").withArgs(id, squatter.address));
    // the guarantor the operator asks for takes the slot
    await f.loanBook.connect(f.operator).requestService(id, f.guarantor, kindBit(AttestationKind.Guarantee));
    await f.token.connect(f.guarantor).approve(f.loanBook, units(1_000));
    await expect(f.loanBook.connect(f.guarantor).postBond(id, units(1_000))).to.emit(f.loanBook, "BondPosted").withArgs(id, f.guarantor.address, units(1_000), units(1_000));
    await expectConserved(f);
  });

  it("refuses an amount that does not fit the bond's 128 bits instead of truncating it", async function () {
    const f = await loadFixture(deployFixture);
    const id = await publish(f, terms);
    await f.loanBook.connect(f.operator).openReview(id);
    await f.loanBook.connect(f.operator).requestService(id, f.guarantor, kindBit(AttestationKind.Guarantee));
    const huge = 2n ** 128n + 1n;
    await expectRefused(f, [id], [f.guarantor], () =>
      expect(f.loanBook.connect(f.guarantor).postBond(id, huge)).to.be.revertedWithCustomError(f.loanBook, "SafeCastOverflowedUintDowncast").withArgs(128, huge));
  });
});
