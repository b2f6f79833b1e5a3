import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployFixture, activeLoan, expectConserved, govern, units } from "./helpers/fixture";
import { expectRefused, balanceDeltas } from "./helpers/loanbook";
import { Role } from "../lib/enums";

describe("LoanBook: surplus", function () {
  it("shows tokens sent to it outside any loan as surplus, which keeps conservation exact", async function () {
    const f = await loadFixture(deployFixture);
    await activeLoan(f);
    await expectConserved(f);
    await f.token.connect(f.investors[4]).transfer(f.loanBook, 1n);
    await f.token.connect(f.custodian).mint(f.loanBook, units(5), ethers.id("misdirected deposit"));
    expect(await f.loanBook.surplus()).to.equal(units(5) + 1n);
    await expectConserved(f, units(5) + 1n);
  });

  it("is swept by the committee, and only the surplus, to the account it names", async function () {
    const f = await loadFixture(deployFixture);
    const id = await activeLoan(f);
    await f.token.connect(f.investors[4]).transfer(f.loanBook, 7n);
    const to = f.investors[4];
    for (const by of [f.regulator, f.operator, f.custodian, f.investors[0]]) {
      await expectRefused(f, [id], [to], () =>
        expect(f.loanBook.connect(by).sweepSurplus(to)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNotCommittee").withArgs(by.address));
    }
    const deltas = await balanceDeltas(f, [to, f.loanBook], async () => {
      await expect(govern(f, f.loanBook, "sweepSurplus", [to])).to.emit(f.loanBook, "SurplusSwept").withArgs(to.address, 7n, await f.committee.getAddress());
    });
    expect(deltas).to.deep.equal([7n, -7n]);
    await expectConserved(f);
    await expectRefused(f, [id], [to], () =>
      expect(govern(f, f.loanBook, "sweepSurplus", [to])).to.be.revertedWithCustomError(f.loanBook, "LoanBookNoSurplus"));
  });

  it("cannot be swept to an account that may not hold the token", async function () {
    const f = await loadFixture(deployFixture);
    const id = await activeLoan(f);
    await f.token.connect(f.investors[4]).transfer(f.loanBook, 7n);
    await expectRefused(f, [id], [f.outsider], () =>
      expect(govern(f, f.loanBook, "sweepSurplus", [f.outsider])).to.be.revertedWithCustomError(f.token, "DepositTokenHolderNotAllowed").withArgs(f.outsider.address));
    expect((await f.registry.participant(f.outsider)).role).to.equal(Role.None);
    await expectConserved(f, 7n);
  });
});
