import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { deployFixture, activeLoan, govern, units, DAY, type Fixture } from "./helpers/fixture";
import { spareSigners } from "./helpers/core";
import { TOKEN_NAME, TOKEN_SYMBOL } from "../scripts/lib/system";
import { BusinessScale, LoanState, Role, Status } from "../lib/enums";
import { PERMIT_TYPES } from "./helpers/typedData";

const ref = (s: string) => ethers.id(`bank transfer ${s}`);
/** A reason in words, as the contracts take it. */
const reason = (s: string) => `reason: ${s}`;

type Holder = HardhatEthersSigner | string | { getAddress(): Promise<string> };

/** Balances of `holders` and the total supply, for "nothing moved" checks. */
async function ledger(f: Fixture, holders: Holder[]): Promise<bigint[]> {
  return [await f.token.totalSupply(), ...(await Promise.all(holders.map((h) => f.token.balanceOf(h))))];
}

async function admitShortLived(f: Fixture, account: HardhatEthersSigner, role: number, days = 10): Promise<bigint> {
  const expiry = BigInt((await time.latest()) + days * DAY);
  const scale = role === Role.Enterprise ? BusinessScale.Small : BusinessScale.None;
  await f.registry.admit(account, role, 0, scale, expiry, ethers.id(`short-${account.address}`));
  return expiry;
}

