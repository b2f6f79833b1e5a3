import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployFixture, govern, propose, NOTICE_PERIOD, DAY, type Fixture } from "./helpers/fixture";
import { admissionOf, policyObject } from "./helpers/core";
import {
  ProposalState, PROPOSAL_LIFETIME, EXECUTION_WINDOW, committeeState, policyWith, aYearFromNow, registryCall, committeeCall, mandate,
} from "./helpers/committee";
import { Status } from "../lib/enums";
import type { SupervisoryCommittee, SupervisoryCommitteeV2Mock } from "../typechain-types";

const IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";
/** A reason in words, as the contracts take it, and the hash their events record beside it. */
const reason = (s: string) => `reason: ${s}`;
const reasonHash = (s: string) => ethers.id(reason(s));

/** The committee of three with regulator2 and regulator3 renewed for ten years: `regulator` lapses first. */
async function regulatorLapsesFirstFixture(): Promise<Fixture> {
  const f = await deployFixture();
  const tenYears = BigInt((await time.latest()) + 10 * 365 * DAY);
  await govern(f, f.registry, "renew", [f.regulator2.address, tenYears, mandate("regulator2")]);
  await govern(f, f.registry, "renew", [f.regulator3.address, tenYears, mandate("regulator3")]);
  return f;
}

/** Every member's admission has lapsed (all three were admitted until the same date). */
async function allLapsedFixture(): Promise<Fixture> {
  const f = await deployFixture();
  await time.increaseTo((await f.registry.participant(f.regulator)).expiresAt);
  return f;
}

/** Pins the next block's timestamp to one second after the latest, and returns it. */
async function nextBlockTime(): Promise<number> {
  const at = (await time.latest()) + 1;
  await time.setNextBlockTimestamp(at);
  return at;
}

async function implementationOf(proxy: { getAddress(): Promise<string> }): Promise<string> {
  const word = await ethers.provider.getStorage(await proxy.getAddress(), IMPLEMENTATION_SLOT);
  return ethers.getAddress(ethers.dataSlice(word, 12));
}

/** A call the committee can make at once: unpausing (after one member paused). */
async function unpauseCall(f: Fixture): Promise<string> {
  await f.registry.connect(f.regulator).setPaused(true);
  return registryCall(f, "setPaused", [false]);
}

