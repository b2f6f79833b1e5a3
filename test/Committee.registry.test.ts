import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { deployFixture, govern, listedLoan, fundFrom, activeLoan, units, admissionExpiry, DAY, type Fixture } from "./helpers/fixture";
import { admissionOf, policyObject, spareSigners } from "./helpers/core";
import { expectRefused, balanceDeltas } from "./helpers/loanbook";
import { policyWith, aYearFromNow, mandate, governBy } from "./helpers/committee";
import { AttestationKind, BusinessScale, Role, Status, kindBit } from "../lib/enums";
import { deployProxy } from "../scripts/lib/system";
import type { ParticipantRegistry } from "../typechain-types";

/** A reason in words, as the contracts take it, and the hash their events record beside it. */
const reason = (s: string) => `reason: ${s}`;
const reasonHash = (s: string) => ethers.id(reason(s));
const toJson = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

/** What the registry holds about `accounts`, its members in office, pause, policy and platform contracts. */
async function registryState(f: Fixture, accounts: { getAddress(): Promise<string> }[]): Promise<string> {
  const state: unknown[] = [await f.registry.membersInOffice(), await f.registry.paused(), await f.registry.policy(), await f.registry.isPlatformContract(f.outsider)];
  for (const a of accounts) state.push(await admissionOf(f, a));
  return toJson(state);
}

