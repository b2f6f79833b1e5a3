import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployFixture, activeLoan, expectConserved, units, govern, DAY } from "./helpers/fixture";
import { ratingRequest, spareSigners } from "./helpers/core";
import { expectRefused, balanceDeltas } from "./helpers/loanbook";
import { BusinessScale, Role, Status } from "../lib/enums";

describe("Global pause beyond the LoanBook", function () {
  it("stops token transfers, mints, agency attestations, disclosures and operators' suitability records", async function () {
    const f = await loadFixture(deployFixture);
    const [a, b] = f.investors;
    await f.token.connect(a).approve(b, units(10));
    const signatureNonce = await f.attestations.nonces(f.rater);
    await f.registry.connect(f.regulator).setPaused(true);
    const before = await Promise.all([a, b, f.enterprise].map((x) => f.token.balanceOf(x)));
    await expect(f.token.connect(a).transfer(b, 1n)).to.be.revertedWithCustomError(f.token, "DepositTokenPaused");
    await expect(f.token.connect(b).transferFrom(a, b, 1n)).to.be.revertedWithCustomError(f.token, "DepositTokenPaused");
    await expect(f.token.connect(f.custodian).mint(a, 1n, ethers.ZeroHash)).to.be.revertedWithCustomError(f.token, "DepositTokenPaused");
    expect(await Promise.all([a, b, f.enterprise].map((x) => f.token.balanceOf(x)))).to.deep.equal(before);
    await expect(f.attestations.connect(f.rater).attest(ratingRequest())).to.be.revertedWithCustomError(f.registry, "RegistryPaused");
    await expect(f.attestations.connect(f.enterprise).disclose(202601, 1n, ethers.ZeroHash)).to.be.revertedWithCustomError(f.registry, "RegistryPaused");
    await expect(f.registry.connect(f.operator).setSuitability(a, 3)).to.be.revertedWithCustomError(f.registry, "RegistryPaused");
    expect(await f.attestations.nonces(f.rater)).to.equal(signatureNonce);
    await govern(f, f.registry, "setPaused", [false]);
    await f.token.connect(a).transfer(b, 1n);
    await f.attestations.connect(f.rater).attest(ratingRequest());
  });

  it("leaves open repayment, the custodian's burns and the regulator's own actions", async function () {
    const f = await loadFixture(deployFixture);
    const id = await activeLoan(f);
    const [a] = f.investors;
    const [newcomer] = await spareSigners();
    await f.token.connect(f.enterprise).approve(f.loanBook, units(1_000));
    await f.token.connect(a).approve(f.custodian, units(5));
    await f.registry.connect(f.regulator).setPaused(true);
    const [paid] = await balanceDeltas(f, [f.loanBook], () => f.loanBook.connect(f.enterprise).repay(id, units(1)));
    expect(paid).to.equal(units(1));
    const [burnt] = await balanceDeltas(f, [a], () => f.token.connect(f.custodian).burn(a, units(5), ethers.id("withdrawal to bank")));
    expect(burnt).to.equal(-units(5));
    const expiry = BigInt(Math.floor(Date.now() / 1000) + 3650 * DAY);
    await f.registry.connect(f.regulator).admit(newcomer, Role.Investor, 0, BusinessScale.None, expiry, ethers.id("n"));
    await f.registry.connect(f.regulator).setSuitability(newcomer, 2);
    await f.registry.connect(f.regulator).suspend(f.operator, "Inquiry into the listing of loans without ratings.");
    expect((await f.registry.participant(f.operator)).status).to.equal(Status.Suspended);
    await f.loanBook.connect(f.regulator).freeze(id, "Examination of the loan while the platform is paused.");
    await f.attestations.connect(f.regulator).publishNotice(ratingRequest().subject, 1n, ethers.ZeroHash, "The platform is paused while an incident is examined.");
    await govern(f, f.registry, "setPaused", [false]);
    await expectConserved(f);
  });

  it("refuses the LoanBook's own pulls while paused, though the token would let a platform contract pull", async function () {
    const f = await loadFixture(deployFixture);
    const id = await activeLoan(f);
    await f.registry.connect(f.regulator).setPaused(true);
    await expectRefused(f, [id], [f.guarantor], () =>
      expect(f.loanBook.connect(f.guarantor).postBond(id, 1n)).to.be.revertedWithCustomError(f.loanBook, "LoanBookPaused"));
  });
});