describe("DepositToken", function () {
  it("has 6 decimals, its name and symbol", async function () {
    const f = await loadFixture(deployFixture);
    expect(await f.token.decimals()).to.equal(6);
    expect(await f.token.name()).to.equal(TOKEN_NAME);
    expect(await f.token.symbol()).to.equal(TOKEN_SYMBOL);
  });

  describe("mint", function () {
    it("credits an active participant or a platform contract, with the deposit reference", async function () {
      const f = await loadFixture(deployFixture);
      const investor = f.investors[0];
      const [supply, before] = await ledger(f, [investor]);
      await expect(f.token.connect(f.custodian).mint(investor, units(250), ref("d1")))
        .to.emit(f.token, "Minted").withArgs(investor.address, units(250), ref("d1"), f.custodian.address)
        .and.to.emit(f.token, "Transfer").withArgs(ethers.ZeroAddress, investor.address, units(250));
      expect(await ledger(f, [investor])).to.deep.equal([supply + units(250), before + units(250)]);

      await expect(f.token.connect(f.custodian).mint(f.loanBook, units(5), ref("d2")))
        .to.emit(f.token, "Minted").withArgs(await f.loanBook.getAddress(), units(5), ref("d2"), f.custodian.address);
      expect(await f.token.balanceOf(f.loanBook)).to.equal(units(5));
    });

    it("is refused to anyone but an active custodian", async function () {
      const f = await loadFixture(deployFixture);
      const investor = f.investors[0];
      const before = await ledger(f, [investor]);
      await expect(f.token.connect(f.operator).mint(investor, units(1), ref("x")))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.operator.address, Role.Custodian, Role.Operator);
      await expect(f.token.connect(f.outsider).mint(investor, units(1), ref("x")))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(f.outsider.address);

      await f.registry.suspend(f.custodian, reason("audit"));
      await expect(f.token.connect(f.custodian).mint(investor, units(1), ref("x")))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotActive").withArgs(f.custodian.address, Status.Suspended);
      expect(await ledger(f, [investor])).to.deep.equal(before);

      const [custodian2] = await spareSigners();
      const expiry = await admitShortLived(f, custodian2, Role.Custodian);
      await f.token.connect(custodian2).mint(investor, units(1), ref("before expiry"));
      const afterFirst = await ledger(f, [investor]);
      await time.increaseTo(expiry);
      await expect(f.token.connect(custodian2).mint(investor, units(1), ref("x")))
        .to.be.revertedWithCustomError(f.registry, "RegistryAdmissionExpired").withArgs(custodian2.address, expiry);
      expect(await ledger(f, [investor])).to.deep.equal(afterFirst);
    });

    it("is refused to an unadmitted, suspended, expired or revoked recipient", async function () {
      const f = await loadFixture(deployFixture);
      const [shortLived] = await spareSigners();
      const expiry = await admitShortLived(f, shortLived, Role.Investor);
      await f.registry.suspend(f.investors[0], reason("suspended"));
      await govern(f, f.registry, "revoke", [f.investors[1], reason("revoked")]);
      await time.increaseTo(expiry);
      const recipients = [f.outsider, f.investors[0], shortLived, f.investors[1]];
      const before = await ledger(f, recipients);
      for (const to of recipients) {
        await expect(f.token.connect(f.custodian).mint(to, units(1), ref("x")))
          .to.be.revertedWithCustomError(f.token, "DepositTokenHolderNotAllowed").withArgs(to.address);
      }
      expect(await ledger(f, recipients)).to.deep.equal(before);
    });
  });

  describe("burn", function () {
    it("burns from the custodian's own balance with the redemption reference", async function () {
      const f = await loadFixture(deployFixture);
      await f.token.connect(f.custodian).mint(f.custodian, units(100), ref("own"));
      const [supply, own] = await ledger(f, [f.custodian]);
      await expect(f.token.connect(f.custodian).burn(f.custodian, units(40), ref("r1")))
        .to.emit(f.token, "Burned").withArgs(f.custodian.address, units(40), ref("r1"), f.custodian.address)
        .and.to.emit(f.token, "Transfer").withArgs(f.custodian.address, ethers.ZeroAddress, units(40));
      expect(await ledger(f, [f.custodian])).to.deep.equal([supply - units(40), own - units(40)]);
    });

    it("burns from a holder who approved the custodian, spending the allowance", async function () {
      const f = await loadFixture(deployFixture);
      const investor = f.investors[0];
      await f.token.connect(investor).approve(f.custodian, units(300));
      const [supply, balance] = await ledger(f, [investor]);
      await expect(f.token.connect(f.custodian).burn(investor, units(120), ref("r2")))
        .to.emit(f.token, "Burned").withArgs(investor.address, units(120), ref("r2"), f.custodian.address);
      expect(await ledger(f, [investor])).to.deep.equal([supply - units(120), balance - units(120)]);
      expect(await f.token.allowance(investor, f.custodian)).to.equal(units(180));
    });

    it("refuses to burn from a holder without allowance, or by anyone but an active custodian", async function () {
      const f = await loadFixture(deployFixture);
      const investor = f.investors[0];
      const before = await ledger(f, [investor]);
      await expect(f.token.connect(f.custodian).burn(investor, units(1), ref("x")))
        .to.be.revertedWithCustomError(f.token, "ERC20InsufficientAllowance").withArgs(f.custodian.address, 0, units(1));
      await f.token.connect(investor).approve(f.operator, units(1));
      await expect(f.token.connect(f.operator).burn(investor, units(1), ref("x")))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.operator.address, Role.Custodian, Role.Operator);
      await expect(f.token.connect(investor).burn(investor, units(1), ref("x")))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(investor.address, Role.Custodian, Role.Investor);
      expect(await ledger(f, [investor])).to.deep.equal(before);
      expect(await f.token.allowance(investor, f.operator)).to.equal(units(1));
    });
  });

  describe("transfers", function () {
    it("move between active participants and platform contracts", async function () {
      const f = await loadFixture(deployFixture);
      const [a, b] = f.investors;
      const before = await ledger(f, [a, f.enterprise, f.loanBook]);
      await expect(f.token.connect(a).transfer(f.enterprise, units(10)))
        .to.emit(f.token, "Transfer").withArgs(a.address, f.enterprise.address, units(10));
      await f.token.connect(a).transfer(f.loanBook, units(3));
      await f.token.connect(a).approve(b, units(7));
      await f.token.connect(b).transferFrom(a, f.enterprise, units(7));
      expect(await ledger(f, [a, f.enterprise, f.loanBook])).to.deep.equal([
        before[0],
        before[1] - units(20),
        before[2] + units(17),
        before[3] + units(3),
      ]);
    });

    it("refuse a recipient that may not hold the token", async function () {
      const f = await loadFixture(deployFixture);
      const [a, b, c] = f.investors;
      const [shortLived] = await spareSigners();
      const expiry = await admitShortLived(f, shortLived, Role.Investor);
      await f.registry.suspend(b, reason("suspended"));
      await govern(f, f.registry, "revoke", [c, reason("revoked")]);
      await time.increaseTo(expiry);
      const recipients = [f.outsider, b, c, shortLived];
      const before = await ledger(f, [a, ...recipients]);
      await f.token.connect(a).approve(f.investors[3], units(10));
      for (const to of recipients) {
        await expect(f.token.connect(a).transfer(to, units(1)))
          .to.be.revertedWithCustomError(f.token, "DepositTokenHolderNotAllowed").withArgs(to.address);
        await expect(f.token.connect(f.investors[3]).transferFrom(a, to, units(1)))
          .to.be.revertedWithCustomError(f.token, "DepositTokenHolderNotAllowed").withArgs(to.address);
      }
      expect(await ledger(f, [a, ...recipients])).to.deep.equal(before);
      expect(await f.token.allowance(a, f.investors[3])).to.equal(units(10));
    });

    it("refuse a sender that may not hold the token, even towards an active participant", async function () {
      const f = await loadFixture(deployFixture);
      const [a, b, c, d] = f.investors;
      const [shortLived] = await spareSigners();
      const expiry = await admitShortLived(f, shortLived, Role.Investor);
      await f.token.connect(f.custodian).mint(shortLived, units(50), ref("short"));
      await f.registry.suspend(b, reason("suspended"));
      await govern(f, f.registry, "revoke", [c, reason("revoked")]);
      await time.increaseTo(expiry);
      const senders = [b, c, shortLived];
      const before = await ledger(f, [a, f.loanBook, ...senders]);
      for (const from of senders) {
        await expect(f.token.connect(from).transfer(a, units(1)))
          .to.be.revertedWithCustomError(f.token, "DepositTokenHolderNotAllowed").withArgs(from.address);
        // Towards a platform contract too, when it is not the platform contract itself pulling.
        await expect(f.token.connect(from).transfer(f.loanBook, units(1)))
          .to.be.revertedWithCustomError(f.token, "DepositTokenHolderNotAllowed").withArgs(from.address);
        await f.token.connect(from).approve(d, units(1));
        await expect(f.token.connect(d).transferFrom(from, a, units(1)))
          .to.be.revertedWithCustomError(f.token, "DepositTokenHolderNotAllowed").withArgs(from.address);
        // An active participant pulling into itself is no platform contract.
        await expect(f.token.connect(d).transferFrom(from, d, units(1)))
          .to.be.revertedWithCustomError(f.token, "DepositTokenHolderNotAllowed").withArgs(from.address);
      }
      expect(await ledger(f, [a, f.loanBook, ...senders])).to.deep.equal(before);
    });
  });

  describe("permit (ERC-2612)", function () {
    it("sets an allowance from the holder's typed-data signature, once", async function () {
      const f = await loadFixture(deployFixture);
      const [owner, spender] = f.investors;
      const relayer = f.outsider;
      const domain = {
        name: TOKEN_NAME,
        version: "1",
        chainId: (await ethers.provider.getNetwork()).chainId,
        verifyingContract: await f.token.getAddress(),
      };
      const types = PERMIT_TYPES;
      const nonce = await f.token.nonces(owner);
      const deadline = BigInt((await time.latest()) + DAY);
      const value = units(75);
      const sig = ethers.Signature.from(await owner.signTypedData(domain, types, { owner: owner.address, spender: spender.address, value, nonce, deadline }));

      await f.token.connect(relayer).permit(owner, spender, value, deadline, sig.v, sig.r, sig.s);
      expect(await f.token.allowance(owner, spender)).to.equal(value);
      expect(await f.token.nonces(owner)).to.equal(nonce + 1n);

      // Replay: the nonce moved on, so the same signature now recovers someone else.
      await f.token.connect(spender).transferFrom(owner, spender, units(25));
      const recoveredOnReplay = ethers.verifyTypedData(domain, types, { owner: owner.address, spender: spender.address, value, nonce: nonce + 1n, deadline }, sig);
      expect(recoveredOnReplay).to.not.equal(owner.address);
      await expect(f.token.connect(relayer).permit(owner, spender, value, deadline, sig.v, sig.r, sig.s))
        .to.be.revertedWithCustomError(f.token, "ERC2612InvalidSigner").withArgs(recoveredOnReplay, owner.address);
      expect(await f.token.allowance(owner, spender)).to.equal(units(50));
      expect(await f.token.nonces(owner)).to.equal(nonce + 1n);

      // Past its deadline.
      const late = BigInt(await time.latest());
      const lateSig = ethers.Signature.from(await owner.signTypedData(domain, types, { owner: owner.address, spender: spender.address, value, nonce: nonce + 1n, deadline: late }));
      await expect(f.token.connect(relayer).permit(owner, spender, value, late, lateSig.v, lateSig.r, lateSig.s))
        .to.be.revertedWithCustomError(f.token, "ERC2612ExpiredSignature").withArgs(late);
      expect(await f.token.nonces(owner)).to.equal(nonce + 1n);
    });
  });

  describe("the repayment exception", function () {
    it("lets the LoanBook pull a repayment from a suspended enterprise", async function () {
      const f = await loadFixture(deployFixture);
      const id = await activeLoan(f);
      await f.registry.suspend(f.enterprise, reason("frozen participant"));
      const amount = units(1_000);
      await f.token.connect(f.enterprise).approve(f.loanBook, amount);
      const before = await ledger(f, [f.enterprise, f.loanBook]);
      await expect(f.loanBook.connect(f.enterprise).repay(id, amount))
        .to.emit(f.token, "Transfer").withArgs(f.enterprise.address, await f.loanBook.getAddress(), amount);
      expect(await ledger(f, [f.enterprise, f.loanBook])).to.deep.equal([before[0], before[1] - amount, before[2] + amount]);
      expect((await f.loanBook.getAccounts(id)).repaid).to.equal(amount);
      expect((await f.loanBook.getLoan(id)).state).to.equal(LoanState.Active);

      // The same suspended enterprise cannot pay anyone else.
      await expect(f.token.connect(f.enterprise).transfer(f.investors[0], units(1)))
        .to.be.revertedWithCustomError(f.token, "DepositTokenHolderNotAllowed").withArgs(f.enterprise.address);
    });

    it("is reserved to platform contracts pulling into themselves", async function () {
      const f = await loadFixture(deployFixture);
      const puller = await ethers.deployContract("TokenSpenderMock");
      // An admitted, active contract that is not a platform contract.
      await f.registry.admit(puller, Role.Investor, 0, BusinessScale.None, BigInt((await time.latest()) + 365 * DAY), ethers.id("puller"));
      await f.registry.suspend(f.enterprise, reason("frozen participant"));
      await f.token.connect(f.enterprise).approve(puller, units(10));
      const before = await ledger(f, [f.enterprise, puller, f.investors[0]]);
      await expect(puller.pull(f.token, f.enterprise, units(1)))
        .to.be.revertedWithCustomError(f.token, "DepositTokenHolderNotAllowed").withArgs(f.enterprise.address);
      expect(await ledger(f, [f.enterprise, puller, f.investors[0]])).to.deep.equal(before);

      // Once the committee makes it a platform contract, it may pull into itself, but not to someone else.
      await govern(f, f.registry, "setPlatformContract", [puller, true]);
      await expect(puller.pullTo(f.token, f.enterprise, f.investors[0], units(1)))
        .to.be.revertedWithCustomError(f.token, "DepositTokenHolderNotAllowed").withArgs(f.enterprise.address);
      expect(await ledger(f, [f.enterprise, puller, f.investors[0]])).to.deep.equal(before);
      await puller.pull(f.token, f.enterprise, units(1));
      expect(await ledger(f, [f.enterprise, puller, f.investors[0]])).to.deep.equal([before[0], before[1] - units(1), before[2] + units(1), before[3]]);
    });
  });
});
