import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployFixture, defaultTerms, listedLoan, attestForListing, publish, fundFrom, activeLoan, expectConserved, units, DAY, type Fixture } from "./helpers/fixture";
import { expectRefused, balanceDeltas, signPermit, spareSigner, admitFor, setPolicyWith } from "./helpers/loanbook";
import { LoanState, Role, Status } from "../lib/enums";

/** A listed loan of 100,000 (minimum 60,000), rated A (risk grade 2). */
async function listed(f: Fixture) {
  const id = await listedLoan(f, defaultTerms(), { rating: "A" });
  const [a, b, c] = f.investors;
  for (const inv of [a, b, c]) await f.token.connect(inv).approve(f.loanBook, units(1_000_000));
  return { id, a, b, c };
}

describe("LoanBook: funding", function () {
  it("escrows a contribution and records the position", async function () {
    const f = await loadFixture(deployFixture);
    const { id, a } = await listed(f);
    const [investorDelta, bookDelta] = await balanceDeltas(f, [a, f.loanBook], async () => {
      await expect(f.loanBook.connect(a).fund(id, units(10_000))).to.emit(f.loanBook, "LoanFunded").withArgs(id, a.address, units(10_000), units(10_000));
    });
    expect([investorDelta, bookDelta]).to.deep.equal([-units(10_000), units(10_000)]);
    expect((await f.loanBook.getPosition(id, a)).contributed).to.equal(units(10_000));
    const acc = await f.loanBook.getAccounts(id);
    expect([acc.raised, acc.escrow]).to.deep.equal([units(10_000), units(10_000)]);
    await expectConserved(f);
  });

  it("refuses an investor whose suitability is below the loan's risk grade, and accepts it at the grade", async function () {
    const f = await loadFixture(deployFixture);
    const { id, a } = await listed(f);
    await f.registry.connect(f.operator).setSuitability(a, 1);
    await expectRefused(f, [id], [a], () =>
      expect(f.loanBook.connect(a).fund(id, units(100))).to.be.revertedWithCustomError(f.loanBook, "LoanBookUnsuitableInvestor").withArgs(a.address, 1, 2));
    await f.registry.connect(f.operator).setSuitability(a, 2);
    await f.loanBook.connect(a).fund(id, units(100));
  });

  it("refuses unassessed, unadmitted, suspended, expired and non-investor accounts", async function () {
    const f = await loadFixture(deployFixture);
    const { id, a } = await listed(f);
    const unassessed = await spareSigner(0);
    const expiry = await admitFor(f, unassessed, Role.Investor, 30 * DAY);
    await f.token.connect(f.custodian).mint(unassessed, units(1000), ethers.ZeroHash);
    await f.token.connect(unassessed).approve(f.loanBook, units(1000));
    await expectRefused(f, [id], [unassessed], () =>
      expect(f.loanBook.connect(unassessed).fund(id, units(100))).to.be.revertedWithCustomError(f.loanBook, "LoanBookUnsuitableInvestor").withArgs(unassessed.address, 0, 2));
    await f.registry.connect(f.operator).setSuitability(unassessed, 5);

    await expectRefused(f, [id], [f.outsider], () =>
      expect(f.loanBook.connect(f.outsider).fund(id, units(100))).to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(f.outsider.address));
    await expectRefused(f, [id], [f.enterprise], () =>
      expect(f.loanBook.connect(f.enterprise).fund(id, units(100))).to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.enterprise.address, Role.Investor, Role.Enterprise));
    await f.registry.connect(f.regulator).suspend(a, ethers.id("inquiry"));
    await expectRefused(f, [id], [a], () =>
      expect(f.loanBook.connect(a).fund(id, units(100))).to.be.revertedWithCustomError(f.registry, "RegistryNotActive").withArgs(a.address, Status.Suspended));

    await time.increaseTo(expiry);
    await f.loanBook.connect(f.operator).unlist(id); // the listing would close first; relist for a fresh window
    await f.loanBook.connect(f.operator).list(id, 100, await attestForListing(f, id, f.enterprise.address));
    await expectRefused(f, [id], [unassessed], () =>
      expect(f.loanBook.connect(unassessed).fund(id, units(100))).to.be.revertedWithCustomError(f.registry, "RegistryAdmissionExpired").withArgs(unassessed.address, expiry));
  });

  it("refuses funding before listing and after the window", async function () {
    const f = await loadFixture(deployFixture);
    const [a] = f.investors;
    await f.token.connect(a).approve(f.loanBook, units(1000));
    const draft = await publish(f);
    await expectRefused(f, [draft], [a], () =>
      expect(f.loanBook.connect(a).fund(draft, units(100))).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(draft, LoanState.Published));
    await f.loanBook.connect(f.operator).openReview(draft);
    await expectRefused(f, [draft], [a], () =>
      expect(f.loanBook.connect(a).fund(draft, units(100))).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(draft, LoanState.UnderReview));

    const { id } = await listed(f);
    const deadline = (await f.loanBook.getLoan(id)).fundingDeadline;
    await time.setNextBlockTimestamp(deadline - 1n);
    await f.loanBook.connect(a).fund(id, units(100)); // the last second of the window
    await expectRefused(f, [id], [a], () =>
      expect(f.loanBook.connect(a).fund(id, units(100))).to.be.revertedWithCustomError(f.loanBook, "LoanBookFundingClosed").withArgs(id, deadline));
  });

  it("refuses zero, and takes only what remains of an order above it", async function () {
    const f = await loadFixture(deployFixture);
    const { id, a, b } = await listed(f);
    await expectRefused(f, [id], [a], () => expect(f.loanBook.connect(a).fund(id, 0)).to.be.revertedWithCustomError(f.loanBook, "LoanBookZeroAmount"));
    await f.loanBook.connect(a).fund(id, units(70_000));
    expect(await f.loanBook.connect(b).fund.staticCall(id, units(50_000))).to.equal(units(30_000));
    const allowance = await f.token.allowance(b, f.loanBook);
    const deltas = await balanceDeltas(f, [b, f.loanBook], async () => {
      await expect(f.loanBook.connect(b).fund(id, units(50_000)))
        .to.emit(f.loanBook, "LoanFunded").withArgs(id, b.address, units(30_000), units(100_000))
        .and.to.emit(f.loanBook, "LoanStateChanged").withArgs(id, LoanState.Listed, LoanState.Funded);
    });
    expect(deltas).to.deep.equal([-units(30_000), units(30_000)]);
    expect((await f.loanBook.getPosition(id, b)).contributed).to.equal(units(30_000));
    expect(await f.token.allowance(b, f.loanBook)).to.equal(allowance - units(30_000));
    await expectConserved(f);
  });

  it("refuses a contribution under the policy's minimum unless it fills what remains", async function () {
    const f = await loadFixture(deployFixture);
    await setPolicyWith(f, { minContribution: units(500) });
    const { id, a, b } = await listed(f);
    await expectRefused(f, [id], [a], () =>
      expect(f.loanBook.connect(a).fund(id, 1n)).to.be.revertedWithCustomError(f.loanBook, "LoanBookBelowMinContribution").withArgs(id, 1n, units(500)));
    await expectRefused(f, [id], [a], () =>
      expect(f.loanBook.connect(a).fund(id, units(500) - 1n)).to.be.revertedWithCustomError(f.loanBook, "LoanBookBelowMinContribution").withArgs(id, units(500) - 1n, units(500)));
    await f.loanBook.connect(a).fund(id, units(100_000) - units(100));
    await expect(f.loanBook.connect(b).fund(id, units(100))).to.emit(f.loanBook, "FundingClosed").withArgs(id, true, units(100_000));
    await expectConserved(f);
  });

  it("closes the raise when the target is reached and takes no more", async function () {
    const f = await loadFixture(deployFixture);
    const { id, a, b } = await listed(f);
    await f.loanBook.connect(a).fund(id, units(40_000));
    await expect(f.loanBook.connect(b).fund(id, units(60_000)))
      .to.emit(f.loanBook, "LoanFunded").withArgs(id, b.address, units(60_000), units(100_000))
      .and.to.emit(f.loanBook, "FundingClosed").withArgs(id, true, units(100_000))
      .and.to.emit(f.loanBook, "LoanStateChanged").withArgs(id, LoanState.Listed, LoanState.Funded);
    await expectRefused(f, [id], [a], () =>
      expect(f.loanBook.connect(a).fund(id, 1n)).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(id, LoanState.Funded));
  });

  describe("fundWithPermit", function () {
    it("funds in one transaction from a signed permit, without a prior approval", async function () {
      const f = await loadFixture(deployFixture);
      const id = await listedLoan(f);
      const a = f.investors[0];
      expect(await f.token.allowance(a, f.loanBook)).to.equal(0n);
      const deadline = BigInt((await time.latest()) + 3600);
      const sig = await signPermit(f, a, units(25_000), deadline);
      const [delta] = await balanceDeltas(f, [a], async () => {
        await expect(f.loanBook.connect(a).fundWithPermit(id, units(25_000), deadline, sig.v, sig.r, sig.s))
          .to.emit(f.loanBook, "LoanFunded").withArgs(id, a.address, units(25_000), units(25_000));
      });
      expect(delta).to.equal(-units(25_000));
      expect(await f.token.allowance(a, f.loanBook)).to.equal(0n);
      expect(await f.token.nonces(a)).to.equal(1n);
      await expectConserved(f);
    });

    it("still funds when a front-runner has already submitted the permit", async function () {
      const f = await loadFixture(deployFixture);
      const id = await listedLoan(f);
      const a = f.investors[0];
      const deadline = BigInt((await time.latest()) + 3600);
      const sig = await signPermit(f, a, units(25_000), deadline);
      await f.token.connect(f.investors[5]).permit(a, f.loanBook, units(25_000), deadline, sig.v, sig.r, sig.s);
      await f.loanBook.connect(a).fundWithPermit(id, units(25_000), deadline, sig.v, sig.r, sig.s);
      expect((await f.loanBook.getPosition(id, a)).contributed).to.equal(units(25_000));
    });

    it("falls back on the allowance when the permit is invalid, and fails without one", async function () {
      const f = await loadFixture(deployFixture);
      const id = await listedLoan(f);
      const a = f.investors[0];
      const deadline = BigInt((await time.latest()) + 3600);
      const sig = await signPermit(f, f.investors[1], units(25_000), deadline); // signed by someone else
      await expectRefused(f, [id], [a], () =>
        expect(f.loanBook.connect(a).fundWithPermit(id, units(25_000), deadline, sig.v, sig.r, sig.s))
          .to.be.revertedWithCustomError(f.token, "ERC20InsufficientAllowance").withArgs(f.loanBook.target, 0n, units(25_000)));
      await f.token.connect(a).approve(f.loanBook, units(25_000));
      await f.loanBook.connect(a).fundWithPermit(id, units(25_000), deadline, sig.v, sig.r, sig.s);
      expect((await f.loanBook.getPosition(id, a)).contributed).to.equal(units(25_000));
    });
  });

  describe("closeFunding", function () {
    it("is refused before the deadline", async function () {
      const f = await loadFixture(deployFixture);
      const { id } = await listed(f);
      const deadline = (await f.loanBook.getLoan(id)).fundingDeadline;
      await time.increaseTo(deadline - 2n);
      await expectRefused(f, [id], [], () =>
        expect(f.loanBook.closeFunding(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookFundingOpen").withArgs(id, deadline));
    });

    it("succeeds at or above the minimum raise", async function () {
      const f = await loadFixture(deployFixture);
      const { id, a, b } = await listed(f);
      await f.loanBook.connect(a).fund(id, units(30_000));
      await f.loanBook.connect(b).fund(id, units(30_000));
      await time.increaseTo((await f.loanBook.getLoan(id)).fundingDeadline);
      await expect(f.loanBook.connect(f.outsider).closeFunding(id))
        .to.emit(f.loanBook, "FundingClosed").withArgs(id, true, units(60_000))
        .and.to.emit(f.loanBook, "LoanStateChanged").withArgs(id, LoanState.Listed, LoanState.Funded);
      await expectRefused(f, [id], [a], () => expect(f.loanBook.connect(a).refund(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(id, LoanState.Funded));
      await expectRefused(f, [id], [], () => expect(f.loanBook.closeFunding(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(id, LoanState.Funded));
    });

    it("fails below the minimum and refunds each investor exactly its contribution, once", async function () {
      const f = await loadFixture(deployFixture);
      const { id, a, b, c } = await listed(f);
      await f.loanBook.connect(a).fund(id, units(12_345.678901));
      await f.loanBook.connect(b).fund(id, units(20_000));
      await f.loanBook.connect(a).fund(id, units(7_000));
      await expectRefused(f, [id], [a], () => expect(f.loanBook.connect(a).refund(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(id, LoanState.Listed));
      await time.increaseTo((await f.loanBook.getLoan(id)).fundingDeadline);
      const raised = units(12_345.678901) + units(27_000);
      await expect(f.loanBook.closeFunding(id))
        .to.emit(f.loanBook, "FundingClosed").withArgs(id, false, raised)
        .and.to.emit(f.loanBook, "LoanStateChanged").withArgs(id, LoanState.Listed, LoanState.Failed);
      expect(await f.loanBook.outstandingOf(f.enterprise)).to.equal(0n);

      const deltas = await balanceDeltas(f, [a, b, f.loanBook], async () => {
        await expect(f.loanBook.connect(a).refund(id)).to.emit(f.loanBook, "Refunded").withArgs(id, a.address, units(19_345.678901));
        await expect(f.loanBook.connect(b).refund(id)).to.emit(f.loanBook, "Refunded").withArgs(id, b.address, units(20_000));
      });
      expect(deltas).to.deep.equal([units(19_345.678901), units(20_000), -raised]);
      expect((await f.loanBook.getAccounts(id)).escrow).to.equal(0n);
      for (const who of [a, c]) {
        await expectRefused(f, [id], [who], () =>
          expect(f.loanBook.connect(who).refund(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNothingToRefund").withArgs(id, who.address));
      }
      await expectRefused(f, [id], [f.enterprise], () =>
        expect(f.loanBook.connect(f.enterprise).disburse(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(id, LoanState.Failed));
    });
  });
});

describe("LoanBook: cancel", function () {
  for (const stage of ["Published", "UnderReview", "Listed", "Funded"] as const) {
    it(`lets the enterprise cancel a ${stage} demand`, async function () {
      const f = await loadFixture(deployFixture);
      const id = stage === "Listed" || stage === "Funded" ? await listedLoan(f) : await publish(f);
      if (stage === "UnderReview") await f.loanBook.connect(f.operator).openReview(id);
      if (stage === "Funded") await fundFrom(f, id, [[f.investors[0], units(100_000)]]);
      const reason = ethers.id("no longer needed");
      await expect(f.loanBook.connect(f.enterprise).cancel(id, reason))
        .to.emit(f.loanBook, "LoanCancelled").withArgs(id, f.enterprise.address, reason)
        .and.to.emit(f.loanBook, "LoanStateChanged").withArgs(id, LoanState[stage], LoanState.Cancelled);
      expect(await f.loanBook.outstandingOf(f.enterprise)).to.equal(0n);
      await expectConserved(f);
    });
  }

  it("lets the operator cancel and every investor take back its contribution", async function () {
    const f = await loadFixture(deployFixture);
    const id = await listedLoan(f);
    const [a, b] = f.investors;
    await fundFrom(f, id, [[a, units(10_000)], [b, units(5_000)]]);
    await expect(f.loanBook.connect(f.operator).cancel(id, ethers.ZeroHash)).to.emit(f.loanBook, "LoanCancelled").withArgs(id, f.operator.address, ethers.ZeroHash);
    const deltas = await balanceDeltas(f, [a, b, f.loanBook], async () => {
      await f.loanBook.connect(a).refund(id);
      await f.loanBook.connect(b).refund(id);
    });
    expect(deltas).to.deep.equal([units(10_000), units(5_000), -units(15_000)]);
    await expectRefused(f, [id], [a], () =>
      expect(f.loanBook.connect(a).refund(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNothingToRefund").withArgs(id, a.address));
  });

  it("refuses anyone else, a second cancellation and cancellation after disbursement", async function () {
    const f = await loadFixture(deployFixture);
    const id = await listedLoan(f);
    await fundFrom(f, id, [[f.investors[0], units(10_000)]]);
    const inv = f.investors[0];
    await expectRefused(f, [id], [inv], () =>
      expect(f.loanBook.connect(inv).cancel(id, ethers.ZeroHash)).to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(inv.address, Role.Operator, Role.Investor));
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.enterprise2).cancel(id, ethers.ZeroHash)).to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.enterprise2.address, Role.Operator, Role.Enterprise));
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.outsider).cancel(id, ethers.ZeroHash)).to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(f.outsider.address));
    await f.loanBook.connect(f.operator).cancel(id, ethers.ZeroHash);
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.enterprise).cancel(id, ethers.ZeroHash)).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(id, LoanState.Cancelled));

    const active = await activeLoan(f, defaultTerms({ amount: units(1000), minRaise: units(1000) }));
    for (const by of [f.enterprise, f.operator]) {
      await expectRefused(f, [active], [], () =>
        expect(f.loanBook.connect(by).cancel(active, ethers.ZeroHash)).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(active, LoanState.Active));
    }
  });
});
