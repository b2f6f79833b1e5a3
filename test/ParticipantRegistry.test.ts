import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployFixture, admissionExpiry, DAY, type Fixture } from "./helpers/fixture";
import { deployProxy } from "../scripts/lib/system";
import { spareSigners, admissionOf, policyObject } from "./helpers/core";
import { AttestationKind, BusinessScale, Role, Status, kindBit } from "../lib/enums";
import { ALL_AGENCY_KINDS } from "../lib/attestations";

const reason = (s: string) => ethers.id(`reason: ${s}`);
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
    it("admits one account of each of the six roles, recording expiry, credential and the admitting regulator", async function () {
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
        await expect(f.registry.admit(account, role, kinds, scale, expiry, cred(`role${role}`)))
          .to.emit(f.registry, "ParticipantAdmitted")
          .withArgs(account.address, role, kinds, scale, expiry, cred(`role${role}`), f.regulator.address);
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

    it("admits the first regulator at deployment, without expiry", async function () {
      const f = await loadFixture(deployFixture);
      const p = await f.registry.participant(f.regulator);
      expect(p.role).to.equal(Role.Regulator);
      expect(p.expiresAt).to.equal(2n ** 40n - 1n);
      expect(await f.registry.credentialHash(f.regulator)).to.equal(ethers.id("regulator mandate"));
      const [event] = await f.registry.queryFilter(f.registry.filters.ParticipantAdmitted(f.regulator.address));
      expect(event.args.role).to.equal(Role.Regulator);
      expect(event.args.regulator).to.equal(f.regulator.address);
    });

    it("refuses a zero first regulator or a zero committee at deployment", async function () {
      const [deployer] = await ethers.getSigners();
      const implementation = await ethers.deployContract("ParticipantRegistry");
      await expect(deployProxy(implementation, [ethers.ZeroAddress, cred("none"), deployer.address], deployer))
        .to.be.revertedWithCustomError(implementation, "RegistryZeroAddress");
      await expect(deployProxy(implementation, [deployer.address, cred("none"), ethers.ZeroAddress], deployer))
        .to.be.revertedWithCustomError(implementation, "RegistryZeroAddress");
    });

    it("is reserved to an active regulator", async function () {
      const f = await loadFixture(deployFixture);
      const [candidate, regulator2] = await spareSigners();
      const expiry = await admissionExpiry();
      const admit = (by: typeof candidate) => f.registry.connect(by).admit(candidate, Role.Investor, 0, BusinessScale.None, expiry, cred("c"));

      await expect(admit(f.operator)).to.be.revertedWithCustomError(f.registry, "RegistryWrongRole")
        .withArgs(f.operator.address, Role.Regulator, Role.Operator);
      await expect(admit(f.outsider)).to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(f.outsider.address);

      // A second regulator, first suspended, then expired.
      const shortExpiry = BigInt((await time.latest()) + 10 * DAY);
      await f.registry.admit(regulator2, Role.Regulator, 0, BusinessScale.None, shortExpiry, cred("regulator2"));
      await f.registry.suspend(regulator2, reason("inquiry"));
      await expect(admit(regulator2)).to.be.revertedWithCustomError(f.registry, "RegistryNotActive")
        .withArgs(regulator2.address, Status.Suspended);
      await f.registry.reinstate(regulator2);
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
      await f.registry.revoke(investor, reason("fraud"));
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
        .to.emit(f.registry, "ParticipantSuspended").withArgs(f.enterprise.address, reason("late filings"), f.regulator.address);
      expect((await f.registry.participant(f.enterprise)).status).to.equal(Status.Suspended);
      expect(await f.registry.isActive(f.enterprise)).to.equal(false);
      expect(await f.registry.canHold(f.enterprise)).to.equal(false);

      await expect(f.registry.reinstate(f.enterprise))
        .to.emit(f.registry, "ParticipantReinstated").withArgs(f.enterprise.address, f.regulator.address);
      expect((await f.registry.participant(f.enterprise)).status).to.equal(Status.Active);
      expect(await f.registry.isActive(f.enterprise)).to.equal(true);
    });

    it("allows only the legal transitions", async function () {
      const f = await loadFixture(deployFixture);
      const account = f.enterprise;
      let before = await admissionOf(f, account);
      await expect(f.registry.reinstate(account))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidStatus").withArgs(account.address, Status.Active);
      expect(await admissionOf(f, account)).to.deep.equal(before);

      await f.registry.suspend(account, reason("a"));
      before = await admissionOf(f, account);
      await expect(f.registry.suspend(account, reason("b")))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidStatus").withArgs(account.address, Status.Suspended);
      expect(await admissionOf(f, account)).to.deep.equal(before);

      // A suspended participant may be revoked.
      await expect(f.registry.revoke(account, reason("c")))
        .to.emit(f.registry, "ParticipantRevoked").withArgs(account.address, reason("c"), f.regulator.address);
      before = await admissionOf(f, account);
      expect(before.status).to.equal(Status.Revoked);

      // Revoked is final: nothing brings it back, nothing changes it.
      const expiry = await admissionExpiry();
      await expect(f.registry.revoke(account, reason("d")))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidStatus").withArgs(account.address, Status.Revoked);
      await expect(f.registry.suspend(account, reason("e")))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidStatus").withArgs(account.address, Status.Revoked);
      await expect(f.registry.reinstate(account))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidStatus").withArgs(account.address, Status.Revoked);
      await expect(f.registry.renew(account, expiry, cred("renewed")))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidStatus").withArgs(account.address, Status.Revoked);
      expect(await admissionOf(f, account)).to.deep.equal(before);
      expect(await f.registry.isActive(account)).to.equal(false);
    });

    it("revokes an active participant directly, keeping the record", async function () {
      const f = await loadFixture(deployFixture);
      const before = await admissionOf(f, f.rater);
      await expect(f.registry.revoke(f.rater, reason("licence withdrawn")))
        .to.emit(f.registry, "ParticipantRevoked").withArgs(f.rater.address, reason("licence withdrawn"), f.regulator.address);
      expect(await admissionOf(f, f.rater)).to.deep.equal({ ...before, status: BigInt(Status.Revoked) });
    });

    it("refuses transitions of an unadmitted account", async function () {
      const f = await loadFixture(deployFixture);
      const o = f.outsider.address;
      await expect(f.registry.suspend(o, reason("x"))).to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(o);
      await expect(f.registry.reinstate(o)).to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(o);
      await expect(f.registry.revoke(o, reason("x"))).to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(o);
      await expect(f.registry.renew(o, await admissionExpiry(), cred("x"))).to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(o);
      expect((await admissionOf(f, o)).role).to.equal(Role.None);
    });

    it("does not let a regulator suspend or revoke itself", async function () {
      const f = await loadFixture(deployFixture);
      const before = await admissionOf(f, f.regulator);
      await expect(f.registry.suspend(f.regulator, reason("self")))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidStatus").withArgs(f.regulator.address, Status.Active);
      await expect(f.registry.revoke(f.regulator, reason("self")))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidStatus").withArgs(f.regulator.address, Status.Active);
      expect(await admissionOf(f, f.regulator)).to.deep.equal(before);
    });

    it("lets one regulator suspend another", async function () {
      const f = await loadFixture(deployFixture);
      const [regulator2] = await spareSigners();
      await f.registry.admit(regulator2, Role.Regulator, 0, BusinessScale.None, await admissionExpiry(), cred("regulator2"));
      await f.registry.connect(regulator2).suspend(f.regulator, reason("audit of the supervisor"));
      expect((await f.registry.participant(f.regulator)).status).to.equal(Status.Suspended);
    });

    it("always keeps a regulator: the last one cannot be removed, and a lapsed regulator renews itself", async function () {
      const f = await loadFixture(deployFixture);
      const [regulator2, newcomer] = await spareSigners();
      const expiry = BigInt((await time.latest()) + 10 * DAY);
      await f.registry.admit(regulator2, Role.Regulator, 0, BusinessScale.None, expiry, cred("regulator2"));
      // regulator2 removes the first; it cannot then remove itself
      await f.registry.connect(regulator2).revoke(f.regulator, reason("mandate ended"));
      await expect(f.registry.connect(regulator2).revoke(regulator2, reason("self")))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidStatus").withArgs(regulator2.address, Status.Active);
      // its admission lapses: it can admit no one, but it can renew itself
      await time.increaseTo(expiry);
      await expect(f.registry.connect(regulator2).admit(newcomer, Role.Investor, 0, BusinessScale.None, expiry + BigInt(DAY), cred("n")))
        .to.be.revertedWithCustomError(f.registry, "RegistryAdmissionExpired").withArgs(regulator2.address, expiry);
      const renewed = expiry + BigInt(365 * DAY);
      await expect(f.registry.connect(regulator2).renew(regulator2, renewed, cred("renewed mandate")))
        .to.emit(f.registry, "AdmissionRenewed").withArgs(regulator2.address, renewed, cred("renewed mandate"), regulator2.address);
      await f.registry.connect(regulator2).admit(newcomer, Role.Investor, 0, BusinessScale.None, renewed, cred("n"));
    });

    it("lets no lapsed participant but a regulator renew itself, and no suspended regulator", async function () {
      const f = await loadFixture(deployFixture);
      const [regulator2] = await spareSigners();
      await f.registry.admit(regulator2, Role.Regulator, 0, BusinessScale.None, await admissionExpiry(), cred("regulator2"));
      const later = BigInt((await time.latest()) + 400 * DAY);
      await expect(f.registry.connect(f.operator).renew(f.operator, later, cred("x")))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.operator.address, Role.Regulator, Role.Operator);
      await f.registry.suspend(regulator2, reason("inquiry"));
      await expect(f.registry.connect(regulator2).renew(regulator2, later, cred("x")))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotActive").withArgs(regulator2.address, Status.Suspended);
    });

    it("refuses transitions by anyone but an active regulator", async function () {
      const f = await loadFixture(deployFixture);
      const before = await admissionOf(f, f.enterprise);
      await expect(f.registry.connect(f.operator).suspend(f.enterprise, reason("x")))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.operator.address, Role.Regulator, Role.Operator);
      await expect(f.registry.connect(f.operator).revoke(f.enterprise, reason("x")))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.operator.address, Role.Regulator, Role.Operator);
      await expect(f.registry.connect(f.enterprise).renew(f.enterprise, await admissionExpiry(), cred("x")))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.enterprise.address, Role.Regulator, Role.Enterprise);
      await f.registry.suspend(f.enterprise, reason("y"));
      await expect(f.registry.connect(f.outsider).reinstate(f.enterprise))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(f.outsider.address);
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
      await f.registry.revoke(f.enterprise, reason("y"));
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
      await f.registry.reinstate(f.operator);
      const { expiresAt } = await f.registry.participant(f.operator);
      await time.increaseTo(expiresAt);
      await expect(f.registry.connect(f.operator).setSuitability(investor, 2))
        .to.be.revertedWithCustomError(f.registry, "RegistryAdmissionExpired").withArgs(f.operator.address, expiresAt);

      const [regulator2] = await spareSigners();
      await f.registry.admit(regulator2, Role.Regulator, 0, BusinessScale.None, BigInt((await time.latest()) + DAY), cred("r2"));
      await f.registry.suspend(regulator2, reason("y"));
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

    it("is replaced by the regulator with an event carrying the whole policy; a cap of exactly 4 x LPR is accepted", async function () {
      const f = await loadFixture(deployFixture);
      const next = { ...DEFAULT_POLICY, lprBps: 350n, rateCapBps: 1400n, feeCapBps: 200n, requiredKinds: 0x07n, enterpriseCap: 5_000_000n * 10n ** 6n };
      const tx = await f.registry.setPolicy(next);
      const receipt = await tx.wait();
      const event = f.registry.interface.parseLog(receipt!.logs[0])!;
      expect(event.name).to.equal("PolicySet");
      expect(policyObject(event.args.policy)).to.deep.equal(next);
      expect(event.args.regulator).to.equal(f.regulator.address);
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
        await expect(f.registry.setPolicy({ ...DEFAULT_POLICY, ...change }), JSON.stringify(change, (_, v) => (typeof v === "bigint" ? v.toString() : v)))
          .to.be.revertedWithCustomError(f.registry, "RegistryInvalidPolicy");
      }
      await expect(f.registry.connect(f.operator).setPolicy({ ...DEFAULT_POLICY, lprBps: 250n, rateCapBps: 1000n }))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.operator.address, Role.Regulator, Role.Operator);
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
        await f.registry.setPolicy(change);
        await mine(2);
      }
      // Two changes in one block: the later one in log order is the one in force at the end of the block.
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        await f.registry.setPolicy(changes[1]);
        await f.registry.setPolicy(changes[2]);
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
    it("sets and unsets the pause flag, by the regulator only, with events", async function () {
      const f = await loadFixture(deployFixture);
      expect(await f.registry.paused()).to.equal(false);
      await expect(f.registry.connect(f.operator).setPaused(true))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.operator.address, Role.Regulator, Role.Operator);
      expect(await f.registry.paused()).to.equal(false);

      await expect(f.registry.setPaused(true)).to.emit(f.registry, "PauseSet").withArgs(true, f.regulator.address);
      expect(await f.registry.paused()).to.equal(true);
      await expect(f.registry.connect(f.outsider).setPaused(false))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(f.outsider.address);
      expect(await f.registry.paused()).to.equal(true);
      await expect(f.registry.setPaused(false)).to.emit(f.registry, "PauseSet").withArgs(false, f.regulator.address);
      expect(await f.registry.paused()).to.equal(false);
    });

    it("lets the regulator only mark platform contracts, which may then hold the token", async function () {
      const f = await loadFixture(deployFixture);
      expect(await f.registry.isPlatformContract(f.loanBook)).to.equal(true);
      const [contractAccount] = await spareSigners();
      expect(await f.registry.canHold(contractAccount)).to.equal(false);

      await expect(f.registry.connect(f.operator).setPlatformContract(contractAccount, true))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.operator.address, Role.Regulator, Role.Operator);
      await expect(f.registry.setPlatformContract(ethers.ZeroAddress, true)).to.be.revertedWithCustomError(f.registry, "RegistryZeroAddress");
      expect(await f.registry.isPlatformContract(contractAccount)).to.equal(false);

      await expect(f.registry.setPlatformContract(contractAccount, true))
        .to.emit(f.registry, "PlatformContractSet").withArgs(contractAccount.address, true, f.regulator.address);
      expect(await f.registry.canHold(contractAccount)).to.equal(true);
      expect(await f.registry.isActive(contractAccount)).to.equal(false);
      await expect(f.registry.setPlatformContract(contractAccount, false))
        .to.emit(f.registry, "PlatformContractSet").withArgs(contractAccount.address, false, f.regulator.address);
      expect(await f.registry.canHold(contractAccount)).to.equal(false);
    });
  });
});
