import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployFixture, admissionExpiry, govern, propose, DAY, type Fixture } from "./helpers/fixture";
import { deployProxy } from "../scripts/lib/system";
import { spareSigners, admissionOf, policyObject } from "./helpers/core";
import { AttestationKind, BusinessScale, Role, Status, kindBit } from "../lib/enums";
import { ALL_AGENCY_KINDS } from "../lib/attestations";

/** A reason in words, as the contracts take it, and the hash their events record beside it. */
const reason = (s: string) => `reason: ${s}`;
const reasonHash = (s: string) => ethers.id(reason(s));
const cred = (s: string) => ethers.id(`credential: ${s}`);

const DEFAULT_POLICY = {
  lprBps: 300n,
  rateCapBps: 1200n,
  feeCapBps: 300n,
  requiredKinds: BigInt(kindBit(AttestationKind.Identity) | kindBit(AttestationKind.CreditRating)),
  gracePeriod: BigInt(7 * DAY),
  defaultPeriod: BigInt(90 * DAY),
  enterpriseCap: 1_000_000n * 10n ** 6n,
  drawdownPeriod: BigInt(30 * DAY),
  minContribution: 1_000_000n,
};

describe("ParticipantRegistry", function () {
  describe("admission", function () {
    it("admits one account of each of the six roles, recording expiry, credential and who admitted it (the committee for a regulator)", async function () {
      const f = await loadFixture(deployFixture);
      const spare = await spareSigners();
      const cases = [
        [Role.Regulator, 0, BusinessScale.None],
        [Role.Operator, 0, BusinessScale.None],
        [Role.Custodian, 0, BusinessScale.None],
        [Role.Agency, kindBit(AttestationKind.Audit), BusinessScale.None],
        [Role.Investor, 0, BusinessScale.None],
        [Role.Enterprise, 0, BusinessScale.Medium],
      ] as const;
      for (const [i, [role, kinds, scale]] of cases.entries()) {
        const account = spare[i];
        const expiry = await admissionExpiry();
        const args = [account.address, role, kinds, scale, expiry, cred(`role${role}`)] as const;
        // A new member of the committee is admitted by the committee; everyone else by a single regulator.
        const bySelf = role === Role.Regulator;
        if (bySelf) {
          await expect(f.registry.admit(...args)).to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(f.regulator.address);
        }
        const by = bySelf ? await f.committee.getAddress() : f.regulator.address;
        await expect(bySelf ? govern(f, f.registry, "admit", [...args]) : f.registry.admit(...args))
          .to.emit(f.registry, "ParticipantAdmitted")
          .withArgs(...args, by);
        expect(await admissionOf(f, account)).to.deep.equal({
          role: BigInt(role),
          status: BigInt(Status.Active),
          agencyKinds: BigInt(kinds),
          suitability: 0n,
          scale: BigInt(scale),
          admittedAt: BigInt(await time.latest()),
          expiresAt: expiry,
          credential: cred(`role${role}`),
        });
        expect(await f.registry.isActive(account)).to.equal(true);
        await f.registry.requireActive(account, role);
      }
    });

    it("admits the committee's members at deployment, until the expiry it names, and names the committee", async function () {
      const f = await loadFixture(deployFixture);
      expect(await f.registry.committee()).to.equal(await f.committee.getAddress());
      expect(await f.registry.membersInOffice()).to.equal(3n);
      const { expiresAt } = await f.registry.participant(f.regulator);
      for (const member of [f.regulator, f.regulator2, f.regulator3]) {
        const p = await f.registry.participant(member);
        expect(p.role).to.equal(Role.Regulator);
        expect(p.status).to.equal(Status.Active);
        // one mandate for all, of three years from the deployment (counted from the block before it; deploying the
        // libraries, implementations and proxies before the registry's initializer takes some seconds, more when
        // instrumented for coverage)
        expect(p.expiresAt).to.equal(expiresAt);
        expect(Number(p.expiresAt - p.admittedAt)).to.be.within(3 * 365 * DAY - 3600, 3 * 365 * DAY);
        expect(await f.registry.credentialHash(member)).to.equal(ethers.id(`regulator mandate ${member.address.toLowerCase()}`));
        const [event] = await f.registry.queryFilter(f.registry.filters.ParticipantAdmitted(member.address));
        expect(event.args.role).to.equal(Role.Regulator);
        expect(event.args.regulator).to.equal(f.regulator.address); // the deployer
      }
    });

    it("refuses at deployment a zero committee, no members, members without a mandate each, and a past expiry", async function () {
      const [deployer, member] = await ethers.getSigners();
      const implementation = await ethers.deployContract("ParticipantRegistry");
      const deploy = (...args: unknown[]) => deployProxy(implementation, args, deployer);
      const later = BigInt((await time.latest()) + 365 * DAY);
      const committee = ethers.Wallet.createRandom().address;
      await expect(deploy(ethers.ZeroAddress, [member.address], [cred("m")], later, [])).to.be.revertedWithCustomError(implementation, "RegistryZeroAddress");
      await expect(deploy(committee, [], [], later, [])).to.be.revertedWithCustomError(implementation, "RegistryInvalidMembers");
      await expect(deploy(committee, [member.address, deployer.address], [cred("m")], later, [])).to.be.revertedWithCustomError(implementation, "RegistryInvalidMembers");
      await expect(deploy(committee, [ethers.ZeroAddress], [cred("m")], later, [])).to.be.revertedWithCustomError(implementation, "RegistryZeroAddress");
      const now = BigInt(await time.latest());
      await expect(deploy(committee, [member.address], [cred("m")], now, [])).to.be.revertedWithCustomError(implementation, "RegistryInvalidExpiry");
    });

    it("is reserved to an active regulator", async function () {
      const f = await loadFixture(deployFixture);
      const [candidate] = await spareSigners();
      const regulator2 = f.regulator3;
      const expiry = await admissionExpiry();
      const admit = (by: typeof candidate) => f.registry.connect(by).admit(candidate, Role.Investor, 0, BusinessScale.None, expiry, cred("c"));

      await expect(admit(f.operator)).to.be.revertedWithCustomError(f.registry, "RegistryWrongRole")
        .withArgs(f.operator.address, Role.Regulator, Role.Operator);
      await expect(admit(f.outsider)).to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(f.outsider.address);

      // Another regulator, first suspended, then expired.
      const shortExpiry = BigInt((await time.latest()) + 10 * DAY);
      await govern(f, f.registry, "renew", [regulator2, shortExpiry, cred("regulator2")]);
      await govern(f, f.registry, "suspend", [regulator2, reason("inquiry")]);
      await expect(admit(regulator2)).to.be.revertedWithCustomError(f.registry, "RegistryNotActive")
        .withArgs(regulator2.address, Status.Suspended);
      await govern(f, f.registry, "reinstate", [regulator2]);
      await time.increaseTo(shortExpiry);
      await expect(admit(regulator2)).to.be.revertedWithCustomError(f.registry, "RegistryAdmissionExpired")
        .withArgs(regulator2.address, shortExpiry);

      expect((await admissionOf(f, candidate)).role).to.equal(Role.None);
      expect(await f.registry.credentialHash(candidate)).to.equal(ethers.ZeroHash);
    });

    it("refuses to admit again an admitted or a revoked account", async function () {
      const f = await loadFixture(deployFixture);
      const expiry = await admissionExpiry();
      const before = await admissionOf(f, f.enterprise);
      await expect(f.registry.admit(f.enterprise, Role.Enterprise, 0, BusinessScale.Medium, expiry, cred("again")))
        .to.be.revertedWithCustomError(f.registry, "RegistryAlreadyAdmitted").withArgs(f.enterprise.address);
      expect(await admissionOf(f, f.enterprise)).to.deep.equal(before);

      const investor = f.investors[0];
      await govern(f, f.registry, "revoke", [investor, reason("fraud")]);
      const revoked = await admissionOf(f, investor);
      await expect(f.registry.admit(investor, Role.Investor, 0, BusinessScale.None, expiry, cred("fresh start")))
        .to.be.revertedWithCustomError(f.registry, "RegistryAlreadyAdmitted").withArgs(investor.address);
      expect(await admissionOf(f, investor)).to.deep.equal(revoked);
      expect(revoked.status).to.equal(Status.Revoked);
    });

    it("refuses the zero address and the None role", async function () {
      const f = await loadFixture(deployFixture);
      const [candidate] = await spareSigners();
      const expiry = await admissionExpiry();
      await expect(f.registry.admit(ethers.ZeroAddress, Role.Investor, 0, BusinessScale.None, expiry, cred("zero")))
        .to.be.revertedWithCustomError(f.registry, "RegistryZeroAddress");
      await expect(f.registry.admit(candidate, Role.None, 0, BusinessScale.None, expiry, cred("none")))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidRole").withArgs(Role.None);
      expect((await admissionOf(f, candidate)).role).to.equal(Role.None);
      expect((await admissionOf(f, ethers.ZeroAddress)).role).to.equal(Role.None);
    });

    it("requires agencies to name kinds among the six agency kinds, and others to name none", async function () {
      const f = await loadFixture(deployFixture);
      const [candidate] = await spareSigners();
      const expiry = await admissionExpiry();
      for (const kinds of [0, kindBit(AttestationKind.OperatingDisclosure), kindBit(AttestationKind.SupervisionNotice), 0xff]) {
        await expect(f.registry.admit(candidate, Role.Agency, kinds, BusinessScale.None, expiry, cred("agency")))
          .to.be.revertedWithCustomError(f.registry, "RegistryInvalidAgencyKinds").withArgs(kinds);
      }
      await expect(f.registry.admit(candidate, Role.Investor, kindBit(AttestationKind.Identity), BusinessScale.None, expiry, cred("investor")))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidAgencyKinds").withArgs(kindBit(AttestationKind.Identity));
      expect((await admissionOf(f, candidate)).role).to.equal(Role.None);

      await f.registry.admit(candidate, Role.Agency, ALL_AGENCY_KINDS, BusinessScale.None, expiry, cred("agency"));
      expect((await admissionOf(f, candidate)).agencyKinds).to.equal(ALL_AGENCY_KINDS);
    });

    it("requires enterprises to have a business scale, and others none", async function () {
      const f = await loadFixture(deployFixture);
      const [candidate] = await spareSigners();
      const expiry = await admissionExpiry();
      await expect(f.registry.admit(candidate, Role.Enterprise, 0, BusinessScale.None, expiry, cred("sme")))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidScale").withArgs(BusinessScale.None);
      await expect(f.registry.admit(candidate, Role.Investor, 0, BusinessScale.Small, expiry, cred("investor")))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidScale").withArgs(BusinessScale.Small);
      expect((await admissionOf(f, candidate)).role).to.equal(Role.None);
    });

    it("requires an expiry in the future", async function () {
      const f = await loadFixture(deployFixture);
      const [candidate] = await spareSigners();
      const past = BigInt(await time.latest());
      await expect(f.registry.admit(candidate, Role.Investor, 0, BusinessScale.None, past, cred("c")))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidExpiry").withArgs(past);
      const next = BigInt((await time.latest()) + 100);
      await time.setNextBlockTimestamp(next);
      await expect(f.registry.admit(candidate, Role.Investor, 0, BusinessScale.None, next, cred("c")))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidExpiry").withArgs(next);
      expect((await admissionOf(f, candidate)).role).to.equal(Role.None);
    });
  });

  describe("suspension, reinstatement, revocation and renewal", function () {
    it("suspends and reinstates with events, the reason hash recorded", async function () {
      const f = await loadFixture(deployFixture);
      await expect(f.registry.suspend(f.enterprise, reason("late filings")))
        .to.emit(f.registry, "ParticipantSuspended").withArgs(f.enterprise.address, reasonHash("late filings"), reason("late filings"), f.regulator.address);
      expect((await f.registry.participant(f.enterprise)).status).to.equal(Status.Suspended);
      expect(await f.registry.isActive(f.enterprise)).to.equal(false);
      expect(await f.registry.canHold(f.enterprise)).to.equal(false);

      // Lifting an emergency measure is the committee's.
      await expect(f.registry.reinstate(f.enterprise))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(f.regulator.address);
      await expect(govern(f, f.registry, "reinstate", [f.enterprise]))
        .to.emit(f.registry, "ParticipantReinstated").withArgs(f.enterprise.address, await f.committee.getAddress());
      expect((await f.registry.participant(f.enterprise)).status).to.equal(Status.Active);
      expect(await f.registry.isActive(f.enterprise)).to.equal(true);
    });

    it("suspends and revokes only with a reason in words", async function () {
      const f = await loadFixture(deployFixture);
      const before = await admissionOf(f, f.enterprise);
      await expect(f.registry.suspend(f.enterprise, "")).to.be.revertedWithCustomError(f.registry, "RegistryEmptyReason");
      await expect(govern(f, f.registry, "revoke", [f.enterprise, ""])).to.be.revertedWithCustomError(f.registry, "RegistryEmptyReason");
      expect(await admissionOf(f, f.enterprise)).to.deep.equal(before);
    });

    it("allows only the legal transitions", async function () {
      const f = await loadFixture(deployFixture);
      const account = f.enterprise;
      let before = await admissionOf(f, account);
      await expect(govern(f, f.registry, "reinstate", [account]))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidStatus").withArgs(account.address, Status.Active);
      expect(await admissionOf(f, account)).to.deep.equal(before);

      await f.registry.suspend(account, reason("a"));
      before = await admissionOf(f, account);
      await expect(f.registry.suspend(account, reason("b")))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidStatus").withArgs(account.address, Status.Suspended);
      expect(await admissionOf(f, account)).to.deep.equal(before);

      // A suspended participant may be revoked.
      await expect(govern(f, f.registry, "revoke", [account, reason("c")]))
        .to.emit(f.registry, "ParticipantRevoked").withArgs(account.address, reasonHash("c"), reason("c"), await f.committee.getAddress());
      before = await admissionOf(f, account);
      expect(before.status).to.equal(Status.Revoked);

      // Revoked is final: nothing brings it back, nothing changes it.
      const expiry = await admissionExpiry();
      await expect(govern(f, f.registry, "revoke", [account, reason("d")]))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidStatus").withArgs(account.address, Status.Revoked);
      await expect(f.registry.suspend(account, reason("e")))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidStatus").withArgs(account.address, Status.Revoked);
      await expect(govern(f, f.registry, "reinstate", [account]))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidStatus").withArgs(account.address, Status.Revoked);
      await expect(f.registry.renew(account, expiry, cred("renewed")))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidStatus").withArgs(account.address, Status.Revoked);
      expect(await admissionOf(f, account)).to.deep.equal(before);
      expect(await f.registry.isActive(account)).to.equal(false);
    });

    it("revokes an active participant directly, by the committee only, keeping the record", async function () {
      const f = await loadFixture(deployFixture);
      const before = await admissionOf(f, f.rater);
      await expect(f.registry.revoke(f.rater, reason("licence withdrawn")))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(f.regulator.address);
      expect(await admissionOf(f, f.rater)).to.deep.equal(before);
      await expect(govern(f, f.registry, "revoke", [f.rater, reason("licence withdrawn")]))
        .to.emit(f.registry, "ParticipantRevoked").withArgs(f.rater.address, reasonHash("licence withdrawn"), reason("licence withdrawn"), await f.committee.getAddress());
      expect(await admissionOf(f, f.rater)).to.deep.equal({ ...before, status: BigInt(Status.Revoked) });
    });

    it("refuses transitions of an unadmitted account", async function () {
      const f = await loadFixture(deployFixture);
      const o = f.outsider.address;
      await expect(f.registry.suspend(o, reason("x"))).to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(o);
      await expect(govern(f, f.registry, "reinstate", [o])).to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(o);
      await expect(govern(f, f.registry, "revoke", [o, reason("x")])).to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(o);
      await expect(f.registry.renew(o, await admissionExpiry(), cred("x"))).to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(o);
      expect((await admissionOf(f, o)).role).to.equal(Role.None);
    });

    it("does not let a single regulator suspend, revoke or renew a regulator, itself included: the committee does", async function () {
      const f = await loadFixture(deployFixture);
      const before = await Promise.all([f.regulator, f.regulator2].map((r) => admissionOf(f, r)));
      const later = BigInt((await time.latest()) + 400 * DAY);
      for (const target of [f.regulator, f.regulator2]) {
        await expect(f.registry.suspend(target, reason("x")))
          .to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(f.regulator.address);
        await expect(f.registry.revoke(target, reason("x")))
          .to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(f.regulator.address);
        await expect(f.registry.renew(target, later, cred("x")))
          .to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(f.regulator.address);
      }
      expect(await Promise.all([f.regulator, f.regulator2].map((r) => admissionOf(f, r)))).to.deep.equal(before);
      await expect(govern(f, f.registry, "suspend", [f.regulator3, reason("audit of the supervisor")]))
        .to.emit(f.registry, "ParticipantSuspended").withArgs(f.regulator3.address, reasonHash("audit of the supervisor"), reason("audit of the supervisor"), await f.committee.getAddress());
      expect((await f.registry.participant(f.regulator3)).status).to.equal(Status.Suspended);
      expect(await f.registry.membersInOffice()).to.equal(2n);
    });

    it("never leaves fewer members in office than the committee's threshold", async function () {
      const f = await loadFixture(deployFixture);
      await govern(f, f.registry, "revoke", [f.regulator3, reason("mandate ended")]);
      const before = await Promise.all([f.regulator, f.regulator2].map((r) => admissionOf(f, r)));
      await expect(govern(f, f.registry, "suspend", [f.regulator2, reason("x")]))
        .to.be.revertedWithCustomError(f.registry, "RegistryBelowThreshold").withArgs(1n, 2n);
      await expect(govern(f, f.registry, "revoke", [f.regulator, reason("x")]))
        .to.be.revertedWithCustomError(f.registry, "RegistryBelowThreshold").withArgs(1n, 2n);
      expect(await Promise.all([f.regulator, f.regulator2].map((r) => admissionOf(f, r)))).to.deep.equal(before);
      expect(await f.registry.membersInOffice()).to.equal(2n);
    });

    it("keeps the committee alive through time: lapsed members renew members through the committee", async function () {
      const f = await loadFixture(deployFixture);
      const [newcomer] = await spareSigners();
      const { expiresAt } = await f.registry.participant(f.regulator);
      await time.increaseTo(expiresAt);
      // every member's admission has lapsed: none admits anyone, none renews itself alone
      await expect(f.registry.admit(newcomer, Role.Investor, 0, BusinessScale.None, expiresAt + BigInt(DAY), cred("n")))
        .to.be.revertedWithCustomError(f.registry, "RegistryAdmissionExpired").withArgs(f.regulator.address, expiresAt);
      const renewed = expiresAt + BigInt(365 * DAY);
      await expect(f.registry.renew(f.regulator, renewed, cred("renewed mandate")))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(f.regulator.address);
      // nor do they decide anything else together
      await expect(propose(f, f.registry, f.registry.interface.encodeFunctionData("setPaused", [false])))
        .to.be.revertedWithCustomError(f.committee, "CommitteeNotMember").withArgs(f.regulator.address);
      // but together they renew a member, who then acts again
      await expect(govern(f, f.registry, "renew", [f.regulator, renewed, cred("renewed mandate")]))
        .to.emit(f.registry, "AdmissionRenewed").withArgs(f.regulator.address, renewed, cred("renewed mandate"), await f.committee.getAddress());
      await f.registry.admit(newcomer, Role.Investor, 0, BusinessScale.None, renewed, cred("n"));
    });

    it("lets no one renew its own lapsed admission alone, and no suspended member take part in a renewal", async function () {
      const f = await loadFixture(deployFixture);
      const later = BigInt((await time.latest()) + 400 * DAY);
      await expect(f.registry.connect(f.operator).renew(f.operator, later, cred("x")))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.operator.address, Role.Regulator, Role.Operator);
      await govern(f, f.registry, "suspend", [f.regulator3, reason("inquiry")]);
      await expect(f.registry.connect(f.regulator3).renew(f.regulator3, later, cred("x")))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(f.regulator3.address);
      const renewal = f.registry.interface.encodeFunctionData("renew", [f.regulator3.address, later, cred("x")]);
      await expect(propose(f, f.registry, renewal, "renewal", f.regulator3))
        .to.be.revertedWithCustomError(f.committee, "CommitteeNotMember").withArgs(f.regulator3.address);
    });

    it("refuses transitions by anyone but an active regulator, and revocation and reinstatement by anyone but the committee", async function () {
      const f = await loadFixture(deployFixture);
      const before = await admissionOf(f, f.enterprise);
      await expect(f.registry.connect(f.operator).suspend(f.enterprise, reason("x")))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.operator.address, Role.Regulator, Role.Operator);
      await expect(f.registry.connect(f.operator).revoke(f.enterprise, reason("x")))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(f.operator.address);
      await expect(f.registry.connect(f.enterprise).renew(f.enterprise, await admissionExpiry(), cred("x")))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.enterprise.address, Role.Regulator, Role.Enterprise);
      await f.registry.suspend(f.enterprise, reason("y"));
      await expect(f.registry.connect(f.outsider).reinstate(f.enterprise))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(f.outsider.address);
      expect(await admissionOf(f, f.enterprise)).to.deep.equal({ ...before, status: BigInt(Status.Suspended) });
    });

    it("renews an admission, reviving an expired one, with a new credential hash", async function () {
      const f = await loadFixture(deployFixture);
      const { expiresAt } = await f.registry.participant(f.enterprise);
      await time.increaseTo(expiresAt);
      expect(await f.registry.isActive(f.enterprise)).to.equal(false);
      const newExpiry = expiresAt + BigInt(365 * DAY);
      await expect(f.registry.renew(f.enterprise, newExpiry, cred("dossier 2")))
        .to.emit(f.registry, "AdmissionRenewed").withArgs(f.enterprise.address, newExpiry, cred("dossier 2"), f.regulator.address);
      expect((await f.registry.participant(f.enterprise)).expiresAt).to.equal(newExpiry);
      expect(await f.registry.credentialHash(f.enterprise)).to.equal(cred("dossier 2"));
      expect(await f.registry.isActive(f.enterprise)).to.equal(true);
    });

    it("refuses a renewal to a past expiry", async function () {
      const f = await loadFixture(deployFixture);
      const before = await admissionOf(f, f.enterprise);
      const past = BigInt(await time.latest());
      await expect(f.registry.renew(f.enterprise, past, cred("late")))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidExpiry").withArgs(past);
      expect(await admissionOf(f, f.enterprise)).to.deep.equal(before);
    });
  });

  describe("expiry without a transaction", function () {
    it("turns an admission inactive at its expiry with nobody calling anything", async function () {
      const f = await loadFixture(deployFixture);
      const [account] = await spareSigners();
      const expiry = BigInt((await time.latest()) + 30 * DAY);
      await f.registry.admit(account, Role.Investor, 0, BusinessScale.None, expiry, cred("short"));
      expect(await f.registry.isActive(account)).to.equal(true);
      expect(await f.registry.canHold(account)).to.equal(true);

      await time.increaseTo(expiry);
      expect(await f.registry.isActive(account)).to.equal(false);
      expect(await f.registry.canHold(account)).to.equal(false);
      expect((await f.registry.participant(account)).status).to.equal(Status.Active);
      await expect(f.registry.requireActive(account, Role.Investor))
        .to.be.revertedWithCustomError(f.registry, "RegistryAdmissionExpired").withArgs(account.address, expiry);
    });
  });

  describe("requireActive and requireAccredited", function () {
    it("names the precise reason", async function () {
      const f = await loadFixture(deployFixture);
      await expect(f.registry.requireActive(f.outsider, Role.Investor))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(f.outsider.address);
      await expect(f.registry.requireActive(f.enterprise, Role.Investor))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.enterprise.address, Role.Investor, Role.Enterprise);
      await f.registry.suspend(f.enterprise, reason("x"));
      await expect(f.registry.requireActive(f.enterprise, Role.Enterprise))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotActive").withArgs(f.enterprise.address, Status.Suspended);
      await govern(f, f.registry, "revoke", [f.enterprise, reason("y")]);
      await expect(f.registry.requireActive(f.enterprise, Role.Enterprise))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotActive").withArgs(f.enterprise.address, Status.Revoked);
      const p = await f.registry.requireActive(f.enterprise2, Role.Enterprise);
      expect(p.scale).to.equal(BusinessScale.Micro);
    });

    it("accredits an agency for exactly its kinds", async function () {
      const f = await loadFixture(deployFixture);
      await f.registry.requireAccredited(f.rater, AttestationKind.Identity);
      await f.registry.requireAccredited(f.rater, AttestationKind.CreditRating);
      for (const kind of [AttestationKind.Guarantee, AttestationKind.Audit, AttestationKind.OperatingDisclosure, AttestationKind.SupervisionNotice, 8, 255]) {
        await expect(f.registry.requireAccredited(f.rater, kind))
          .to.be.revertedWithCustomError(f.registry, "RegistryNotAccredited").withArgs(f.rater.address, kind);
      }
      await expect(f.registry.requireAccredited(f.enterprise, AttestationKind.Identity))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.enterprise.address, Role.Agency, Role.Enterprise);
      await expect(f.registry.requireAccredited(f.outsider, AttestationKind.Identity))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(f.outsider.address);
      await f.registry.suspend(f.rater, reason("x"));
      await expect(f.registry.requireAccredited(f.rater, AttestationKind.Identity))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotActive").withArgs(f.rater.address, Status.Suspended);
    });

    it("changes an agency's kinds by the regulator only, within the six agency kinds", async function () {
      const f = await loadFixture(deployFixture);
      const audit = kindBit(AttestationKind.Audit);
      await expect(f.registry.setAgencyKinds(f.rater, audit))
        .to.emit(f.registry, "AgencyKindsSet").withArgs(f.rater.address, audit, f.regulator.address);
      await f.registry.requireAccredited(f.rater, AttestationKind.Audit);
      await expect(f.registry.requireAccredited(f.rater, AttestationKind.Identity))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotAccredited").withArgs(f.rater.address, AttestationKind.Identity);

      const before = await admissionOf(f, f.rater);
      for (const kinds of [0, kindBit(AttestationKind.OperatingDisclosure), 0x80]) {
        await expect(f.registry.setAgencyKinds(f.rater, kinds))
          .to.be.revertedWithCustomError(f.registry, "RegistryInvalidAgencyKinds").withArgs(kinds);
      }
      await expect(f.registry.connect(f.operator).setAgencyKinds(f.rater, ALL_AGENCY_KINDS))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.operator.address, Role.Regulator, Role.Operator);
      expect(await admissionOf(f, f.rater)).to.deep.equal(before);

      const enterpriseBefore = await admissionOf(f, f.enterprise);
      await expect(f.registry.setAgencyKinds(f.enterprise, audit))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.enterprise.address, Role.Agency, Role.Enterprise);
      await expect(f.registry.setAgencyKinds(f.outsider, audit))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(f.outsider.address);
      expect(await admissionOf(f, f.enterprise)).to.deep.equal(enterpriseBefore);
    });
  });

  describe("investor suitability", function () {
    it("is set 1-5 by an active operator or regulator", async function () {
      const f = await loadFixture(deployFixture);
      const investor = f.investors[0];
      await expect(f.registry.connect(f.operator).setSuitability(investor, 1))
        .to.emit(f.registry, "SuitabilitySet").withArgs(investor.address, 1, f.operator.address);
      expect((await f.registry.participant(investor)).suitability).to.equal(1);
      await expect(f.registry.setSuitability(investor, 3))
        .to.emit(f.registry, "SuitabilitySet").withArgs(investor.address, 3, f.regulator.address);
      expect((await f.registry.participant(investor)).suitability).to.equal(3);
    });

    it("refuses levels 0 and 6 and non-investors", async function () {
      const f = await loadFixture(deployFixture);
      const investor = f.investors[0];
      const before = await admissionOf(f, investor);
      for (const level of [0, 6]) {
        await expect(f.registry.connect(f.operator).setSuitability(investor, level))
          .to.be.revertedWithCustomError(f.registry, "RegistryInvalidSuitability").withArgs(level);
      }
      expect(await admissionOf(f, investor)).to.deep.equal(before);

      const enterpriseBefore = await admissionOf(f, f.enterprise);
      await expect(f.registry.connect(f.operator).setSuitability(f.enterprise, 3))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.enterprise.address, Role.Investor, Role.Enterprise);
      await expect(f.registry.connect(f.operator).setSuitability(f.outsider, 3))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(f.outsider.address);
      expect(await admissionOf(f, f.enterprise)).to.deep.equal(enterpriseBefore);
    });

    it("refuses callers that are not an active operator or regulator", async function () {
      const f = await loadFixture(deployFixture);
      const investor = f.investors[0];
      const before = await admissionOf(f, investor);
      await expect(f.registry.connect(f.outsider).setSuitability(investor, 2))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(f.outsider.address);
      await expect(f.registry.connect(investor).setSuitability(investor, 2))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(investor.address, Role.Operator, Role.Investor);
      await expect(f.registry.connect(f.custodian).setSuitability(investor, 2))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.custodian.address, Role.Operator, Role.Custodian);

      await f.registry.suspend(f.operator, reason("x"));
      await expect(f.registry.connect(f.operator).setSuitability(investor, 2))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotActive").withArgs(f.operator.address, Status.Suspended);
      await govern(f, f.registry, "reinstate", [f.operator]);
      const { expiresAt } = await f.registry.participant(f.operator);
      await time.increaseTo(expiresAt);
      await expect(f.registry.connect(f.operator).setSuitability(investor, 2))
        .to.be.revertedWithCustomError(f.registry, "RegistryAdmissionExpired").withArgs(f.operator.address, expiresAt);

      const regulator2 = f.regulator3;
      await govern(f, f.registry, "suspend", [regulator2, reason("y")]);
      await expect(f.registry.connect(regulator2).setSuitability(investor, 2))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotActive").withArgs(regulator2.address, Status.Suspended);
      expect(await admissionOf(f, investor)).to.deep.equal(before);
    });
  });

  describe("policy", function () {
    it("starts from the defaults: LPR 3 %, cap 4 x LPR, 1,000,000 enterprise cap, identity and credit rating required", async function () {
      const f = await loadFixture(deployFixture);
      expect(policyObject(await f.registry.policy())).to.deep.equal(DEFAULT_POLICY);
      expect(DEFAULT_POLICY.rateCapBps).to.equal(4n * DEFAULT_POLICY.lprBps);
    });

    it("is replaced by the committee with an event carrying the whole policy; a cap of exactly 4 x LPR is accepted", async function () {
      const f = await loadFixture(deployFixture);
      const next = { ...DEFAULT_POLICY, lprBps: 350n, rateCapBps: 1400n, feeCapBps: 200n, requiredKinds: 0x07n, enterpriseCap: 5_000_000n * 10n ** 6n };
      await expect(f.registry.setPolicy(next)).to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(f.regulator.address);
      const tx = await govern(f, f.registry, "setPolicy", [next]);
      const receipt = await tx.wait();
      const events = receipt!.logs.map((log) => f.registry.interface.parseLog(log)).filter((e) => e?.name === "PolicySet");
      expect(events.length).to.equal(1);
      const event = events[0]!;
      expect(policyObject(event.args.policy)).to.deep.equal(next);
      expect(event.args.regulator).to.equal(await f.committee.getAddress());
      expect(policyObject(await f.registry.policy())).to.deep.equal(next);
    });

    it("refuses invalid policies and keeps the one in force", async function () {
      const f = await loadFixture(deployFixture);
      const invalid = [
        { lprBps: 0n },
        { rateCapBps: 0n },
        { rateCapBps: 4n * DEFAULT_POLICY.lprBps + 1n },
        { feeCapBps: 10_001n },
        { requiredKinds: BigInt(kindBit(AttestationKind.OperatingDisclosure)) },
        { gracePeriod: 0n },
        { defaultPeriod: DEFAULT_POLICY.gracePeriod },
        { enterpriseCap: 0n },
        { drawdownPeriod: 0n },
        { minContribution: DEFAULT_POLICY.enterpriseCap + 1n },
      ];
      for (const change of invalid) {
        await expect(govern(f, f.registry, "setPolicy", [{ ...DEFAULT_POLICY, ...change }]), JSON.stringify(change, (_, v) => (typeof v === "bigint" ? v.toString() : v)))
          .to.be.revertedWithCustomError(f.registry, "RegistryInvalidPolicy");
      }
      for (const by of [f.operator, f.regulator]) {
        await expect(f.registry.connect(by).setPolicy({ ...DEFAULT_POLICY, lprBps: 250n, rateCapBps: 1000n }))
          .to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(by.address);
      }
      expect(policyObject(await f.registry.policy())).to.deep.equal(DEFAULT_POLICY);
    });

    it("in force at any past block can be told from the PolicySet events alone", async function () {
      const f = await loadFixture(deployFixture);
      const changes = [
        { ...DEFAULT_POLICY, lprBps: 310n, rateCapBps: 1240n },
        { ...DEFAULT_POLICY, feeCapBps: 150n, gracePeriod: BigInt(3 * DAY) },
        { ...DEFAULT_POLICY, lprBps: 285n, rateCapBps: 1000n, requiredKinds: 0x27n },
        { ...DEFAULT_POLICY, enterpriseCap: 2_500_000n * 10n ** 6n, defaultPeriod: BigInt(60 * DAY) },
      ];
      const first = await ethers.provider.getBlockNumber();
      for (const change of changes) {
        await govern(f, f.registry, "setPolicy", [change]);
        await mine(2);
      }
      // Two changes in one block: the later one in log order is the one in force at the end of the block.
      const ids: bigint[] = [];
      for (const change of [changes[1], changes[2]]) {
        ids.push(await propose(f, f.registry, f.registry.interface.encodeFunctionData("setPolicy", [change])));
        await f.committee.connect(f.regulator2).approve(ids[ids.length - 1]);
      }
      await time.increaseTo((await f.committee.getProposal(ids[1])).eta);
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        for (const id of ids) await f.committee.execute(id, { gasLimit: 1_000_000 });
        await mine();
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      const last = await ethers.provider.getBlockNumber();

      const logs = await f.registry.queryFilter(f.registry.filters.PolicySet(), 0, last);
      expect(logs.length).to.equal(1 + changes.length + 2);
      const inForceAt = (block: number) => {
        const before = logs.filter((l) => l.blockNumber <= block);
        return policyObject(before[before.length - 1].args.policy);
      };
      for (let block = first; block <= last; block++) {
        expect(inForceAt(block), `block ${block}`).to.deep.equal(policyObject(await f.registry.policy({ blockTag: block })));
      }
      expect(inForceAt(last)).to.deep.equal(changes[2]);
    });
  });

  describe("pause and platform contracts", function () {
    it("is set by a single regulator and lifted by the committee only, with events", async function () {
      const f = await loadFixture(deployFixture);
      expect(await f.registry.paused()).to.equal(false);
      await expect(f.registry.connect(f.operator).setPaused(true))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.operator.address, Role.Regulator, Role.Operator);
      expect(await f.registry.paused()).to.equal(false);

      await expect(f.registry.setPaused(true)).to.emit(f.registry, "PauseSet").withArgs(true, f.regulator.address);
      expect(await f.registry.paused()).to.equal(true);
      for (const by of [f.outsider, f.regulator]) {
        await expect(f.registry.connect(by).setPaused(false))
          .to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(by.address);
      }
      expect(await f.registry.paused()).to.equal(true);
      await expect(govern(f, f.registry, "setPaused", [false])).to.emit(f.registry, "PauseSet").withArgs(false, await f.committee.getAddress());
      expect(await f.registry.paused()).to.equal(false);
    });

    it("lets the committee only mark platform contracts, which may then hold the token", async function () {
      const f = await loadFixture(deployFixture);
      expect(await f.registry.isPlatformContract(f.loanBook)).to.equal(true);
      const [contractAccount] = await spareSigners();
      expect(await f.registry.canHold(contractAccount)).to.equal(false);

      for (const by of [f.operator, f.regulator]) {
        await expect(f.registry.connect(by).setPlatformContract(contractAccount, true))
          .to.be.revertedWithCustomError(f.registry, "RegistryNotCommittee").withArgs(by.address);
      }
      await expect(govern(f, f.registry, "setPlatformContract", [ethers.ZeroAddress, true])).to.be.revertedWithCustomError(f.registry, "RegistryZeroAddress");
      expect(await f.registry.isPlatformContract(contractAccount)).to.equal(false);

      const committee = await f.committee.getAddress();
      await expect(govern(f, f.registry, "setPlatformContract", [contractAccount, true]))
        .to.emit(f.registry, "PlatformContractSet").withArgs(contractAccount.address, true, committee);
      expect(await f.registry.canHold(contractAccount)).to.equal(true);
      expect(await f.registry.isActive(contractAccount)).to.equal(false);
      await expect(govern(f, f.registry, "setPlatformContract", [contractAccount, false]))
        .to.emit(f.registry, "PlatformContractSet").withArgs(contractAccount.address, false, committee);
      expect(await f.registry.canHold(contractAccount)).to.equal(false);
    });
  });
});
