import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployFixture, defaultTerms, attestForListing, units, type Fixture } from "./helpers/fixture";
import { expectRefused } from "./helpers/loanbook";
import { deployLoanBookLibraries, deployProxy, loanBookFactory } from "../scripts/lib/system";
import type { LoanBook, ERC20ReentrantMock } from "../typechain-types";

/**
 * A second LoanBook wired to a token that calls back into it on every transfer. The real DepositToken has no
 * transfer hooks, so this cannot happen today; the guard protects the book against a future token with callbacks.
 */
async function reentrantBook() {
  const f = await deployFixture();
  const token = (await ethers.deployContract("ERC20ReentrantMock")) as unknown as ERC20ReentrantMock;
  const implementation = await (await loanBookFactory(await deployLoanBookLibraries(f.regulator), f.regulator)).deploy(f.registry, f.attestations, token);
  const book = await deployProxy<LoanBook>(implementation, [], f.regulator);
  for (const who of [...f.investors, f.enterprise]) {
    await token.mint(who, units(1_000_000));
    await token.connect(who).approve(book, ethers.MaxUint256);
  }
  /** Publishes and lists a 1,000-token loan on the second book. */
  const listed = async () => {
    const id = (await book.loanCount()) + 1n;
    await book.connect(f.enterprise).publish(defaultTerms({ amount: units(1_000), minRaise: units(1_000) }), ethers.ZeroHash, "");
    await book.connect(f.operator).openReview(id);
    await book.connect(f.operator).list(id, 0, await attestForListing(f, id, f.enterprise.address));
    return id;
  };
  // The shared assertions read `token` and `loanBook`: point them at the second system.
  const g = { ...f, token, loanBook: book } as unknown as Fixture;
  return { f, g, token, book, listed };
}

describe("LoanBook: reentrancy through a token with transfer hooks", function () {
  it("refuses a fund re-entered from the token's transferFrom", async function () {
    const { f, g, token, book, listed } = await loadFixture(reentrantBook);
    const id = await listed();
    const [a] = f.investors;
    await token.setCallback(book, book.interface.encodeFunctionData("fund", [id, units(1)]));
    await expectRefused(g, [id], [a], () => expect(book.connect(a).fund(id, units(100))).to.be.revertedWithCustomError(book, "ReentrancyGuardReentrantCall"));
  });

  it("refuses every other token-moving entry point re-entered from a fund's transferFrom", async function () {
    const { f, g, token, book, listed } = await loadFixture(reentrantBook);
    const id = await listed();
    const [a] = f.investors;
    const reentries: [string, unknown[]][] = [
      ["postBond", [id, units(1)]],
      ["fundWithPermit", [id, units(1), 0, 0, ethers.ZeroHash, ethers.ZeroHash]],
      ["disburse", [id]],
      ["withdrawFees", []],
      ["claimRecovery", [id]],
      ["releaseBond", [id]],
      ["sweepSurplus", [a.address]],
    ];
    for (const [name, args] of reentries) {
      await token.setCallback(book, book.interface.encodeFunctionData(name as "disburse", args as [bigint]));
      await expectRefused(g, [id], [a], () =>
        expect(book.connect(a).fund(id, units(100)), name).to.be.revertedWithCustomError(book, "ReentrancyGuardReentrantCall"));
    }
    await token.setCallback(ethers.ZeroAddress, "0x");
    await expect(book.connect(a).fund(id, units(100))).to.emit(book, "LoanFunded").withArgs(id, a.address, units(100), units(100));
  });

  it("refuses a refund re-entered from the refund's transfer", async function () {
    const { f, g, token, book, listed } = await loadFixture(reentrantBook);
    const id = await listed();
    const [a] = f.investors;
    await book.connect(a).fund(id, units(100));
    await book.connect(f.enterprise).cancel(id, ethers.ZeroHash);
    await token.setCallback(book, book.interface.encodeFunctionData("refund", [id]));
    await expectRefused(g, [id], [a], () => expect(book.connect(a).refund(id)).to.be.revertedWithCustomError(book, "ReentrancyGuardReentrantCall"));
    await token.setCallback(ethers.ZeroAddress, "0x");
    await book.connect(a).refund(id);
  });

  it("refuses a repay and a claim re-entered from their transfers", async function () {
    const { f, g, token, book, listed } = await loadFixture(reentrantBook);
    const id = await listed();
    const [a] = f.investors;
    await book.connect(a).fund(id, units(1_000));
    await book.connect(f.enterprise).disburse(id);
    await book.connect(f.enterprise).repay(id, units(100));

    await token.setCallback(book, book.interface.encodeFunctionData("repay", [id, units(1)]));
    await expectRefused(g, [id], [a, f.enterprise], () =>
      expect(book.connect(f.enterprise).repay(id, units(10))).to.be.revertedWithCustomError(book, "ReentrancyGuardReentrantCall"));

    await token.setCallback(book, book.interface.encodeFunctionData("claim", [id]));
    await expectRefused(g, [id], [a, f.enterprise], () => expect(book.connect(a).claim(id)).to.be.revertedWithCustomError(book, "ReentrancyGuardReentrantCall"));

    await token.setCallback(ethers.ZeroAddress, "0x");
    await expect(book.connect(a).claim(id)).to.emit(book, "Claimed").withArgs(id, a.address, units(100));
  });
});
