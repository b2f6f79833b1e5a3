import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployFixture, defaultTerms, listedLoan, fundFrom, expectConserved, units, DAY, type Fixture } from "./helpers/fixture";
import { LoanState, RepaymentMethod, nameOf } from "../lib/enums";

/** The seven steps of the financing flow, once per repayment method. */
describe("LoanBook: the seven steps end to end", function () {
  for (const method of Object.values(RepaymentMethod)) {
    it(`publishes, reviews, attests, lists, funds, disburses and repays in full (${nameOf(RepaymentMethod, method)})`, async function () {
      const f: Fixture = await loadFixture(deployFixture);
      const terms = defaultTerms({ method, amount: units(90_000), minRaise: units(50_000) });
      const [a, b, c] = f.investors;

      const id = await listedLoan(f, terms, { bond: units(20_000), feeBps: 150 });
      expect((await f.loanBook.getLoan(id)).state).to.equal(LoanState.Listed);
      await expectConserved(f);

      await fundFrom(f, id, [[a, units(10_000)], [b, units(30_000)], [c, units(50_000)]]);
      expect((await f.loanBook.getLoan(id)).state).to.equal(LoanState.Funded);
      await expectConserved(f);

      const enterpriseBefore = await f.token.balanceOf(f.enterprise);
      const operatorBefore = await f.token.balanceOf(f.operator);
      await f.loanBook.connect(f.enterprise).disburse(id);
      const fee = (units(90_000) * 150n) / 10_000n;
      expect(await f.loanBook.feesOf(f.operator)).to.equal(fee);
      await expect(f.loanBook.connect(f.operator).withdrawFees()).to.emit(f.loanBook, "FeesWithdrawn").withArgs(f.operator.address, fee);
      expect(await f.token.balanceOf(f.operator)).to.equal(operatorBefore + fee);
      expect(await f.token.balanceOf(f.enterprise)).to.equal(enterpriseBefore + units(90_000) - fee);
      await expectConserved(f);

      // Pay every instalment on its due date, claiming along the way.
      let paidTotal = 0n;
      for (let k = 1; k <= terms.instalments; k++) {
        await time.increaseTo((await f.loanBook.getLoan(id)).startedAt + BigInt(k * terms.periodLength) - 60n);
        const [, , amountDue] = await f.loanBook.nextInstalment(id);
        await f.token.connect(f.enterprise).approve(f.loanBook, amountDue);
        await f.loanBook.connect(f.enterprise).repay(id, amountDue);
        paidTotal += amountDue;
        if (k % 4 === 0) await f.loanBook.connect(b).claim(id);
        await expectConserved(f);
      }
      expect((await f.loanBook.getLoan(id)).state).to.equal(LoanState.Repaid);
      expect(paidTotal).to.equal(await f.loanBook.dueAfter(id, terms.instalments));
      expect(paidTotal).to.be.greaterThan(units(90_000));

      for (const inv of [a, b, c]) {
        if ((await f.loanBook.claimable(id, inv)) > 0n) await f.loanBook.connect(inv).claim(id);
      }
      const acc = await f.loanBook.getAccounts(id);
      expect(acc.distributed).to.equal(paidTotal);
      // Investors got their pro-rata share, rounded down: at most one unit of dust per investor stays.
      expect(acc.distributed - acc.claimed).to.be.lessThanOrEqual(3n);
      await f.loanBook.connect(f.guarantor).releaseBond(id);
      await expectConserved(f);
      void DAY;
    });
  }
});