describe("SupervisoryCommittee", function () {
  describe("initialize", function () {
    it("sets the registry, threshold and notice period once, on the proxy only", async function () {
      const f = await loadFixture(deployFixture);
      expect(await f.committee.registry()).to.equal(await f.registry.getAddress());
      expect(await f.committee.threshold()).to.equal(2n);
      expect(await f.committee.noticePeriod()).to.equal(BigInt(NOTICE_PERIOD));
      expect(await f.registry.committee()).to.equal(await f.committee.getAddress());
      const before = await committeeState(f);
      await expect(f.committee.initialize(f.outsider, 1, DAY)).to.be.revertedWithCustomError(f.committee, "InvalidInitialization");
      expect(await committeeState(f)).to.equal(before);

      const implementation = await ethers.getContractAt("SupervisoryCommittee", await implementationOf(f.committee));
      await expect(implementation.initialize(f.registry, 1, DAY)).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
      expect(await implementation.threshold()).to.equal(0n);
      expect(await implementation.registry()).to.equal(ethers.ZeroAddress);
    });

    it("refuses a zero registry, a threshold of 0 or above the members in office, and a notice out of bounds", async function () {
      const f = await loadFixture(deployFixture);
      const implementation = await ethers.deployContract("SupervisoryCommittee");
      const deployProxy = (registry: string, threshold: number, notice: number) =>
        ethers.deployContract("ERC1967Proxy", [implementation, implementation.interface.encodeFunctionData("initialize", [registry, threshold, notice])]);
      const registry = await f.registry.getAddress();
      await expect(deployProxy(ethers.ZeroAddress, 1, DAY)).to.be.revertedWithCustomError(implementation, "CommitteeZeroAddress");
      await expect(deployProxy(registry, 0, DAY)).to.be.revertedWithCustomError(implementation, "CommitteeInvalidThreshold").withArgs(0, 3);
      await expect(deployProxy(registry, 4, DAY)).to.be.revertedWithCustomError(implementation, "CommitteeInvalidThreshold").withArgs(4, 3);
      await expect(deployProxy(registry, 1, DAY - 1)).to.be.revertedWithCustomError(implementation, "CommitteeInvalidNoticePeriod").withArgs(DAY - 1);
      await expect(deployProxy(registry, 1, 30 * DAY + 1)).to.be.revertedWithCustomError(implementation, "CommitteeInvalidNoticePeriod").withArgs(30 * DAY + 1);
      // The bounds themselves are accepted, and so is a threshold equal to the members in office.
      for (const [threshold, notice] of [[3, DAY], [1, 30 * DAY]]) {
        const proxy = await deployProxy(registry, threshold, notice);
        const committee = await ethers.getContractAt("SupervisoryCommittee", await proxy.getAddress());
        await expect(proxy.deploymentTransaction()).to.emit(committee, "ThresholdSet").withArgs(threshold)
          .and.to.emit(committee, "NoticePeriodSet").withArgs(notice);
        expect([await committee.threshold(), await committee.noticePeriod()]).to.deep.equal([BigInt(threshold), BigInt(notice)]);
      }
    });
  });

  describe("propose", function () {
    it("records the call, emits the description and expiry, and counts the proposer's approval", async function () {
      const f = await loadFixture(deployFixture);
      const data = registryCall(f, "setPaused", [false]);
      const at = (await time.latest()) + 100;
      await time.setNextBlockTimestamp(at);
      const description = "Resume the platform after the incident of 3 March";
      await expect(f.committee.connect(f.regulator3).propose(f.registry, data, description))
        .to.emit(f.committee, "ProposalCreated").withArgs(1, f.regulator3.address, await f.registry.getAddress(), data, description, at + PROPOSAL_LIFETIME)
        .and.to.emit(f.committee, "ProposalApproved").withArgs(1, f.regulator3.address, 1)
        .and.not.to.emit(f.committee, "ProposalQueued");
      const p = await f.committee.getProposal(1);
      expect(p.proposer).to.equal(f.regulator3.address);
      expect(p.target).to.equal(await f.registry.getAddress());
      expect(p.data).to.equal(data);
      expect(p.createdAt).to.equal(BigInt(at));
      expect(p.descriptionHash).to.equal(ethers.id(description));
      expect([p.queuedAt, p.eta, p.executed, p.cancelled]).to.deep.equal([0n, 0n, false, false]);
      expect(p.approvers).to.deep.equal([f.regulator3.address]);
      expect(await f.committee.hasApproved(1, f.regulator3)).to.equal(true);
      expect(await f.committee.hasApproved(1, f.regulator)).to.equal(false);
      expect(await f.committee.state(1)).to.equal(ProposalState.Pending);
      expect(await f.committee.proposalCount()).to.equal(1n);
    });

    it("queues at once when the threshold is one", async function () {
      const f = await loadFixture(deployFixture);
      await govern(f, f.committee, "setThreshold", [1]);
      const data = registryCall(f, "setPaused", [false]);
      const id = (await f.committee.proposalCount()) + 1n;
      const at = await nextBlockTime();
      await expect(f.committee.connect(f.regulator2).propose(f.registry, data, "resume")).to.emit(f.committee, "ProposalQueued").withArgs(id, at);
      expect(await f.committee.state(id)).to.equal(ProposalState.Ready);
    });

    it("refuses a non-member, a suspended member, a lapsed member, a zero target and data shorter than a selector", async function () {
      const f = await loadFixture(regulatorLapsesFirstFixture);
      const data = registryCall(f, "setPaused", [false]);
      await govern(f, f.registry, "suspend", [f.regulator3.address, reason("mandate withdrawn")]);
      const before = await committeeState(f);
      for (const who of [f.outsider, f.operator, f.enterprise]) {
        await expect(f.committee.connect(who).propose(f.registry, data, "x")).to.be.revertedWithCustomError(f.committee, "CommitteeNotMember").withArgs(who.address);
      }
      await expect(f.committee.connect(f.regulator3).propose(f.registry, data, "x")).to.be.revertedWithCustomError(f.committee, "CommitteeNotMember").withArgs(f.regulator3.address);
      await expect(f.committee.connect(f.regulator).propose(ethers.ZeroAddress, data, "x")).to.be.revertedWithCustomError(f.committee, "CommitteeZeroAddress");
      for (const short of ["0x", "0x12", "0x123456"]) {
        await expect(f.committee.connect(f.regulator).propose(f.registry, short, "x")).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidCall");
      }
      await time.increaseTo((await f.registry.participant(f.regulator)).expiresAt);
      await expect(f.committee.connect(f.regulator).propose(f.registry, data, "x")).to.be.revertedWithCustomError(f.committee, "CommitteeNotMember").withArgs(f.regulator.address);
      expect(await committeeState(f)).to.equal(before);
      // A member in office proposes the same call.
      await f.committee.connect(f.regulator2).propose(f.registry, data, "x");
    });
  });

  describe("approve", function () {
    it("queues with eta = now for a call that needs no notice, and later approvals add to it without re-queuing", async function () {
      const f = await loadFixture(deployFixture);
      const id = await propose(f, f.committee, committeeCall(f, "setThreshold", [3]));
      const now = await nextBlockTime();
      await expect(f.committee.connect(f.regulator2).approve(id)).to.emit(f.committee, "ProposalApproved").withArgs(id, f.regulator2.address, 2)
        .and.to.emit(f.committee, "ProposalQueued").withArgs(id, now);
      const p = await f.committee.getProposal(id);
      expect([p.queuedAt, p.eta]).to.deep.equal([BigInt(now), BigInt(now)]);
      expect(await f.committee.state(id)).to.equal(ProposalState.Ready);
      await expect(f.committee.connect(f.regulator3).approve(id)).to.emit(f.committee, "ProposalApproved").withArgs(id, f.regulator3.address, 3)
        .and.not.to.emit(f.committee, "ProposalQueued");
      expect((await f.committee.getProposal(id)).eta).to.equal(BigInt(now));
    });

    it("queues with eta = now + notice for a policy change, an upgrade of any contract and a change of the notice period", async function () {
      const f = await loadFixture(deployFixture);
      const implementation = await ethers.deployContract("SupervisoryCommittee");
      const calls: [string, string][] = [
        [await f.registry.getAddress(), registryCall(f, "setPolicy", [await policyWith(f, { lprBps: 310n })])],
        [await f.committee.getAddress(), committeeCall(f, "setNoticePeriod", [5 * DAY])],
        [await f.committee.getAddress(), committeeCall(f, "upgradeToAndCall", [await implementation.getAddress(), "0x"])],
        [await f.loanBook.getAddress(), committeeCall(f, "upgradeToAndCall", [await implementation.getAddress(), "0x"])],
      ];
      for (const [target, data] of calls) {
        expect(await f.committee.requiresNotice(target, data)).to.equal(true);
        const id = await propose(f, target, data);
        const at = await nextBlockTime();
        await expect(f.committee.connect(f.regulator2).approve(id)).to.emit(f.committee, "ProposalQueued").withArgs(id, at + NOTICE_PERIOD);
        expect(await f.committee.state(id)).to.equal(ProposalState.Queued);
      }
      // The same selectors on another target, and the committee's other settings, need no notice.
      expect(await f.committee.requiresNotice(f.loanBook, calls[0][1])).to.equal(false);
      expect(await f.committee.requiresNotice(f.registry, calls[1][1])).to.equal(false);
      expect(await f.committee.requiresNotice(f.committee, committeeCall(f, "setThreshold", [1]))).to.equal(false);
      expect(await f.committee.requiresNotice(f.registry, registryCall(f, "setPaused", [false]))).to.equal(false);
    });

    it("refuses a second approval, a non-member, an unknown proposal, and an expired, executed or cancelled proposal", async function () {
      const f = await loadFixture(deployFixture);
      const data = committeeCall(f, "setThreshold", [3]);
      const pending = await propose(f, f.committee, data);
      const ready = await propose(f, f.committee, data);
      await f.committee.connect(f.regulator2).approve(ready);
      const executed = await propose(f, f.committee, committeeCall(f, "setThreshold", [2]));
      await f.committee.connect(f.regulator2).approve(executed);
      await f.committee.connect(f.regulator2).execute(executed);
      const cancelled = await propose(f, f.committee, data);
      await f.committee.connect(f.regulator).cancel(cancelled);

      const before = await committeeState(f);
      await expect(f.committee.connect(f.regulator).approve(pending)).to.be.revertedWithCustomError(f.committee, "CommitteeAlreadyApproved").withArgs(pending, f.regulator.address);
      await expect(f.committee.connect(f.regulator2).approve(ready)).to.be.revertedWithCustomError(f.committee, "CommitteeAlreadyApproved").withArgs(ready, f.regulator2.address);
      await expect(f.committee.connect(f.outsider).approve(pending)).to.be.revertedWithCustomError(f.committee, "CommitteeNotMember").withArgs(f.outsider.address);
      await expect(f.committee.connect(f.regulator2).approve(99)).to.be.revertedWithCustomError(f.committee, "CommitteeUnknownProposal").withArgs(99);
      await expect(f.committee.connect(f.regulator3).approve(executed)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(executed, ProposalState.Executed);
      await expect(f.committee.connect(f.regulator3).approve(cancelled)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(cancelled, ProposalState.Cancelled);
      expect(await committeeState(f)).to.equal(before);

      // A pending proposal expires PROPOSAL_LIFETIME after its creation.
      const { createdAt } = await f.committee.getProposal(pending);
      await time.setNextBlockTimestamp(createdAt + BigInt(PROPOSAL_LIFETIME) - 1n);
      await f.committee.connect(f.regulator3).approve(ready); // a block one second before the pending one expires
      expect(await f.committee.state(pending)).to.equal(ProposalState.Pending);
      await time.increase(1);
      expect(await f.committee.state(pending)).to.equal(ProposalState.Expired);
      const expiredBefore = await committeeState(f);
      await expect(f.committee.connect(f.regulator2).approve(pending)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(pending, ProposalState.Expired);
      await expect(f.committee.connect(f.regulator2).execute(pending)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(pending, ProposalState.Expired);
      expect(await committeeState(f)).to.equal(expiredBefore);
    });
  });

  describe("execute", function () {
    it("calls the target once the notice is over, as the committee, and marks the proposal executed", async function () {
      const f = await loadFixture(deployFixture);
      const oldPolicy = policyObject(await f.registry.policy());
      const newPolicy = await policyWith(f, { lprBps: 350n, rateCapBps: 1400n });
      const id = await propose(f, f.registry, registryCall(f, "setPolicy", [newPolicy]));
      await f.committee.connect(f.regulator3).approve(id);
      const { eta } = await f.committee.getProposal(id);
      await time.setNextBlockTimestamp(eta - 1n);
      await expect(f.committee.connect(f.regulator).execute(id)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(id, ProposalState.Queued);
      expect(policyObject(await f.registry.policy())).to.deep.equal(oldPolicy);
      await expect(f.committee.connect(f.regulator2).execute(id))
        .to.emit(f.committee, "ProposalExecuted").withArgs(id, f.regulator2.address)
        .and.to.emit(f.registry, "PolicySet").withArgs(Object.values(newPolicy), await f.committee.getAddress());
      expect(policyObject(await f.registry.policy())).to.deep.equal(newPolicy);
      expect(await f.committee.state(id)).to.equal(ProposalState.Executed);
      expect((await f.committee.getProposal(id)).executed).to.equal(true);
      const before = await committeeState(f);
      await expect(f.committee.connect(f.regulator).execute(id)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(id, ProposalState.Executed);
      expect(await committeeState(f)).to.equal(before);
    });

    it("refuses a pending proposal, an unknown one, a non-member, and a proposal past its execution window", async function () {
      const f = await loadFixture(deployFixture);
      const data = await unpauseCall(f);
      const pending = await propose(f, f.registry, data);
      const ready = await propose(f, f.registry, data);
      await f.committee.connect(f.regulator2).approve(ready);
      const before = await committeeState(f);
      await expect(f.committee.connect(f.regulator).execute(pending)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(pending, ProposalState.Pending);
      await expect(f.committee.connect(f.regulator).execute(7)).to.be.revertedWithCustomError(f.committee, "CommitteeUnknownProposal").withArgs(7);
      await expect(f.committee.connect(f.outsider).execute(ready)).to.be.revertedWithCustomError(f.committee, "CommitteeNotMember").withArgs(f.outsider.address);
      const { eta } = await f.committee.getProposal(ready);
      await time.increaseTo(eta + BigInt(EXECUTION_WINDOW));
      expect(await f.committee.state(ready)).to.equal(ProposalState.Expired);
      await expect(f.committee.connect(f.regulator).execute(ready)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(ready, ProposalState.Expired);
      await expect(f.committee.connect(f.regulator3).approve(ready)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(ready, ProposalState.Expired);
      expect(await committeeState(f)).to.equal(before);
      expect(await f.registry.paused()).to.equal(true);
    });

    it("executes on the last second of the execution window", async function () {
      const f = await loadFixture(deployFixture);
      const id = await propose(f, f.registry, await unpauseCall(f));
      await f.committee.connect(f.regulator2).approve(id);
      const { eta } = await f.committee.getProposal(id);
      await time.setNextBlockTimestamp(eta + BigInt(EXECUTION_WINDOW) - 1n);
      await expect(f.committee.connect(f.regulator3).execute(id)).to.emit(f.registry, "PauseSet").withArgs(false, await f.committee.getAddress());
    });

    it("bubbles up the target's own error and changes nothing", async function () {
      const f = await loadFixture(deployFixture);
      const invalid = await policyWith(f, { rateCapBps: 1201n, lprBps: 300n });
      const id = await propose(f, f.registry, registryCall(f, "setPolicy", [invalid]));
      await f.committee.connect(f.regulator2).approve(id);
      await time.increase(NOTICE_PERIOD);
      const before = await committeeState(f);
      const policy = policyObject(await f.registry.policy());
      await expect(f.committee.connect(f.regulator).execute(id)).to.be.revertedWithCustomError(f.registry, "RegistryInvalidPolicy");
      expect(await committeeState(f)).to.equal(before);
      expect(await f.committee.state(id)).to.equal(ProposalState.Ready);
      expect(policyObject(await f.registry.policy())).to.deep.equal(policy);

      // A member who is not Active any more, revoked by the committee: the registry's error reaches the executor.
      const revoke = await propose(f, f.registry, registryCall(f, "revoke", [f.outsider.address, reason("none")]));
      await f.committee.connect(f.regulator2).approve(revoke);
      await expect(f.committee.connect(f.regulator).execute(revoke)).to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(f.outsider.address);
    });

    it("no longer counts the approvals of members suspended or revoked since they approved", async function () {
      const f = await loadFixture(deployFixture);
      const data = await unpauseCall(f);
      const bySuspended = await propose(f, f.registry, data, "resume", f.regulator3);
      await f.committee.connect(f.regulator).approve(bySuspended);
      expect(await f.committee.state(bySuspended)).to.equal(ProposalState.Ready);
      await govern(f, f.registry, "suspend", [f.regulator3.address, reason("investigation")]);
      const before = await committeeState(f);
      await expect(f.committee.connect(f.regulator).execute(bySuspended)).to.be.revertedWithCustomError(f.committee, "CommitteeNotEnoughApprovals").withArgs(bySuspended, 1, 2);
      expect(await committeeState(f)).to.equal(before);
      expect(await f.registry.paused()).to.equal(true);
      // Reinstated, the member's approval counts again.
      await govern(f, f.registry, "reinstate", [f.regulator3.address]);
      await expect(f.committee.connect(f.regulator).execute(bySuspended)).to.emit(f.registry, "PauseSet").withArgs(false, await f.committee.getAddress());

      // Revoked for good: another member in office must approve in its place.
      await f.registry.connect(f.regulator).setPaused(true);
      const byRevoked = await propose(f, f.registry, data, "resume again", f.regulator3);
      await f.committee.connect(f.regulator2).approve(byRevoked);
      await govern(f, f.registry, "revoke", [f.regulator3.address, reason("mandate withdrawn")]);
      await expect(f.committee.connect(f.regulator2).execute(byRevoked)).to.be.revertedWithCustomError(f.committee, "CommitteeNotEnoughApprovals").withArgs(byRevoked, 1, 2);
      await f.committee.connect(f.regulator).approve(byRevoked);
      await expect(f.committee.connect(f.regulator2).execute(byRevoked)).to.emit(f.committee, "ProposalExecuted").withArgs(byRevoked, f.regulator2.address);
      expect(await f.registry.paused()).to.equal(false);
    });

    it("still counts the approval of a member whose admission lapsed after approving, who may not execute", async function () {
      const f = await loadFixture(regulatorLapsesFirstFixture);
      await time.increaseTo((await f.registry.participant(f.regulator)).expiresAt - BigInt(DAY));
      const data = await unpauseCall(f);
      const id = await propose(f, f.registry, data, "resume", f.regulator);
      await f.committee.connect(f.regulator2).approve(id);
      await time.increaseTo((await f.registry.participant(f.regulator)).expiresAt);
      await expect(f.committee.connect(f.regulator).execute(id)).to.be.revertedWithCustomError(f.committee, "CommitteeNotMember").withArgs(f.regulator.address);
      await expect(f.committee.connect(f.regulator3).execute(id)).to.emit(f.committee, "ProposalExecuted").withArgs(id, f.regulator3.address);
      expect(await f.registry.paused()).to.equal(false);
    });

    it("refuses a re-entered execute: the committee itself is no member", async function () {
      const f = await loadFixture(deployFixture);
      const inner = await propose(f, f.committee, committeeCall(f, "setThreshold", [3]));
      await f.committee.connect(f.regulator2).approve(inner);
      const outer = await propose(f, f.committee, committeeCall(f, "execute", [inner]));
      await f.committee.connect(f.regulator2).approve(outer);
      const before = await committeeState(f);
      await expect(f.committee.connect(f.regulator).execute(outer)).to.be.revertedWithCustomError(f.committee, "CommitteeNotMember").withArgs(await f.committee.getAddress());
      expect(await committeeState(f)).to.equal(before);
    });
  });

  describe("cancel", function () {
    it("lets any member cancel a queued proposal during its notice", async function () {
      const f = await loadFixture(deployFixture);
      const policy = policyObject(await f.registry.policy());
      const queued = await propose(f, f.registry, registryCall(f, "setPolicy", [await policyWith(f, { lprBps: 200n, rateCapBps: 800n })]));
      await f.committee.connect(f.regulator2).approve(queued);
      const { eta } = await f.committee.getProposal(queued);
      await time.setNextBlockTimestamp(eta - 1n);
      await expect(f.committee.connect(f.regulator3).cancel(queued)).to.emit(f.committee, "ProposalCancelled").withArgs(queued, f.regulator3.address);
      expect(await f.committee.state(queued)).to.equal(ProposalState.Cancelled);
      expect((await f.committee.getProposal(queued)).cancelled).to.equal(true);
      await time.increase(NOTICE_PERIOD);
      await expect(f.committee.connect(f.regulator).execute(queued)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(queued, ProposalState.Cancelled);
      expect(policyObject(await f.registry.policy())).to.deep.equal(policy);
    });

    it("lets nobody cancel once the notice is over: a single member cannot veto a decision, nor its own removal", async function () {
      const f = await loadFixture(deployFixture);
      // A removal needs no notice: approved, it is Ready at once, and the member removed cannot cancel it.
      const removal = await propose(f, f.registry, registryCall(f, "suspend", [f.regulator3.address, reason("keys compromised")]));
      await f.committee.connect(f.regulator2).approve(removal);
      expect(await f.committee.state(removal)).to.equal(ProposalState.Ready);
      const before = await committeeState(f);
      for (const who of [f.regulator3, f.regulator2, f.regulator]) {
        await expect(f.committee.connect(who).cancel(removal)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(removal, ProposalState.Ready);
      }
      expect(await committeeState(f)).to.equal(before);
      await expect(f.committee.connect(f.regulator2).execute(removal)).to.emit(f.registry, "ParticipantSuspended").withArgs(f.regulator3.address, reasonHash("keys compromised"), reason("keys compromised"), await f.committee.getAddress());

      // A policy change whose notice is over is no longer cancelled either: everyone had the notice to object.
      const change = await propose(f, f.registry, registryCall(f, "setPolicy", [await policyWith(f, { feeCapBps: 200n })]));
      await f.committee.connect(f.regulator2).approve(change);
      await time.increaseTo((await f.committee.getProposal(change)).eta);
      await expect(f.committee.connect(f.regulator2).cancel(change)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(change, ProposalState.Ready);
      await expect(f.committee.connect(f.regulator).execute(change)).to.emit(f.registry, "PolicySet");
    });

    it("lets only the proposer withdraw a pending proposal", async function () {
      const f = await loadFixture(deployFixture);
      const id = await propose(f, f.committee, committeeCall(f, "setThreshold", [3]), "raise", f.regulator2);
      const before = await committeeState(f);
      for (const who of [f.regulator, f.regulator3]) {
        await expect(f.committee.connect(who).cancel(id)).to.be.revertedWithCustomError(f.committee, "CommitteeNotProposer").withArgs(id, who.address);
      }
      await expect(f.committee.connect(f.outsider).cancel(id)).to.be.revertedWithCustomError(f.committee, "CommitteeNotProposer").withArgs(id, f.outsider.address);
      expect(await committeeState(f)).to.equal(before);
      await expect(f.committee.connect(f.regulator2).cancel(id)).to.emit(f.committee, "ProposalCancelled").withArgs(id, f.regulator2.address);
      await expect(f.committee.connect(f.regulator).approve(id)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(id, ProposalState.Cancelled);
    });

    it("refuses a non-member, an unknown proposal, and a proposal executed, cancelled or expired", async function () {
      const f = await loadFixture(deployFixture);
      const data = committeeCall(f, "setThreshold", [2]);
      const queued = await propose(f, f.committee, committeeCall(f, "setNoticePeriod", [4 * DAY]));
      await f.committee.connect(f.regulator2).approve(queued);
      const executed = await propose(f, f.committee, data);
      await f.committee.connect(f.regulator2).approve(executed);
      await f.committee.connect(f.regulator2).execute(executed);
      const cancelled = await propose(f, f.committee, data);
      await f.committee.cancel(cancelled);
      const expired = await propose(f, f.committee, data);

      const before = await committeeState(f);
      await expect(f.committee.connect(f.outsider).cancel(queued)).to.be.revertedWithCustomError(f.committee, "CommitteeNotMember").withArgs(f.outsider.address);
      await expect(f.committee.connect(f.regulator3).cancel(42)).to.be.revertedWithCustomError(f.committee, "CommitteeUnknownProposal").withArgs(42);
      await expect(f.committee.connect(f.regulator3).cancel(executed)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(executed, ProposalState.Executed);
      await expect(f.committee.connect(f.regulator).cancel(cancelled)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(cancelled, ProposalState.Cancelled);
      await time.increase(PROPOSAL_LIFETIME);
      await expect(f.committee.connect(f.regulator).cancel(expired)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(expired, ProposalState.Expired);
      expect(await committeeState(f)).to.equal(before);
    });

    it("refuses a suspended member, even the proposer of a pending proposal", async function () {
      const f = await loadFixture(deployFixture);
      const pending = await propose(f, f.committee, committeeCall(f, "setThreshold", [1]), "lower", f.regulator3);
      const queued = await propose(f, f.registry, registryCall(f, "setPolicy", [await policyWith(f, { feeCapBps: 200n })]));
      await f.committee.connect(f.regulator2).approve(queued);
      await govern(f, f.registry, "suspend", [f.regulator3.address, reason("investigation")]);
      const before = await committeeState(f);
      await expect(f.committee.connect(f.regulator3).cancel(pending)).to.be.revertedWithCustomError(f.committee, "CommitteeNotMember").withArgs(f.regulator3.address);
      await expect(f.committee.connect(f.regulator3).cancel(queued)).to.be.revertedWithCustomError(f.committee, "CommitteeNotMember").withArgs(f.regulator3.address);
      expect(await committeeState(f)).to.equal(before);
    });
  });

  describe("the committee's own settings", function () {
    it("changes the threshold only through a proposal, within 1 .. members in office", async function () {
      const f = await loadFixture(deployFixture);
      const before = await committeeState(f);
      await expect(f.committee.connect(f.regulator).setThreshold(1)).to.be.revertedWithCustomError(f.committee, "CommitteeOnlySelf").withArgs(f.regulator.address);
      await expect(f.committee.connect(f.outsider).setThreshold(1)).to.be.revertedWithCustomError(f.committee, "CommitteeOnlySelf").withArgs(f.outsider.address);
      expect(await committeeState(f)).to.equal(before);
      for (const bad of [0, 4]) {
        await expect(govern(f, f.committee, "setThreshold", [bad])).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidThreshold").withArgs(bad, 3);
        expect(await f.committee.threshold()).to.equal(2n);
      }
      await expect(govern(f, f.committee, "setThreshold", [3])).to.emit(f.committee, "ThresholdSet").withArgs(3);
      expect(await f.committee.threshold()).to.equal(3n);
      // Now two approvals no longer queue a proposal.
      const id = await propose(f, f.committee, committeeCall(f, "setThreshold", [1]));
      await expect(f.committee.connect(f.regulator2).approve(id)).to.not.emit(f.committee, "ProposalQueued");
      await expect(f.committee.connect(f.regulator3).approve(id)).to.emit(f.committee, "ProposalQueued");
      await expect(f.committee.connect(f.regulator3).execute(id)).to.emit(f.committee, "ThresholdSet").withArgs(1);
    });

    it("requires the threshold in force at execution: a queued proposal short of a raised threshold needs more approvals", async function () {
      const f = await loadFixture(deployFixture);
      const id = await propose(f, f.registry, await unpauseCall(f));
      await f.committee.connect(f.regulator2).approve(id);
      await govern(f, f.committee, "setThreshold", [3]);
      await expect(f.committee.connect(f.regulator).execute(id)).to.be.revertedWithCustomError(f.committee, "CommitteeNotEnoughApprovals").withArgs(id, 2, 3);
      await f.committee.connect(f.regulator3).approve(id);
      await expect(f.committee.connect(f.regulator).execute(id)).to.emit(f.committee, "ProposalExecuted");
    });

    it("changes the notice period only through a proposal that waits the notice in force, within 1 .. 30 days", async function () {
      const f = await loadFixture(deployFixture);
      const before = await committeeState(f);
      await expect(f.committee.connect(f.regulator).setNoticePeriod(DAY)).to.be.revertedWithCustomError(f.committee, "CommitteeOnlySelf").withArgs(f.regulator.address);
      expect(await committeeState(f)).to.equal(before);
      for (const bad of [0, DAY - 1, 30 * DAY + 1]) {
        await expect(govern(f, f.committee, "setNoticePeriod", [bad])).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidNoticePeriod").withArgs(bad);
        expect(await f.committee.noticePeriod()).to.equal(BigInt(NOTICE_PERIOD));
      }
      const start = await time.latest();
      await expect(govern(f, f.committee, "setNoticePeriod", [30 * DAY])).to.emit(f.committee, "NoticePeriodSet").withArgs(30 * DAY);
      expect(await time.latest()).to.be.greaterThanOrEqual(start + NOTICE_PERIOD);
      // The new notice applies to what is approved next.
      const id = await propose(f, f.registry, registryCall(f, "setPolicy", [await policyWith(f, { feeCapBps: 250n })]));
      const at = await nextBlockTime();
      await expect(f.committee.connect(f.regulator2).approve(id)).to.emit(f.committee, "ProposalQueued").withArgs(id, at + 30 * DAY);
      await expect(govern(f, f.committee, "setNoticePeriod", [DAY])).to.emit(f.committee, "NoticePeriodSet").withArgs(DAY);
      expect(await f.committee.noticePeriod()).to.equal(BigInt(DAY));
    });
  });

  describe("lapsed members renew a Regulator's admission, and nothing else", function () {
    it("lets lapsed members propose, approve and execute renewing a member", async function () {
      const f = await loadFixture(allLapsedFixture);
      const renewal = registryCall(f, "renew", [f.regulator2.address, await aYearFromNow(), mandate("renewed")]);
      for (const who of [f.regulator, f.regulator2, f.regulator3]) {
        expect(await f.registry.isActive(who)).to.equal(false);
        expect(await f.committee.isEligible(who, f.registry, renewal)).to.equal(true);
      }
      const id = await propose(f, f.registry, renewal, "renew regulator2", f.regulator);
      await f.committee.connect(f.regulator3).approve(id);
      await expect(f.committee.connect(f.regulator2).execute(id)).to.emit(f.registry, "AdmissionRenewed")
        .withArgs(f.regulator2.address, (await f.registry.interface.decodeFunctionData("renew", renewal))[1], mandate("renewed"), await f.committee.getAddress());
      expect(await f.registry.isActive(f.regulator2)).to.equal(true);
    });

    it("lets a lapsed member renew a suspended member, and withdraw a renewal it proposed", async function () {
      const f = await loadFixture(deployFixture);
      await govern(f, f.registry, "suspend", [f.regulator3.address, reason("investigation")]);
      await time.increaseTo((await f.registry.participant(f.regulator)).expiresAt);
      const renewal = registryCall(f, "renew", [f.regulator3.address, await aYearFromNow(), mandate("renewed")]);
      const id = await propose(f, f.registry, renewal, "renew", f.regulator);
      await expect(f.committee.connect(f.regulator).cancel(id)).to.emit(f.committee, "ProposalCancelled").withArgs(id, f.regulator.address);
      const again = await propose(f, f.registry, renewal, "renew", f.regulator2);
      await f.committee.connect(f.regulator).approve(again);
      await expect(f.committee.connect(f.regulator).execute(again)).to.emit(f.registry, "AdmissionRenewed");
      expect((await f.registry.participant(f.regulator3)).status).to.equal(BigInt(Status.Suspended));
    });

    it("refuses a lapsed member anything else: another call, renewing a non-regulator, a malformed renewal, the renew selector on another contract", async function () {
      const f = await loadFixture(allLapsedFixture);
      const expiry = await aYearFromNow();
      const renewRegulator = registryCall(f, "renew", [f.regulator2.address, expiry, mandate("m")]);
      const refused: [string, string][] = [
        [await f.registry.getAddress(), registryCall(f, "renew", [f.enterprise.address, expiry, mandate("m")])],
        [await f.registry.getAddress(), registryCall(f, "renew", [f.outsider.address, expiry, mandate("m")])],
        [await f.registry.getAddress(), registryCall(f, "setPaused", [false])],
        [await f.registry.getAddress(), registryCall(f, "suspend", [f.regulator2.address, reason("x")])],
        [await f.registry.getAddress(), registryCall(f, "setPolicy", [await policyWith(f, { feeCapBps: 100n })])],
        [await f.committee.getAddress(), committeeCall(f, "setThreshold", [1])],
        [await f.registry.getAddress(), ethers.dataSlice(renewRegulator, 0, 35)], // the selector and 31 bytes
        [await f.loanBook.getAddress(), renewRegulator],
      ];
      const before = await committeeState(f);
      for (const [target, data] of refused) {
        expect(await f.committee.isEligible(f.regulator, target, data)).to.equal(false);
        await expect(f.committee.connect(f.regulator).propose(target, data, "x")).to.be.revertedWithCustomError(f.committee, "CommitteeNotMember").withArgs(f.regulator.address);
      }
      expect(await committeeState(f)).to.equal(before);
      // Alone, a lapsed member renews nobody either.
      const enterprise = await admissionOf(f, f.enterprise);
      await expect(f.registry.connect(f.regulator).renew(f.enterprise, expiry, mandate("m"))).to.be.revertedWithCustomError(f.registry, "RegistryAdmissionExpired");
      expect(await admissionOf(f, f.enterprise)).to.deep.equal(enterprise);
    });

    it("refuses a lapsed member approving or executing a proposal made before the lapse that is not a renewal", async function () {
      const f = await loadFixture(deployFixture);
      const lapse = (await f.registry.participant(f.regulator)).expiresAt;
      await time.increaseTo(lapse - BigInt(DAY));
      const data = await unpauseCall(f);
      const id = await propose(f, f.registry, data, "resume", f.regulator);
      await time.increaseTo(lapse);
      const before = await committeeState(f);
      await expect(f.committee.connect(f.regulator2).approve(id)).to.be.revertedWithCustomError(f.committee, "CommitteeNotMember").withArgs(f.regulator2.address);
      expect(await committeeState(f)).to.equal(before);
      // Renewed by the lapsed members, two of them approve and execute it.
      for (const who of [f.regulator2, f.regulator3]) {
        const renewal = await propose(f, f.registry, registryCall(f, "renew", [who.address, await aYearFromNow(), mandate("renewed")]), "renew", f.regulator2);
        await f.committee.connect(f.regulator3).approve(renewal);
        await f.committee.connect(f.regulator3).execute(renewal);
      }
      await f.committee.connect(f.regulator2).approve(id);
      await expect(f.committee.connect(f.regulator).execute(id)).to.be.revertedWithCustomError(f.committee, "CommitteeNotMember").withArgs(f.regulator.address);
      await expect(f.committee.connect(f.regulator3).execute(id)).to.emit(f.registry, "PauseSet").withArgs(false, await f.committee.getAddress());
    });

    it("counts the renewal exception only for members in status Active", async function () {
      const f = await loadFixture(deployFixture);
      await govern(f, f.registry, "suspend", [f.regulator3.address, reason("investigation")]);
      const renewal = registryCall(f, "renew", [f.regulator.address, await aYearFromNow(), mandate("m")]);
      expect(await f.committee.isEligible(f.regulator3, f.registry, renewal)).to.equal(false);
      await time.increaseTo((await f.registry.participant(f.regulator)).expiresAt);
      expect(await f.committee.isEligible(f.regulator3, f.registry, renewal)).to.equal(false);
      expect(await f.committee.isEligible(f.regulator, f.registry, renewal)).to.equal(true);
      expect(await f.committee.isEligible(f.enterprise, f.registry, renewal)).to.equal(false);
    });
  });

  describe("upgrades of the committee", function () {
    it("happen only through a proposal with notice, keeping the settings and every proposal", async function () {
      const f = await loadFixture(deployFixture);
      // History to keep: an executed, a pending and a cancelled proposal.
      await govern(f, f.committee, "setThreshold", [3]);
      await propose(f, f.registry, registryCall(f, "setPaused", [false]), "pending");
      const cancelled = await propose(f, f.committee, committeeCall(f, "setThreshold", [2]), "withdrawn");
      await f.committee.cancel(cancelled);
      const v2 = (await ethers.deployContract("SupervisoryCommitteeV2Mock")) as unknown as SupervisoryCommitteeV2Mock;
      const oldImplementation = await implementationOf(f.committee);

      const before = await committeeState(f);
      await expect(f.committee.connect(f.regulator).upgradeToAndCall(v2, "0x")).to.be.revertedWithCustomError(f.committee, "CommitteeOnlySelf").withArgs(f.regulator.address);
      expect(await implementationOf(f.committee)).to.equal(oldImplementation);
      expect(await committeeState(f)).to.equal(before);

      const upgrade = committeeCall(f, "upgradeToAndCall", [await v2.getAddress(), "0x"]);
      const id = await propose(f, f.committee, upgrade, "committee v2");
      await f.committee.connect(f.regulator2).approve(id);
      await f.committee.connect(f.regulator3).approve(id);
      const { eta, queuedAt } = await f.committee.getProposal(id);
      expect(eta).to.equal(queuedAt + BigInt(NOTICE_PERIOD));
      await expect(f.committee.connect(f.regulator).execute(id)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(id, ProposalState.Queued);
      await time.increaseTo(eta);
      const kept = await committeeState(f);
      await expect(f.committee.connect(f.regulator3).execute(id)).to.emit(f.committee, "Upgraded").withArgs(await v2.getAddress())
        .and.to.emit(f.committee, "ProposalExecuted").withArgs(id, f.regulator3.address);
      expect(await implementationOf(f.committee)).to.equal(await v2.getAddress());
      const upgraded = (await ethers.getContractAt("SupervisoryCommitteeV2Mock", await f.committee.getAddress())) as unknown as SupervisoryCommitteeV2Mock;
      expect(await upgraded.version()).to.equal(2n);
      // Everything is as it was but the upgrade proposal, now executed.
      expect(await f.committee.state(id)).to.equal(ProposalState.Executed);
      const after = JSON.parse(await committeeState(f));
      const expected = JSON.parse(kept);
      expected[expected.length - 1][5] = true; // Proposal.executed
      expect(after).to.deep.equal(expected);
      // The upgraded committee still governs, at the threshold of three it kept.
      const lower = await propose(f, f.committee, committeeCall(f, "setThreshold", [2]));
      await f.committee.connect(f.regulator2).approve(lower);
      await expect(f.committee.connect(f.regulator).execute(lower)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(lower, ProposalState.Pending);
      await f.committee.connect(f.regulator3).approve(lower);
      await expect(upgraded.connect(f.regulator).execute(lower)).to.emit(upgraded, "ThresholdSet").withArgs(2);
    });

    it("can be cancelled by any single member during the notice", async function () {
      const f = await loadFixture(deployFixture);
      const v2 = await ethers.deployContract("SupervisoryCommitteeV2Mock");
      const oldImplementation = await implementationOf(f.committee);
      const id = await propose(f, f.committee, committeeCall(f, "upgradeToAndCall", [await v2.getAddress(), "0x"]));
      await f.committee.connect(f.regulator2).approve(id);
      await f.committee.connect(f.regulator3).cancel(id);
      await time.increase(NOTICE_PERIOD);
      await expect(f.committee.connect(f.regulator).execute(id)).to.be.revertedWithCustomError(f.committee, "CommitteeInvalidState").withArgs(id, ProposalState.Cancelled);
      expect(await implementationOf(f.committee)).to.equal(oldImplementation);
    });
  });

  describe("views", function () {
    it("report None for an unknown proposal and refuse to return it", async function () {
      const f = await loadFixture(deployFixture);
      expect(await f.committee.state(0)).to.equal(ProposalState.None);
      expect(await f.committee.state(1)).to.equal(ProposalState.None);
      await expect(f.committee.getProposal(1)).to.be.revertedWithCustomError(f.committee, "CommitteeUnknownProposal").withArgs(1);
      expect(await f.committee.hasApproved(1, f.regulator)).to.equal(false);
    });

    it("name the lifetime, the execution window and the notice bounds", async function () {
      const f = await loadFixture(deployFixture);
      const c = f.committee as SupervisoryCommittee;
      expect([await c.PROPOSAL_LIFETIME(), await c.EXECUTION_WINDOW(), await c.MIN_NOTICE_PERIOD(), await c.MAX_NOTICE_PERIOD()])
        .to.deep.equal([BigInt(PROPOSAL_LIFETIME), BigInt(EXECUTION_WINDOW), BigInt(DAY), BigInt(30 * DAY)]);
    });
  });
});
