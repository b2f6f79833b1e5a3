import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployFixture, defaultTerms, publish, listedLoan, fundFrom, activeLoan, units, DAY, govern, type Fixture } from "./helpers/fixture";
import { expectRefused, balanceDeltas, setPolicyWith } from "./helpers/loanbook";
import { AttestationKind, LoanState, RepaymentMethod, Role, kindBit } from "../lib/enums";

const terms = defaultTerms({ method: RepaymentMethod.InterestFirst });

describe("LoanBook: freeze", function () {
  it("is set by a single regulator and lifted by the committee only", async function () {
    const f = await loadFixture(deployFixture);
    const id = await listedLoan(f);
    const reason = "Suspected fraud: the enterprise's invoices are under examination.";
    for (const [by, role] of [[f.operator, Role.Operator], [f.enterprise, Role.Enterprise]] as const) {
      await expectRefused(f, [id], [], () =>
        expect(f.loanBook.connect(by).freeze(id, reason)).to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(by.address, Role.Regulator, role));
    }
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.regulator).freeze(id, "")).to.be.revertedWithCustomError(f.loanBook, "LoanBookEmptyReason"));
    expect((await f.loanBook.getLoan(id)).frozen).to.equal(false);
    await expectRefused(f, [id], [], () => expect(govern(f, f.loanBook, "unfreeze", [id])).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(id, LoanState.Listed));
    await expect(f.loanBook.connect(f.regulator).freeze(id, reason)).to.emit(f.loanBook, "LoanFrozen").withArgs(id, f.regulator.address, ethers.id(reason), reason);
    expect((await f.loanBook.getLoan(id)).frozen).to.equal(true);
    await expectRefused(f, [id], [], () => expect(f.loanBook.connect(f.regulator).freeze(id, reason)).to.be.revertedWithCustomError(f.loanBook, "LoanBookFrozen").withArgs(id));
    for (const by of [f.operator, f.regulator]) {
      await expectRefused(f, [id], [], () =>
        expect(f.loanBook.connect(by).unfreeze(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNotCommittee").withArgs(by.address));
    }
    expect((await f.loanBook.getLoan(id)).frozen).to.equal(true);
    await expect(govern(f, f.loanBook, "unfreeze", [id])).to.emit(f.loanBook, "LoanUnfrozen").withArgs(id, await f.committee.getAddress());
    expect((await f.loanBook.getLoan(id)).frozen).to.equal(false);
    await expect(f.loanBook.connect(f.regulator).freeze(5n, reason)).to.be.revertedWithCustomError(f.loanBook, "LoanBookUnknownLoan").withArgs(5n);
  });

  it("stops funding and refunds", async function () {
    const f = await loadFixture(deployFixture);
    const id = await listedLoan(f);
    const [a] = f.investors;
    await fundFrom(f, id, [[a, units(1_000)]]);
    await f.token.connect(a).approve(f.loanBook, units(1_000));
    await f.loanBook.connect(f.regulator).freeze(id, ethers.ZeroHash);
    await expectRefused(f, [id], [a], () => expect(f.loanBook.connect(a).fund(id, units(1_000))).to.be.revertedWithCustomError(f.loanBook, "LoanBookFrozen").withArgs(id));
    await f.loanBook.connect(f.enterprise).cancel(id, ethers.ZeroHash);
    await expectRefused(f, [id], [a], () => expect(f.loanBook.connect(a).refund(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookFrozen").withArgs(id));
    await govern(f, f.loanBook, "unfreeze", [id]);
    const [delta] = await balanceDeltas(f, [a], () => f.loanBook.connect(a).refund(id));
    expect(delta).to.equal(units(1_000));
  });

  it("stops disbursement, claims, recoveries and bond release but accepts repayment", async function () {
    const f = await loadFixture(deployFixture);
    const id = await activeLoan(f, terms, { bond: units(20_000) });
    const [a] = f.investors;
    const { startedAt } = await f.loanBook.getLoan(id);
    await f.token.connect(f.enterprise).approve(f.loanBook, units(1_000_000));
    await time.setNextBlockTimestamp(startedAt + BigInt(120 * DAY));
    await f.loanBook.connect(f.operator).declareDefault(id);
    await f.loanBook.connect(f.enterprise).repay(id, units(25_000));
    await f.loanBook.connect(f.regulator).freeze(id, ethers.ZeroHash);

    const parties = [a, f.guarantor, f.enterprise];
    await expectRefused(f, [id], parties, () => expect(f.loanBook.connect(a).claim(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookFrozen").withArgs(id));
    await expectRefused(f, [id], parties, () => expect(f.loanBook.connect(f.guarantor).claimRecovery(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookFrozen").withArgs(id));
    const [paid] = await balanceDeltas(f, [f.loanBook], () => f.loanBook.connect(f.enterprise).repay(id, units(1_000_000)));
    expect((await f.loanBook.getLoan(id)).state).to.equal(LoanState.Repaid);
    expect(paid).to.be.greaterThan(0n);
    await expectRefused(f, [id], parties, () => expect(f.loanBook.connect(f.guarantor).releaseBond(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookFrozen").withArgs(id));

    await govern(f, f.loanBook, "unfreeze", [id]);
    await f.loanBook.connect(a).claim(id);
    await f.loanBook.connect(f.guarantor).claimRecovery(id);
  });
});

describe("LoanBook: global pause", function () {
  /** One loan in each state a call needs, made before the pause. */
  async function loansBeforePause(f: Fixture) {
    const [a] = f.investors;
    await setPolicyWith(f, { drawdownPeriod: 365 * DAY });
    const published = await publish(f);
    const reviewing = await publish(f);
    await f.loanBook.connect(f.operator).openReview(reviewing);
    const listed = await listedLoan(f);
    await fundFrom(f, listed, [[a, units(1_000)]]);
    const empty = await listedLoan(f, defaultTerms({ amount: units(1_000), minRaise: units(1_000) }));
    const funded = await listedLoan(f, defaultTerms({ amount: units(1_000), minRaise: units(1_000) }));
    await fundFrom(f, funded, [[a, units(1_000)]]);
    const cancelled = await listedLoan(f, defaultTerms({ amount: units(1_000), minRaise: units(1_000) }), { bond: units(100) });
    await fundFrom(f, cancelled, [[a, units(500)]]);
    await f.loanBook.connect(f.enterprise).cancel(cancelled, ethers.ZeroHash);
    const active = await activeLoan(f, terms);
    await f.token.connect(f.enterprise).approve(f.loanBook, units(1_000_000));
    await f.loanBook.connect(f.enterprise).repay(active, units(10));
    await time.increase(130 * DAY);
    return { published, reviewing, listed, empty, funded, cancelled, active };
  }

  it("blocks every operation but repayment", async function () {
    const f = await loadFixture(deployFixture);
    const l = await loansBeforePause(f);
    const [a] = f.investors;
    await f.token.connect(a).approve(f.loanBook, units(1_000));
    await f.token.connect(f.guarantor).approve(f.loanBook, units(1_000));
    await f.registry.connect(f.regulator).setPaused(true);
    const ids = Object.values(l);
    const parties = [a, f.enterprise, f.guarantor, f.operator];
    const blocked: [string, () => Promise<unknown>][] = [
      ["publish", () => f.loanBook.connect(f.enterprise).publish(terms, ethers.ZeroHash, "")],
      ["openReview", () => f.loanBook.connect(f.operator).openReview(l.published)],
      ["requestService", () => f.loanBook.connect(f.operator).requestService(l.reviewing, f.rater, kindBit(AttestationKind.Identity))],
      ["postBond", () => f.loanBook.connect(f.guarantor).postBond(l.reviewing, units(1))],
      ["list", () => f.loanBook.connect(f.operator).list(l.reviewing, 0, [])],
      ["unlist", () => f.loanBook.connect(f.operator).unlist(l.empty)],
      ["fund", () => f.loanBook.connect(a).fund(l.listed, units(1))],
      ["fundWithPermit", () => f.loanBook.connect(a).fundWithPermit(l.listed, units(1), 0, 0, ethers.ZeroHash, ethers.ZeroHash)],
      ["closeFunding", () => f.loanBook.closeFunding(l.listed)],
      ["cancel", () => f.loanBook.connect(f.enterprise).cancel(l.published, ethers.ZeroHash)],
      ["refund", () => f.loanBook.connect(a).refund(l.cancelled)],
      ["disburse", () => f.loanBook.connect(f.enterprise).disburse(l.funded)],
      ["claim", () => f.loanBook.connect(a).claim(l.active)],
      ["releaseBond", () => f.loanBook.connect(f.guarantor).releaseBond(l.cancelled)],
      ["markLate", () => f.loanBook.connect(f.operator).markLate(l.active)],
      ["declareDefault", () => f.loanBook.connect(f.operator).declareDefault(l.active)],
      ["claimRecovery", () => f.loanBook.connect(f.guarantor).claimRecovery(l.active)],
      ["withdrawFees", () => f.loanBook.connect(f.operator).withdrawFees()],
      ["sweepSurplus", () => f.loanBook.connect(f.regulator).sweepSurplus(f.regulator)],
    ];
    for (const [name, call] of blocked) {
      await expectRefused(f, ids, parties, async () => {
        await expect(call(), name).to.be.revertedWithCustomError(f.loanBook, "LoanBookPaused");
      });
    }
    const [paid] = await balanceDeltas(f, [f.loanBook], () => f.loanBook.connect(f.enterprise).repay(l.active, units(100)));
    expect(paid).to.equal(units(100));

    // Once resumed, each of them works again.
    await govern(f, f.registry, "setPaused", [false]);
    await f.loanBook.connect(a).claim(l.active);
    await f.loanBook.connect(a).refund(l.cancelled);
    await f.loanBook.connect(f.enterprise).disburse(l.funded);
    await f.loanBook.connect(f.operator).declareDefault(l.active);
  });
});
