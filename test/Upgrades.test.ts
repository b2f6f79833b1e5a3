import { expect } from "chai";
import { ethers, upgrades } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { BaseContract, ContractFactory } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { activeLoan, attestForListing, DAY, defaultTerms, deployFixture, fundFrom, govern, listedLoan, propose, units, type Fixture } from "./helpers/fixture";
import { deployLoanBookLibraries, loanBookFactory } from "../scripts/lib/system";
import { LoanState } from "../lib/enums";
import type { AttestationRegistryV2Mock, DepositTokenV2Mock, LoanBookV2Mock, ParticipantRegistryV2Mock } from "../typechain-types";

const toJson = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

/** ERC-7201: keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~bytes32(uint256(0xff)). */
function erc7201(id: string): bigint {
  const inner = BigInt(ethers.id(id)) - 1n;
  return BigInt(ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint256"], [inner]))) & ~0xffn;
}

/** The storage slot of `mapping[key]` for a mapping whose own slot is `slot`. */
function mappingSlot(key: string, keyType: string, slot: bigint): bigint {
  return BigInt(ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode([keyType, "uint256"], [key, slot])));
}

/**
 * Validation options for a UUPS implementation built with `constructorArgs` (the plugin reads them to build the
 * deployment it checks, although its option types do not declare them).
 */
function uups(constructorArgs: unknown[]): { kind: "uups" } {
  const opts = { kind: "uups" as const, constructorArgs };
  return opts;
}

async function implementationOf(proxy: BaseContract): Promise<string> {
  return upgrades.erc1967.getImplementationAddress(await proxy.getAddress());
}

/** Factories of the four implementations (the LoanBook linked to freshly deployed libraries). */
async function factories(deployer: HardhatEthersSigner) {
  const libraries = await deployLoanBookLibraries(deployer);
  return {
    libraries,
    ParticipantRegistry: await ethers.getContractFactory("ParticipantRegistry", deployer),
    AttestationRegistry: await ethers.getContractFactory("AttestationRegistry", deployer),
    DepositToken: await ethers.getContractFactory("DepositToken", deployer),
    LoanBook: await loanBookFactory(libraries, deployer),
  };
}

/** Proposes `upgradeToAndCall(implementation, "0x")` on `proxy`, has it approved and waits its notice; returns its id. */
async function queueUpgrade(f: Fixture, proxy: BaseContract, implementation: BaseContract): Promise<bigint> {
  const data = proxy.interface.encodeFunctionData("upgradeToAndCall", [await implementation.getAddress(), "0x"]);
  const id = await propose(f, proxy, data, "install the next version");
  await f.committee.connect(f.regulator2).approve(id);
  const { eta } = await f.committee.getProposal(id);
  expect(eta - (await f.committee.getProposal(id)).queuedAt).to.equal(BigInt(await f.committee.noticePeriod()));
  await time.increaseTo(eta);
  return id;
}