describe("Committee powers in the registry and the LoanBook", function () {
  let f: Fixture;
  let candidate: HardhatEthersSigner;
  let committee: string;

  describe("deployment", function () {
    it("names the committee and admits the first members as Regulators in office, refusing a zero committee, no members, unmatched credentials and a past expiry", async function () {
      f = await loadFixture(deployFixture);
      const [a, b] = await spareSigners();
      const later = await aYearFromNow();
      const past = BigInt(await time.latest());
      const committeeAddress = await f.committee.getAddress();
      const implementation = await ethers.deployContract("ParticipantRegistry");
      const deploy = (committee_: string, members: string[], credentials: string[], expiry: bigint) =>
        deployProxy<ParticipantRegistry>(implementation, [committee_, members, credentials, expiry, []], f.regulator);
      await expect(deploy(ethers.ZeroAddress, [a.address], [mandate("a")], later)).to.be.revertedWithCustomError(f.registry, "RegistryZeroAddress");
      await expect(deploy(committeeAddress, [], [], later)).to.be.revertedWithCustomError(f.registry, "RegistryInvalidMembers");
      await expect(deploy(committeeAddress, [a.address, b.address], [mandate("a")], later)).to.be.revertedWithCustomError(f.registry, "RegistryInvalidMembers");
      await expect(deploy(committeeAddress, [a.address], [mandate("a"), mandate("b")], later)).to.be.revertedWithCustomError(f.registry, "RegistryInvalidMembers");
      await expect(deploy(committeeAddress, [a.address], [mandate("a")], past)).to.be.revertedWithCustomError(f.registry, "RegistryInvalidExpiry").withArgs(past);
      await expect(deploy(committeeAddress, [a.address, a.address], [mandate("a"), mandate("a")], later)).to.be.revertedWithCustomError(f.registry, "RegistryAlreadyAdmitted").withArgs(a.address);

      const registry = await deploy(committeeAddress, [a.address, b.address], [mandate("a"), mandate("b")], later);
      expect(await registry.committee()).to.equal(committeeAddress);
      expect(await registry.membersInOffice()).to.equal(2n);
      for (const [who, m] of [[a, "a"], [b, "b"]] as const) {
        const p = await registry.participant(who);
        expect([p.role, p.status, p.expiresAt]).to.deep.equal([BigInt(Role.Regulator), BigInt(Status.Active), later]);
        expect(await registry.credentialHash(who)).to.equal(mandate(m));
      }
    });
  });

  describe("refused to a single member, done by the committee", function () {
    beforeEach(async function () {
      f = await loadFixture(deployFixture);
      [candidate] = await spareSigners();
      committee = await f.committee.getAddress();
    });

    it("admits a Regulator", async function () {
      const expiry = await aYearFromNow();
      const args = [candidate.address, Role.Regulator, 0, BusinessScale.None, expiry, mandate("new body")] as const;
      const before = await registryState(f, [candidate]);
      for (const who of [f.regulator, f.regulator2, f.operator]) {
        await expect(f.registry.connect(who).admit(...args)).to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(who.address);
      }
      expect(await registryState(f, [candidate])).to.equal(before);
      await expect(govern(f, f.registry, "admit", args)).to.emit(f.registry, "ParticipantAdmitted")
        .withArgs(candidate.address, Role.Regulator, 0, BusinessScale.None, expiry, mandate("new body"), committee);
      expect(await f.registry.membersInOffice()).to.equal(4n);
      expect(await f.committee.isEligible(candidate, f.registry, f.registry.interface.encodeFunctionData("setPaused", [false]))).to.equal(true);
    });

    it("renews a Regulator, the member itself included", async function () {
      const expiry = await aYearFromNow();
      const before = await registryState(f, [f.regulator, f.regulator2]);
      for (const [who, account] of [[f.regulator, f.regulator], [f.regulator, f.regulator2], [f.regulator3, f.regulator2]]) {
        await expect(f.registry.connect(who).renew(account, expiry, mandate("renewed"))).to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(who.address);
      }
      expect(await registryState(f, [f.regulator, f.regulator2])).to.equal(before);
      await expect(govern(f, f.registry, "renew", [f.regulator2.address, expiry, mandate("renewed")]))
        .to.emit(f.registry, "AdmissionRenewed").withArgs(f.regulator2.address, expiry, mandate("renewed"), committee);
      expect((await f.registry.participant(f.regulator2)).expiresAt).to.equal(expiry);
    });

    it("suspends and reinstates a Regulator: no single member suspends a member, itself included", async function () {
      const before = await registryState(f, [f.regulator, f.regulator2]);
      for (const [who, account] of [[f.regulator, f.regulator2], [f.regulator, f.regulator], [f.regulator2, f.regulator3]]) {
        await expect(f.registry.connect(who).suspend(account, reason("x"))).to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(who.address);
      }
      expect(await registryState(f, [f.regulator, f.regulator2])).to.equal(before);
      await expect(govern(f, f.registry, "suspend", [f.regulator3.address, reason("investigation")]))
        .to.emit(f.registry, "ParticipantSuspended").withArgs(f.regulator3.address, reasonHash("investigation"), reason("investigation"), committee);
      expect(await f.registry.membersInOffice()).to.equal(2n);

      const suspended = await registryState(f, [f.regulator3]);
      await expect(f.registry.connect(f.regulator).reinstate(f.regulator3)).to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(f.regulator.address);
      expect(await registryState(f, [f.regulator3])).to.equal(suspended);
      await expect(govern(f, f.registry, "reinstate", [f.regulator3.address]))
        .to.emit(f.registry, "ParticipantReinstated").withArgs(f.regulator3.address, committee);
      expect(await f.registry.membersInOffice()).to.equal(3n);
    });

    it("revokes anyone, a Regulator or not, for good", async function () {
      const before = await registryState(f, [f.enterprise, f.regulator3]);
      for (const account of [f.enterprise, f.investors[0], f.regulator3]) {
        await expect(f.registry.connect(f.regulator).revoke(account, reason("x"))).to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(f.regulator.address);
      }
      expect(await registryState(f, [f.enterprise, f.regulator3])).to.equal(before);
      await expect(govern(f, f.registry, "revoke", [f.enterprise.address, reason("fraud")]))
        .to.emit(f.registry, "ParticipantRevoked").withArgs(f.enterprise.address, reasonHash("fraud"), reason("fraud"), committee);
      expect(await f.registry.membersInOffice()).to.equal(3n);
      await expect(govern(f, f.registry, "revoke", [f.regulator3.address, reason("mandate withdrawn")]))
        .to.emit(f.registry, "ParticipantRevoked").withArgs(f.regulator3.address, reasonHash("mandate withdrawn"), reason("mandate withdrawn"), committee);
      expect(await f.registry.membersInOffice()).to.equal(2n);
      expect((await f.registry.participant(f.regulator3)).status).to.equal(BigInt(Status.Revoked));
      // Revoked is for good, even for the committee.
      await expect(govern(f, f.registry, "reinstate", [f.regulator3.address])).to.be.revertedWithCustomError(f.registry, "RegistryInvalidStatus").withArgs(f.regulator3.address, Status.Revoked);
    });

    it("reinstates anyone a single member suspended", async function () {
      await expect(f.registry.connect(f.regulator2).suspend(f.enterprise, reason("emergency")))
        .to.emit(f.registry, "ParticipantSuspended").withArgs(f.enterprise.address, reasonHash("emergency"), reason("emergency"), f.regulator2.address);
      const before = await registryState(f, [f.enterprise]);
      for (const who of [f.regulator, f.regulator2]) {
        await expect(f.registry.connect(who).reinstate(f.enterprise)).to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(who.address);
      }
      expect(await registryState(f, [f.enterprise])).to.equal(before);
      await expect(govern(f, f.registry, "reinstate", [f.enterprise.address])).to.emit(f.registry, "ParticipantReinstated").withArgs(f.enterprise.address, committee);
      expect(await f.registry.isActive(f.enterprise)).to.equal(true);
      expect(await f.registry.membersInOffice()).to.equal(3n);
    });

    it("sets the policy, after the notice", async function () {
      const newPolicy = await policyWith(f, { lprBps: 280n, rateCapBps: 1120n });
      const before = await registryState(f, []);
      await expect(f.registry.connect(f.regulator).setPolicy(newPolicy)).to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(f.regulator.address);
      expect(await registryState(f, [])).to.equal(before);
      await expect(govern(f, f.registry, "setPolicy", [newPolicy])).to.emit(f.registry, "PolicySet").withArgs(Object.values(newPolicy), committee);
      expect(policyObject(await f.registry.policy())).to.deep.equal(newPolicy);
    });

    it("names platform contracts", async function () {
      const before = await registryState(f, []);
      await expect(f.registry.connect(f.regulator).setPlatformContract(f.outsider, true)).to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(f.regulator.address);
      expect(await registryState(f, [])).to.equal(before);
      await expect(govern(f, f.registry, "setPlatformContract", [f.outsider.address, true]))
        .to.emit(f.registry, "PlatformContractSet").withArgs(f.outsider.address, true, committee);
      expect(await f.registry.isPlatformContract(f.outsider)).to.equal(true);
    });

    it("unpauses, while any single member pauses", async function () {
      await expect(f.registry.connect(f.regulator3).setPaused(true)).to.emit(f.registry, "PauseSet").withArgs(true, f.regulator3.address);
      const before = await registryState(f, []);
      for (const who of [f.regulator, f.regulator3, f.operator]) {
        await expect(f.registry.connect(who).setPaused(false)).to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(who.address);
      }
      expect(await registryState(f, [])).to.equal(before);
      await expect(govern(f, f.registry, "setPaused", [false])).to.emit(f.registry, "PauseSet").withArgs(false, committee);
      expect(await f.registry.paused()).to.equal(false);
      // Pausing is no committee power: the committee itself is no regulator.
      await expect(govern(f, f.registry, "setPaused", [true])).to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(committee);
    });

    it("unfreezes a loan, while any single member freezes it", async function () {
      const id = await activeLoan(f);
      await expect(f.loanBook.connect(f.regulator2).freeze(id, reason("dispute"))).to.emit(f.loanBook, "LoanFrozen").withArgs(id, f.regulator2.address, reasonHash("dispute"), reason("dispute"));
      for (const who of [f.regulator, f.regulator2]) {
        await expectRefused(f, [id], [], () => expect(f.loanBook.connect(who).unfreeze(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNotCommittee").withArgs(who.address));
      }
      expect((await f.loanBook.getLoan(id)).frozen).to.equal(true);
      await expect(govern(f, f.loanBook, "unfreeze", [id])).to.emit(f.loanBook, "LoanUnfrozen").withArgs(id, committee);
      expect((await f.loanBook.getLoan(id)).frozen).to.equal(false);
    });

    it("sweeps the LoanBook's surplus", async function () {
      const id = await activeLoan(f);
      const to = f.investors[4];
      await f.token.connect(to).transfer(f.loanBook, 7n);
      await expectRefused(f, [id], [to], () => expect(f.loanBook.connect(f.regulator).sweepSurplus(to)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNotCommittee").withArgs(f.regulator.address));
      const deltas = await balanceDeltas(f, [to, f.loanBook], async () => {
        await expect(govern(f, f.loanBook, "sweepSurplus", [to.address])).to.emit(f.loanBook, "SurplusSwept").withArgs(to.address, 7n, committee);
      });
      expect(deltas).to.deep.equal([7n, -7n]);
    });

    it("moves a revoked participant's claims", async function () {
      const id = await listedLoan(f);
      const [a] = f.investors;
      await fundFrom(f, id, [[a, units(10_000)]]);
      await govern(f, f.registry, "revoke", [a.address, reason("licence withdrawn")]);
      const heir = f.investors[5];
      await expectRefused(f, [id], [a, heir], () => expect(f.loanBook.connect(f.regulator).moveClaims([id], a, heir)).to.be.revertedWithCustomError(f.loanBook, "LoanBookNotCommittee").withArgs(f.regulator.address));
      await expect(govern(f, f.loanBook, "moveClaims", [[id], a.address, heir.address])).to.emit(f.loanBook, "ClaimsMoved").withArgs(id, a.address, heir.address, committee);
      expect((await f.loanBook.getPosition(id, heir)).contributed).to.equal(units(10_000));
      expect((await f.loanBook.getPosition(id, a)).contributed).to.equal(0n);
    });
  });

  describe("single-member powers", function () {
    it("pause, freeze, suspend a non-regulator, admit and renew non-regulators, set agency kinds and suitability, each alone", async function () {
      f = await loadFixture(deployFixture);
      const [newInvestor] = await spareSigners();
      const expiry = await admissionExpiry();
      const m = f.regulator3;
      await expect(f.registry.connect(m).admit(newInvestor, Role.Investor, 0, BusinessScale.None, expiry, mandate("investor")))
        .to.emit(f.registry, "ParticipantAdmitted").withArgs(newInvestor.address, Role.Investor, 0, BusinessScale.None, expiry, mandate("investor"), m.address);
      const later = expiry + BigInt(DAY);
      await expect(f.registry.connect(m).renew(f.enterprise, later, mandate("dossier 2"))).to.emit(f.registry, "AdmissionRenewed").withArgs(f.enterprise.address, later, mandate("dossier 2"), m.address);
      const kinds = kindBit(AttestationKind.Identity) | kindBit(AttestationKind.CreditRating) | kindBit(AttestationKind.Audit);
      await expect(f.registry.connect(m).setAgencyKinds(f.rater, kinds)).to.emit(f.registry, "AgencyKindsSet").withArgs(f.rater.address, kinds, m.address);
      await expect(f.registry.connect(m).setSuitability(newInvestor, 3)).to.emit(f.registry, "SuitabilitySet").withArgs(newInvestor.address, 3, m.address);
      await expect(f.registry.connect(m).suspend(f.enterprise2, reason("emergency"))).to.emit(f.registry, "ParticipantSuspended").withArgs(f.enterprise2.address, reasonHash("emergency"), reason("emergency"), m.address);
      const id = await listedLoan(f);
      await expect(f.loanBook.connect(m).freeze(id, reason("dispute"))).to.emit(f.loanBook, "LoanFrozen").withArgs(id, m.address, reasonHash("dispute"), reason("dispute"));
      await expect(f.registry.connect(m).setPaused(true)).to.emit(f.registry, "PauseSet").withArgs(true, m.address);
      // None of them moved the count of members in office.
      expect(await f.registry.membersInOffice()).to.equal(3n);
    });
  });

  describe("members in office", function () {
    it("counts Regulators in status Active through admission, suspension, reinstatement and revocation", async function () {
      f = await loadFixture(deployFixture);
      const [r4, r5] = await spareSigners();
      const count = async () => f.registry.membersInOffice();
      expect(await count()).to.equal(3n);
      for (const r of [r4, r5]) await govern(f, f.registry, "admit", [r.address, Role.Regulator, 0, BusinessScale.None, await aYearFromNow(), mandate("r")]);
      expect(await count()).to.equal(5n);
      await govern(f, f.registry, "suspend", [r4.address, reason("x")]);
      expect(await count()).to.equal(4n);
      await govern(f, f.registry, "revoke", [r4.address, reason("x")]); // already out of office
      expect(await count()).to.equal(4n);
      await govern(f, f.registry, "suspend", [r5.address, reason("x")]);
      await govern(f, f.registry, "reinstate", [r5.address]);
      expect(await count()).to.equal(4n);
      await govern(f, f.registry, "revoke", [r5.address, reason("x")]); // from Active
      expect(await count()).to.equal(3n);
      // A lapsed admission stays in office: it still takes part in renewals.
      const lapse = (await f.registry.participant(f.regulator)).expiresAt;
      await govern(f, f.registry, "renew", [f.regulator2.address, lapse + BigInt(365 * DAY), mandate("r2")]);
      await govern(f, f.registry, "renew", [f.regulator3.address, lapse + BigInt(365 * DAY), mandate("r3")]);
      await time.increaseTo(lapse);
      expect(await f.registry.isActive(f.regulator)).to.equal(false);
      expect(await count()).to.equal(3n);
      // Non-regulators never count.
      const inOffice = [f.regulator2, f.regulator3];
      await f.registry.connect(f.regulator2).suspend(f.enterprise, reason("x"));
      await governBy(f, inOffice, f.registry, "reinstate", [f.enterprise.address]);
      await governBy(f, inOffice, f.registry, "revoke", [f.enterprise.address, reason("x")]);
      expect(await count()).to.equal(3n);
    });

    it("refuses to suspend or revoke a member below the threshold", async function () {
      f = await loadFixture(deployFixture);
      await govern(f, f.registry, "suspend", [f.regulator3.address, reason("investigation")]);
      const before = await registryState(f, [f.regulator, f.regulator2, f.regulator3]);
      await expect(govern(f, f.registry, "suspend", [f.regulator2.address, reason("x")])).to.be.revertedWithCustomError(f.registry, "RegistryBelowThreshold").withArgs(1, 2);
      await expect(govern(f, f.registry, "revoke", [f.regulator2.address, reason("x")])).to.be.revertedWithCustomError(f.registry, "RegistryBelowThreshold").withArgs(1, 2);
      expect(await registryState(f, [f.regulator, f.regulator2, f.regulator3])).to.equal(before);
      // A suspended member is already out of office: revoking it leaves the count as it is.
      await govern(f, f.registry, "revoke", [f.regulator3.address, reason("mandate withdrawn")]);
      expect(await f.registry.membersInOffice()).to.equal(2n);

      // At the threshold of three, no member leaves office at all.
      const g = await loadFixture(deployFixture);
      await govern(g, g.committee, "setThreshold", [3]);
      const all = [g.regulator, g.regulator2, g.regulator3];
      await expect(governBy(g, all, g.registry, "suspend", [g.regulator3.address, reason("x")])).to.be.revertedWithCustomError(g.registry, "RegistryBelowThreshold").withArgs(2, 3);
      await expect(governBy(g, all, g.registry, "revoke", [g.regulator3.address, reason("x")])).to.be.revertedWithCustomError(g.registry, "RegistryBelowThreshold").withArgs(2, 3);
      expect(await g.registry.membersInOffice()).to.equal(3n);
      await governBy(g, all, g.committee, "setThreshold", [2]);
      await governBy(g, [g.regulator, g.regulator2], g.registry, "suspend", [g.regulator3.address, reason("x")]);
      expect(await g.registry.membersInOffice()).to.equal(2n);
    });
  });

  describe("the policy in force at any block, from the events alone", function () {
    it("is the last PolicySet at or before the block, across two changes; the pending one is announced with its eta", async function () {
      f = await loadFixture(deployFixture);
      const first = await policyWith(f, { lprBps: 320n, rateCapBps: 1280n });
      const second = { ...first, feeCapBps: 150n, gracePeriod: BigInt(5 * DAY) };
      await mine(3);
      const firstReceipt = await (await govern(f, f.registry, "setPolicy", [first], "LPR at 3.20 %")).wait();
      await mine(2);
      const proposalId = (await f.committee.proposalCount()) + 1n;
      const secondReceipt = await (await govern(f, f.registry, "setPolicy", [second], "shorter grace, lower fee cap")).wait();
      await mine(2);

      // The pending change was visible before it took effect: the proposal's call and the date it could.
      const [created] = await f.committee.queryFilter(f.committee.filters.ProposalCreated(proposalId));
      expect(created.args.description).to.equal("shorter grace, lower fee cap");
      expect(policyObject(f.registry.interface.decodeFunctionData("setPolicy", created.args.data)[0])).to.deep.equal(second);
      const [queued] = await f.committee.queryFilter(f.committee.filters.ProposalQueued(proposalId));
      const effectiveAt = (await ethers.provider.getBlock(secondReceipt!.blockNumber))!.timestamp;
      expect(BigInt(effectiveAt)).to.be.greaterThanOrEqual(queued.args.eta);
      expect(queued.blockNumber).to.be.lessThan(secondReceipt!.blockNumber);

      const deployedAt = (await f.deployments.ParticipantRegistry.wait())!.blockNumber;
      const events = await f.registry.queryFilter(f.registry.filters.PolicySet(), 0, "latest");
      expect(events.map((e) => e.blockNumber)).to.deep.equal([deployedAt, firstReceipt!.blockNumber, secondReceipt!.blockNumber]);
      const inForceAt = (block: number) => policyObject(events.filter((e) => e.blockNumber <= block).at(-1)!.args.policy);
      const latest = await ethers.provider.getBlockNumber();
      const blocks = [deployedAt, firstReceipt!.blockNumber - 1, firstReceipt!.blockNumber, firstReceipt!.blockNumber + 1, secondReceipt!.blockNumber - 1, secondReceipt!.blockNumber, latest];
      for (const block of blocks) {
        expect(policyObject(await f.registry.policy({ blockTag: block })), `block ${block}`).to.deep.equal(inForceAt(block));
      }
      expect(inForceAt(firstReceipt!.blockNumber - 1)).to.not.deep.equal(first);
      expect(inForceAt(secondReceipt!.blockNumber - 1)).to.deep.equal(first);
      expect(inForceAt(latest)).to.deep.equal(second);
      const by = await f.committee.getAddress();
      expect(events.slice(1).map((e) => e.args.regulator)).to.deep.equal([by, by]);
    });
  });
});
