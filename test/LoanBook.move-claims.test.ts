import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployFixture, defaultTerms, listedLoan, fundFrom, activeLoan, expectConserved, units, DAY, govern, type Fixture } from "./helpers/fixture";
import { expectRefused, balanceDeltas, spareSigner, admitFor } from "./helpers/loanbook";
import { Role } from "../lib/enums";

/** A repaid-in-part active loan with a bond, a cancelled raise, and a successor account admitted as investor. */
async function revokedInvestor(f: Fixture) {
  const [a, b] = f.investors;
  const active = await activeLoan(f, defaultTerms(), { bond: units(1_000) });
  await f.token.connect(f.enterprise).approve(f.loanBook, units(1_000_000));
  await time.increase(31 * DAY);
  await f.loanBook.connect(f.enterprise).repay(active, await f.loanBook.overdue(active, 0));
  const cancelled = await listedLoan(f, defaultTerms({ amount: units(1_000), minRaise: units(1_000) }));
  await fundFrom(f, cancelled, [[a, units(400)]]);
  await f.loanBook.connect(f.enterprise).cancel(cancelled, ethers.ZeroHash);
  await govern(f, f.registry, "revoke", [a, ethers.id("licence withdrawn")]);
  const successor = await spareSigner(0);
  await admitFor(f, successor, Role.Investor, 365 * DAY);
  return { a, b, active, cancelled, successor };
}

describe("LoanBook: a revoked participant's claims moved by the committee", function () {
  it("moves a revoked investor's positions to the account the committee names, who claims and takes the refund", async function () {
    const f = await loadFixture(deployFixture);
    const { a, active, cancelled, successor } = await revokedInvestor(f);
    const owed = await f.loanBook.claimable(active, a);
    expect(owed).to.be.greaterThan(0n);
    const committee = await f.committee.getAddress();
    await expect(govern(f, f.loanBook, "moveClaims", [[active, cancelled], a, successor]))
      .to.emit(f.loanBook, "ClaimsMoved").withArgs(active, a.address, successor.address, committee)
      .and.to.emit(f.loanBook, "ClaimsMoved").withArgs(cancelled, a.address, successor.address, committee);
    expect(await f.loanBook.claimable(active, a)).to.equal(0n);
    expect(await f.loanBook.claimable(active, successor)).to.equal(owed);
    const [claimed] = await balanceDeltas(f, [successor], () => f.loanBook.connect(successor).claim(active));
    const [refunded] = await balanceDeltas(f, [successor], () => f.loanBook.connect(successor).refund(cancelled));
    expect([claimed, refunded]).to.deep.equal([owed, units(400)]);
    await expectConserved(f);
  });

  it("moves a revoked guarantor's bond and a revoked operator's fees", async function () {
    const f = await loadFixture(deployFixture);
    const id = await activeLoan(f, defaultTerms(), { bond: units(1_000) });
    const fee = await f.loanBook.feesOf(f.operator);
    expect(fee).to.be.greaterThan(0n);
    const [heir] = [await spareSigner(1)];
    await admitFor(f, heir, Role.Agency, 365 * DAY, 1 << 2);
    await govern(f, f.registry, "revoke", [f.guarantor, ethers.id("licence withdrawn")]);
    await govern(f, f.registry, "revoke", [f.operator, ethers.id("licence withdrawn")]);
    await govern(f, f.loanBook, "moveClaims", [[id], f.guarantor, heir]);
    expect((await f.loanBook.getAccounts(id)).guarantor).to.equal(heir.address);
    await expect(govern(f, f.loanBook, "moveClaims", [[], f.operator, heir])).to.emit(f.loanBook, "FeesMoved").withArgs(f.operator.address, heir.address, fee, await f.committee.getAddress());
    const [got] = await balanceDeltas(f, [heir], () => f.loanBook.connect(heir).withdrawFees());
    expect(got).to.equal(fee);
    await expectConserved(f);
  });

  it("is refused to anyone but the committee (a single regulator included), for a participant not revoked, to an account that cannot hold, onto an existing position, for a loan that does not exist", async function () {
    const f = await loadFixture(deployFixture);
    const { a, b, active, successor } = await revokedInvestor(f);
    for (const by of [f.operator, f.regulator]) {
      await expectRefused(f, [active], [a, successor], () =>
        expect(f.loanBook.connect(by).moveClaims([active], a, successor)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNotCommittee").withArgs(by.address));
    }
    await expectRefused(f, [active], [b, successor], () =>
      expect(govern(f, f.loanBook, "moveClaims", [[active], b, successor])).to.be.revertedWithCustomError(f.loanBook, "LoanBookNotRevoked").withArgs(b.address));
    await expectRefused(f, [active], [a], () =>
      expect(govern(f, f.loanBook, "moveClaims", [[active], a, f.outsider])).to.be.revertedWithCustomError(f.loanBook, "LoanBookCannotHold").withArgs(f.outsider.address));
    await expectRefused(f, [active], [a, b], () =>
      expect(govern(f, f.loanBook, "moveClaims", [[active], a, b])).to.be.revertedWithCustomError(f.loanBook, "LoanBookPositionTaken").withArgs(active, b.address));
    const unknown = (await f.loanBook.loanCount()) + 1n;
    await expectRefused(f, [active], [a, successor], () =>
      expect(govern(f, f.loanBook, "moveClaims", [[active, unknown], a, successor])).to.be.revertedWithCustomError(f.loanBook, "LoanBookUnknownLoan").withArgs(unknown));
  });
});