describe("Upgradeability", function () {
  describe("storage layout", function () {
    it("every implementation passes OpenZeppelin's upgrade-safety validation", async function () {
      const [deployer] = await ethers.getSigners();
      const f = await factories(deployer);
      const [registry, attestations, token] = [1, 2, 3].map((i) => ethers.toBeHex(i, 20));
      const cases: [ContractFactory, unknown[]][] = [
        [f.ParticipantRegistry, []],
        [f.AttestationRegistry, [registry]],
        [f.DepositToken, [registry]],
        [f.LoanBook, [registry, attestations, token]],
      ];
      for (const [factory, constructorArgs] of cases) {
        await upgrades.validateImplementation(factory, uups(constructorArgs));
      }
    });

    it("accepts a next version that keeps the layout, and refuses one that inserts a field in the namespaced struct", async function () {
      const [deployer] = await ethers.getSigners();
      const f = await factories(deployer);
      const v2 = await loanBookFactory(f.libraries, deployer, "LoanBookV2Mock");
      const opts = uups([1, 2, 3].map((i) => ethers.toBeHex(i, 20)));
      await upgrades.validateUpgrade(f.LoanBook, v2, opts);
      const inserted = await ethers.getContractFactory("LoanBookInsertedFieldMock", deployer);
      await expect(upgrades.validateUpgrade(f.LoanBook, inserted, opts)).to.be.rejectedWith(/Inserted `insertedCounter`/);
    });

    it("keeps each contract's state at the ERC-7201 location of smefin.storage.<Name>", async function () {
      const f = await loadFixture(deployFixture);
      const at = (contract: BaseContract, slot: bigint) => ethers.provider.getStorage(contract, slot);

      // ParticipantRegistry: field 1 is credentialHash.
      const registrySlot = erc7201("smefin.storage.ParticipantRegistry");
      expect(registrySlot).to.equal(0x7621b1d409d94f613002606d3944e0db248182bc980319e966ef164f095ed000n);
      expect(await at(f.registry, mappingSlot(f.regulator.address, "address", registrySlot + 1n))).to.equal(await f.registry.credentialHash(f.regulator));

      // AttestationRegistry: field 0 is the attestations; their first word starts with the author.
      const attestationSlot = erc7201("smefin.storage.AttestationRegistry");
      expect(attestationSlot).to.equal(0xe1803952a5fae9616ab67c7fab7206179f295eee0ee83eee6270a58173074600n);
      const [uid] = await attestForListing(f, 1n, f.enterprise.address);
      const head = BigInt(await at(f.attestations, mappingSlot(uid, "bytes32", attestationSlot)));
      expect(ethers.getAddress(ethers.toBeHex(head & ((1n << 160n) - 1n), 20))).to.equal(f.rater.address);

      // LoanBook: field 0 is loanCount, field 7 totalHeld.
      const loanBookSlot = erc7201("smefin.storage.LoanBook");
      expect(loanBookSlot).to.equal(0x49abd352f1b498ee5329b6d7a7704706ec858253ec9f915f2d60b987c9f57300n);
      await activeLoan(f);
      expect(BigInt(await at(f.loanBook, loanBookSlot))).to.equal(await f.loanBook.loanCount()).and.to.equal(1n);
      expect(BigInt(await at(f.loanBook, loanBookSlot + 7n))).to.equal(await f.loanBook.totalHeld());
      expect(await f.loanBook.totalHeld()).to.be.greaterThan(0n);

      // DepositToken: no state of its own; balances in OpenZeppelin's ERC-20 namespace.
      const erc20Slot = erc7201("openzeppelin.storage.ERC20");
      expect(BigInt(await at(f.token, mappingSlot(f.investors[5].address, "address", erc20Slot)))).to.equal(await f.token.balanceOf(f.investors[5]));
    });
  });

  describe("who may upgrade", function () {
    it("only the committee, after its notice period, upgrades each contract; a single member or anyone else is refused and nothing changes", async function () {
      const fx = await loadFixture(deployFixture);
      const { registry, attestations, token, loanBook, regulator, outsider } = fx;
      expect(await registry.committee()).to.equal(await fx.committee.getAddress());
      const f = await factories(regulator);
      const cases: [BaseContract, ContractFactory, unknown[], string][] = [
        [registry, f.ParticipantRegistry, [], "RegistryNotCommittee"],
        [attestations, f.AttestationRegistry, [registry], "AttestationNotCommittee"],
        [token, f.DepositToken, [registry], "DepositTokenNotCommittee"],
        [loanBook, f.LoanBook, [registry, attestations, token], "LoanBookNotCommittee"],
      ];
      for (const [proxy, factory, args, error] of cases) {
        const next = await factory.deploy(...args);
        const before = await implementationOf(proxy);
        const upgradeable = proxy as unknown as { connect(s: HardhatEthersSigner): { upgradeToAndCall(to: string, data: string): Promise<unknown> } };
        for (const caller of [regulator, outsider]) {
          await expect(upgradeable.connect(caller).upgradeToAndCall(await next.getAddress(), "0x"))
            .to.be.revertedWithCustomError(proxy, error).withArgs(caller.address);
          expect(await implementationOf(proxy)).to.equal(before);
        }
        await expect(govern(fx, proxy, "upgradeToAndCall", [await next.getAddress(), "0x"]))
          .to.emit(proxy, "Upgraded").withArgs(await next.getAddress());
        expect(await implementationOf(proxy)).to.equal(await next.getAddress());
      }
    });

    it("initializes each proxy once, and never an implementation", async function () {
      const { registry, attestations, token, loanBook, regulator, committee } = await loadFixture(deployFixture);
      const expiry = BigInt((await time.latest()) + 365 * DAY);
      const registryInit: [string, string[], string[], bigint, string[]] = [await committee.getAddress(), [regulator.address], [ethers.ZeroHash], expiry, []];
      await expect(registry.initialize(...registryInit)).to.be.revertedWithCustomError(registry, "InvalidInitialization");
      await expect(attestations.initialize()).to.be.revertedWithCustomError(attestations, "InvalidInitialization");
      await expect(token.initialize("Another", "ANO")).to.be.revertedWithCustomError(token, "InvalidInitialization");
      await expect(loanBook.initialize()).to.be.revertedWithCustomError(loanBook, "InvalidInitialization");
      expect(await registry.committee()).to.equal(await committee.getAddress());
      expect(await token.name()).to.not.equal("Another");

      const at = async <T extends BaseContract>(proxy: T) => proxy.attach(await implementationOf(proxy)) as T;
      await expect((await at(registry)).initialize(...registryInit)).to.be.revertedWithCustomError(registry, "InvalidInitialization");
      await expect((await at(attestations)).initialize()).to.be.revertedWithCustomError(attestations, "InvalidInitialization");
      await expect((await at(token)).initialize("Another", "ANO")).to.be.revertedWithCustomError(token, "InvalidInitialization");
      await expect((await at(loanBook)).initialize()).to.be.revertedWithCustomError(loanBook, "InvalidInitialization");
    });
  });

  describe("upgrading in the middle of live loans", function () {
    /** Loans in every live state: funding, active with repayments and pending claims, late, guaranteed with a bond, cancelled with refunds due. */
    async function liveBook() {
      const f = await deployFixture();
      const [a, b, c, d] = f.investors;
      const repaying = await activeLoan(f, defaultTerms(), { bond: units(30_000), investors: 3 });
      const late = await activeLoan(f, defaultTerms({ amount: units(50_000), minRaise: units(50_000) }), { investors: 2 });
      await time.increase(30 * DAY);
      const instalment = (await f.loanBook.nextInstalment(repaying)).amount;
      await f.token.connect(f.enterprise).approve(f.loanBook, instalment);
      await f.loanBook.connect(f.enterprise).repay(repaying, instalment);
      await f.loanBook.connect(a).claim(repaying);
      await time.increase(8 * DAY);
      await f.loanBook.connect(f.operator).markLate(late);

      const cancelled = await listedLoan(f, defaultTerms(), { by: f.enterprise2 });
      await fundFrom(f, cancelled, [[c, units(5_000)], [d, units(7_000)]]);
      await f.loanBook.connect(f.enterprise2).cancel(cancelled, ethers.id("withdrawn"));
      await f.loanBook.connect(c).refund(cancelled);

      const funding = await listedLoan(f, defaultTerms(), { by: f.enterprise2 });
      await fundFrom(f, funding, [[a, units(20_000)], [b, units(1.5)]]);
      return { f, ids: { funding, repaying, late, cancelled } };
    }

    /** Every figure the LoanBook, the token, the registry and the attestation registry answer with. */
    async function figures(f: Fixture): Promise<string> {
      const signers = (await ethers.getSigners()).slice(0, 20);
      const count = await f.loanBook.loanCount();
      const book: unknown[] = [count, await f.loanBook.totalHeld(), await f.loanBook.surplus()];
      for (let id = 1n; id <= count; id++) {
        const loan = await f.loanBook.getLoan(id);
        book.push(loan, await f.loanBook.getAccounts(id), await f.loanBook.heldFor(id), await f.loanBook.amountToClose(id));
        book.push(await f.loanBook.nextInstalment(id), await f.loanBook.overdue(id, 0), await f.loanBook.dueAfter(id, 1));
        for (const s of signers) book.push(await f.loanBook.getPosition(id, s), await f.loanBook.claimable(id, s), await f.loanBook.serviceRequests(id, s));
      }
      const accounts: unknown[] = [];
      for (const s of signers) {
        accounts.push(await f.loanBook.feesOf(s), await f.loanBook.outstandingOf(s));
        accounts.push(await f.token.balanceOf(s), await f.token.nonces(s), await f.token.allowance(s, f.loanBook));
        accounts.push(await f.registry.participant(s), await f.registry.credentialHash(s), await f.registry.isActive(s));
        accounts.push(await f.attestations.nonces(s));
      }
      const registry = [await f.registry.policy(), await f.registry.paused(), await f.registry.committee(), await f.registry.isPlatformContract(f.loanBook)];
      const attestations: unknown[] = [await f.attestations.domainSeparator()];
      const uids = (await ethers.provider.getLogs({ address: await f.attestations.getAddress(), fromBlock: 0 }))
        .map((log) => f.attestations.interface.parseLog(log))
        .filter((parsed) => parsed?.name === "Attested")
        .map((parsed) => parsed!.args.uid as string);
      expect(uids.length).to.be.greaterThan(5);
      for (const uid of uids) attestations.push(await f.attestations.getAttestation(uid), await f.attestations.isValid(uid));
      const token = [await f.token.totalSupply(), await f.token.balanceOf(f.loanBook), await f.token.DOMAIN_SEPARATOR(), await f.token.name(), await f.token.symbol()];
      return toJson({ book, accounts, registry, attestations, token });
    }

    it("installs a second LoanBook through the committee: every figure unchanged, the new rule in force", async function () {
      const { f, ids } = await loadFixture(liveBook);
      const [, b, c, d] = f.investors;
      expect((await f.loanBook.getLoan(ids.late)).state).to.equal(BigInt(LoanState.Late));
      expect(await f.loanBook.claimable(ids.repaying, b)).to.be.greaterThan(0n);
      expect((await f.loanBook.getAccounts(ids.repaying)).bond).to.equal(units(30_000));
      const libraries = await deployLoanBookLibraries(f.regulator);
      const v2 = await (await loanBookFactory(libraries, f.regulator, "LoanBookV2Mock")).deploy(f.registry, f.attestations, f.token);
      await expect(f.loanBook.connect(f.operator).upgradeToAndCall(v2, "0x"))
        .to.be.revertedWithCustomError(f.loanBook, "LoanBookNotCommittee").withArgs(f.operator.address);
      await expect(f.loanBook.connect(f.regulator).upgradeToAndCall(v2, "0x"))
        .to.be.revertedWithCustomError(f.loanBook, "LoanBookNotCommittee").withArgs(f.regulator.address);
      const id = await queueUpgrade(f, f.loanBook, v2);

      // The figures the moment before the committee executes, and right after.
      const before = await figures(f);
      const claimableOfB = await f.loanBook.claimable(ids.repaying, b);
      await expect(f.committee.connect(f.regulator3).execute(id)).to.emit(f.loanBook, "Upgraded").withArgs(await v2.getAddress());

      expect(await figures(f)).to.equal(before);
      const book = (await ethers.getContractAt("LoanBookV2Mock", f.loanBook)) as unknown as LoanBookV2Mock;
      expect(await upgrades.erc1967.getImplementationAddress(await f.loanBook.getAddress())).to.equal(await v2.getAddress());
      // The new implementation was constructed with the same system addresses.
      expect([await book.registry(), await book.attestations(), await book.token()]).to.deep.equal(
        [await f.registry.getAddress(), await f.attestations.getAddress(), await f.token.getAddress()]);

      // The changed rule: 1.5 tokens, accepted before the upgrade (b's contribution), is now below twice the policy's minimum.
      await f.token.connect(c).approve(f.loanBook, units(1.5));
      await expect(f.loanBook.connect(c).fund(ids.funding, units(1.5)))
        .to.be.revertedWithCustomError(f.loanBook, "LoanBookBelowMinContribution").withArgs(ids.funding, units(1.5), units(2));
      await f.token.connect(c).approve(f.loanBook, units(2));
      await f.loanBook.connect(c).fund(ids.funding, units(2));

      // Every loan carries on where it was: pending claims, the late loan's cure, the bond, the refund.
      await expect(f.loanBook.connect(b).claim(ids.repaying)).to.changeTokenBalance(f.token, b, claimableOfB);
      const cure = await f.loanBook.overdue(ids.late, 0);
      await f.token.connect(f.enterprise).approve(f.loanBook, cure);
      await expect(f.loanBook.connect(f.enterprise).repay(ids.late, cure)).to.emit(f.loanBook, "LoanCured").withArgs(ids.late);
      await expect(f.loanBook.connect(d).refund(ids.cancelled)).to.changeTokenBalance(f.token, d, units(7_000));
      expect((await f.loanBook.getAccounts(ids.repaying)).bond).to.equal(units(30_000));
      const held = await f.loanBook.totalHeld();
      expect(await f.token.balanceOf(f.loanBook)).to.equal(held);
    });

    it("installs a second token, registry and attestation registry: balances, nonces, participants and attestations kept", async function () {
      const { f } = await loadFixture(liveBook);
      const registryV2 = await ethers.deployContract("ParticipantRegistryV2Mock");
      const attestationsV2 = await ethers.deployContract("AttestationRegistryV2Mock", [f.registry]);
      const tokenV2 = await ethers.deployContract("DepositTokenV2Mock", [f.registry]);
      const ids = [await queueUpgrade(f, f.registry, registryV2), await queueUpgrade(f, f.attestations, attestationsV2), await queueUpgrade(f, f.token, tokenV2)];
      const before = await figures(f);
      await expect(f.committee.connect(f.regulator).execute(ids[0])).to.emit(f.registry, "Upgraded").withArgs(await registryV2.getAddress());
      await expect(f.committee.connect(f.regulator).execute(ids[1])).to.emit(f.attestations, "Upgraded");
      await expect(f.committee.connect(f.regulator).execute(ids[2])).to.emit(f.token, "Upgraded");
      expect(await figures(f)).to.equal(before);

      const registry = (await ethers.getContractAt("ParticipantRegistryV2Mock", f.registry)) as unknown as ParticipantRegistryV2Mock;
      const attestations = (await ethers.getContractAt("AttestationRegistryV2Mock", f.attestations)) as unknown as AttestationRegistryV2Mock;
      const token = (await ethers.getContractAt("DepositTokenV2Mock", f.token)) as unknown as DepositTokenV2Mock;
      expect([await registry.version(), await attestations.version(), await token.version()]).to.deep.equal([2n, 2n, 2n]);
      expect([await attestations.registry(), await token.registry()]).to.deep.equal([await f.registry.getAddress(), await f.registry.getAddress()]);

      // The same rules after the upgrade: an outsider still cannot hold the token, the regulator still admits.
      await expect(f.token.connect(f.investors[0]).transfer(f.outsider, 1n)).to.be.revertedWithCustomError(f.token, "DepositTokenHolderNotAllowed");
      await expect(f.attestations.connect(f.outsider).revoke(ethers.ZeroHash, ethers.ZeroHash)).to.be.revertedWithCustomError(f.attestations, "AttestationNotFound");
    });
  });
});
