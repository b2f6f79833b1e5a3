import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { ScheduleAndRiskLibHarness } from "../typechain-types";
import { deployFixture, defaultTerms, listedLoan, fundFrom, expectConserved, units, DAY } from "./helpers/fixture";
import { LoanState, RepaymentMethod } from "../lib/enums";

const WAD = 10n ** 18n;
const YEAR = 365 * DAY;

async function deployHarness(): Promise<ScheduleAndRiskLibHarness> {
  return (await ethers.deployContract("ScheduleAndRiskLibHarness")) as unknown as ScheduleAndRiskLibHarness;
}

/**
 * Hand-computed cases of the library functions the LoanBook does not call itself (the annuity instalment, the
 * principal left in an equal-instalment schedule), and of the 0 % equal-instalment branches through the LoanBook.
 */
describe("ScheduleLib on hand-computed cases", function () {
  it("rounds the annuity instalment up: 1 000 units at 10 % a year over 2 years, and at 0 %", async function () {
    const h = await loadFixture(deployHarness);
    const r = await h.periodRateWad(1000, YEAR);
    expect(r).to.equal(WAD / 10n);
    // 1 000 * 0.1 * 1.21 / 0.21 = 576.190476 19...
    expect(await h.instalmentUp(units(1000), r, 2)).to.equal(576_190_477n);
    // without interest: 1 000 / 3 = 333.333333 33..., rounded up
    expect(await h.instalmentUp(units(1000), 0, 3)).to.equal(333_333_334n);
  });

  it("leaves the principal after k equal instalments: what closes the loan less what is due", async function () {
    const h = await loadFixture(deployHarness);
    const r = WAD / 10n;
    // during instalment 1: 1 000 + 10 % interest closes it; 576.190477 of that is the first instalment
    expect(await h.payoffUp(units(1000), RepaymentMethod.EqualInstalment, r, 2, 1)).to.equal(units(1100));
    expect(await h.dueAfterUp(units(1000), RepaymentMethod.EqualInstalment, r, 2, 1)).to.equal(576_190_477n);
    expect(await h.remainingPrincipalUp(units(1000), RepaymentMethod.EqualInstalment, r, 2, 1)).to.equal(523_809_523n);
    expect(await h.remainingPrincipalUp(units(1000), RepaymentMethod.EqualInstalment, r, 2, 2)).to.equal(0n);
    expect(await h.remainingPrincipalUp(units(1000), RepaymentMethod.InterestFirst, r, 2, 1)).to.equal(units(1000));
    expect(await h.remainingPrincipalUp(units(1000), RepaymentMethod.EqualPrincipal, r, 3, 1)).to.equal(666_666_666n);
  });

  it("counts no instalment before the start plus the offset", async function () {
    const h = await loadFixture(deployHarness);
    const start = 1_700_000_000;
    expect(await h.instalmentsPassed(start, 30 * DAY, 12, start + 7 * DAY - 1, 7 * DAY)).to.equal(0n);
    expect(await h.instalmentsPassed(start, 30 * DAY, 12, start - 1, 0)).to.equal(0n);
    expect(await h.instalmentsPassed(start, 30 * DAY, 12, start + 37 * DAY, 7 * DAY)).to.equal(1n);
    expect(await h.instalmentsPassed(start, 30 * DAY, 12, start + 10_000 * DAY, 0)).to.equal(12n);
  });

  it("schedules a 0 % equal-instalment loan at the principal: rounded-up instalments, closed by the principal alone", async function () {
    const f = await loadFixture(deployFixture);
    const terms = defaultTerms({ amount: units(1000), minRaise: units(1000), rateBps: 0, method: RepaymentMethod.EqualInstalment, instalments: 3 });
    const id = await listedLoan(f, terms, { feeBps: 0 });
    await fundFrom(f, id, [[f.investors[0], units(1000)]]);
    await f.loanBook.connect(f.enterprise).disburse(id);
    expect(await f.loanBook.dueAfter(id, 1)).to.equal(333_333_334n);
    expect(await f.loanBook.dueAfter(id, 3)).to.equal(units(1000));
    expect(await f.loanBook.amountToClose(id)).to.equal(units(1000));
    await f.token.connect(f.enterprise).approve(f.loanBook, units(2000));
    await expect(f.loanBook.connect(f.enterprise).repay(id, units(2000))).to.emit(f.loanBook, "LoanClosed").withArgs(id, units(1000));
    expect((await f.loanBook.getLoan(id)).state).to.equal(LoanState.Repaid);
    expect(await f.loanBook.outstandingOf(f.enterprise)).to.equal(0n);
    await expectConserved(f);
  });
});
