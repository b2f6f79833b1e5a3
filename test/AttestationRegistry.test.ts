import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { deployFixture, attestedUid, admissionExpiry, govern, DAY, type Fixture } from "./helpers/fixture";
import { spareSigners, ratingRequest, signAttest, attestationDomain, type Request } from "./helpers/core";
import { AttestationKind, BusinessScale, Role, Status, kindBit } from "../lib/enums";
import { accountSubject } from "../lib/attestations";

/** A reason in words, as the contracts take it, and the hash their events record beside it. */
const reason = (s: string) => `reason: ${s}`;
const reasonHash = (s: string) => ethers.id(reason(s));
/** The gas budget of a direct credit-rating attestation. */
const ATTEST_GAS_BUDGET = 114_000n; // half of EAS (103,467) plus the pause check and two proxies; see docs/benchmarks.md

async function attest(f: Fixture, by: HardhatEthersSigner, request: Request = ratingRequest()): Promise<string> {
  return attestedUid(f, await f.attestations.connect(by).attest(request));
}

/** What a failed call leaves: the author's nonce and the number of attestations it has on record. */
async function footprint(f: Fixture, attester: string) {
  return {
    nonce: await f.attestations.nonces(attester),
    recorded: (await f.attestations.queryFilter(f.attestations.filters.Attested(undefined, attester))).length,
  };
}

describe("AttestationRegistry", function () {
  describe("direct attestations", function () {
    it("records an accredited agency's statement, with the uid the contract computes", async function () {
      const f = await loadFixture(deployFixture);
      const request = ratingRequest({ expiresAt: BigInt((await time.latest()) + 30 * DAY) });
      const tx = await f.attestations.connect(f.rater).attest(request);
      const receipt = (await tx.wait())!;
      const uid = await f.attestations.uidOf(request, f.rater, receipt.blockNumber);
      await expect(tx).to.emit(f.attestations, "Attested").withArgs(
        uid, f.rater.address, request.subject, request.kind, request.value, request.dataHash, request.refUID, request.expiresAt, f.rater.address,
      );
      const a = await f.attestations.getAttestation(uid);
      expect([a.attester, a.kind, a.expiresAt, a.revokedAt, a.subject, a.value]).to.deep.equal([
        f.rater.address, BigInt(request.kind), BigInt(request.expiresAt), 0n, request.subject, request.value,
      ]);
      expect(await f.attestations.isValid(uid)).to.equal(true);
    });

    it(`costs at most ${ATTEST_GAS_BUDGET} gas for a credit rating of a random subject`, async function () {
      const f = await loadFixture(deployFixture);
      const receipt = (await (await f.attestations.connect(f.rater).attest(ratingRequest({ value: 4n }))).wait())!;
      expect(receipt.gasUsed).to.be.lessThanOrEqual(ATTEST_GAS_BUDGET);
    });

    it("refuses an agency outside its accredited kinds, a non-agency, an unadmitted, a suspended or an expired author", async function () {
      const f = await loadFixture(deployFixture);
      const [shortLived] = await spareSigners();
      const expiry = BigInt((await time.latest()) + 10 * DAY);
      await f.registry.admit(shortLived, Role.Agency, kindBit(AttestationKind.CreditRating), BusinessScale.None, expiry, ethers.id("short"));
      const before = await Promise.all([f.guarantor, f.enterprise, f.outsider, f.rater, shortLived].map((s) => footprint(f, s.address)));

      await expect(f.attestations.connect(f.guarantor).attest(ratingRequest()))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotAccredited").withArgs(f.guarantor.address, AttestationKind.CreditRating);
      await expect(f.attestations.connect(f.rater).attest(ratingRequest({ kind: AttestationKind.Audit })))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotAccredited").withArgs(f.rater.address, AttestationKind.Audit);
      await expect(f.attestations.connect(f.enterprise).attest(ratingRequest()))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.enterprise.address, Role.Agency, Role.Enterprise);
      await expect(f.attestations.connect(f.outsider).attest(ratingRequest()))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(f.outsider.address);
      await f.registry.suspend(f.rater, reason("inquiry"));
      await expect(f.attestations.connect(f.rater).attest(ratingRequest()))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotActive").withArgs(f.rater.address, Status.Suspended);
      await time.increaseTo(expiry);
      await expect(f.attestations.connect(shortLived).attest(ratingRequest()))
        .to.be.revertedWithCustomError(f.registry, "RegistryAdmissionExpired").withArgs(shortLived.address, expiry);

      const after = await Promise.all([f.guarantor, f.enterprise, f.outsider, f.rater, shortLived].map((s) => footprint(f, s.address)));
      expect(after).to.deep.equal(before);
    });

    it("takes supervision notices from an active regulator only, with their words in the event and their hash as dataHash", async function () {
      const f = await loadFixture(deployFixture);
      const subject = accountSubject(f.enterprise.address);
      const text = "Annual accounts for 2025 not filed; file them with the bureau within 30 days.";
      const tx = await f.attestations.connect(f.regulator).publishNotice(subject, 2n, ethers.ZeroHash, text);
      const uid = await attestedUid(f, tx);
      await expect(tx).to.emit(f.attestations, "NoticePublished").withArgs(uid, subject, text);
      await expect(tx).to.emit(f.attestations, "Attested").withArgs(
        uid, f.regulator.address, subject, AttestationKind.SupervisionNotice, 2n, ethers.id(text), ethers.ZeroHash, 0n, f.regulator.address,
      );
      const a = await f.attestations.getAttestation(uid);
      expect([a.attester, a.kind, a.value]).to.deep.equal([f.regulator.address, BigInt(AttestationKind.SupervisionNotice), 2n]);
      expect(await f.attestations.isValid(uid)).to.equal(true);

      const before = await Promise.all([f.operator, f.rater, f.regulator].map((s) => footprint(f, s.address)));
      await expect(f.attestations.connect(f.operator).publishNotice(subject, 1n, ethers.ZeroHash, text))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.operator.address, Role.Regulator, Role.Operator);
      await expect(f.attestations.connect(f.rater).publishNotice(subject, 1n, ethers.ZeroHash, text))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.rater.address, Role.Regulator, Role.Agency);
      // A notice without words, or one sent through attest (which carries only a hash), is refused.
      await expect(f.attestations.connect(f.regulator).publishNotice(subject, 1n, ethers.ZeroHash, ""))
        .to.be.revertedWithCustomError(f.attestations, "AttestationEmptyText");
      const hashOnly = ratingRequest({ kind: AttestationKind.SupervisionNotice, subject, value: 0n });
      await expect(f.attestations.connect(f.regulator).attest(hashOnly))
        .to.be.revertedWithCustomError(f.attestations, "AttestationKindNotAllowed").withArgs(AttestationKind.SupervisionNotice);
      expect(await Promise.all([f.operator, f.rater, f.regulator].map((s) => footprint(f, s.address)))).to.deep.equal(before);

      const regulator2 = f.regulator3;
      await govern(f, f.registry, "suspend", [regulator2, reason("x")]);
      await expect(f.attestations.connect(regulator2).publishNotice(subject, 1n, ethers.ZeroHash, text))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotActive").withArgs(regulator2.address, Status.Suspended);
      expect((await footprint(f, regulator2.address)).recorded).to.equal(0);
    });

    it("requires a referenced attestation to exist", async function () {
      const f = await loadFixture(deployFixture);
      const unknown = ethers.id("no such attestation");
      const before = await footprint(f, f.rater.address);
      await expect(f.attestations.connect(f.rater).attest(ratingRequest({ refUID: unknown })))
        .to.be.revertedWithCustomError(f.attestations, "AttestationUnknownReference").withArgs(unknown);
      expect(await footprint(f, f.rater.address)).to.deep.equal(before);

      const first = await attest(f, f.rater);
      const second = await attest(f, f.rater, ratingRequest({ refUID: first, subject: first }));
      expect(await f.attestations.isValid(second)).to.equal(true);
    });

    it("refuses an expiry that is not in the future", async function () {
      const f = await loadFixture(deployFixture);
      const before = await footprint(f, f.rater.address);
      const past = BigInt(await time.latest());
      await expect(f.attestations.connect(f.rater).attest(ratingRequest({ expiresAt: past })))
        .to.be.revertedWithCustomError(f.attestations, "AttestationInvalidExpiry").withArgs(past);
      const now = BigInt((await time.latest()) + 50);
      await time.setNextBlockTimestamp(now);
      await expect(f.attestations.connect(f.rater).attest(ratingRequest({ expiresAt: now })))
        .to.be.revertedWithCustomError(f.attestations, "AttestationInvalidExpiry").withArgs(now);
      expect(await footprint(f, f.rater.address)).to.deep.equal(before);
    });

    it("refuses the same statement twice in one block", async function () {
      const f = await loadFixture(deployFixture);
      const request = ratingRequest();
      await ethers.provider.send("evm_setAutomine", [false]);
      let first, second;
      try {
        first = await f.attestations.connect(f.rater).attest(request, { gasLimit: 300_000 });
        second = await f.attestations.connect(f.rater).attest(request, { gasLimit: 300_000 });
        await mine();
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      const [r1, r2] = await Promise.all([first, second].map((tx) => ethers.provider.getTransactionReceipt(tx.hash)));
      expect(r1!.blockNumber).to.equal(r2!.blockNumber);
      expect(r1!.status).to.equal(1);
      expect(r2!.status).to.equal(0);
      const uid = await f.attestations.uidOf(request, f.rater, r1!.blockNumber);
      const trace = await ethers.provider.send("debug_traceTransaction", [second.hash, { disableMemory: true, disableStack: true, disableStorage: true }]);
      const error = f.attestations.interface.parseError(`0x${trace.returnValue.replace(/^0x/, "")}`)!;
      expect(error.name).to.equal("AttestationAlreadyExists");
      expect(error.args.uid).to.equal(uid);
      expect(r2!.logs).to.have.length(0);
      expect((await footprint(f, f.rater.address)).recorded).to.equal(1);
      // The same statement in a later block is a new attestation.
      await attest(f, f.rater, request);
      expect((await footprint(f, f.rater.address)).recorded).to.equal(2);
    });
  });

  describe("operating disclosures", function () {
    it("are made by an active enterprise about itself, with the period recorded", async function () {
      const f = await loadFixture(deployFixture);
      const revenue = 1_234_567n * 10n ** 6n;
      const dataHash = ethers.id("2025-06 accounts");
      const tx = await f.attestations.connect(f.enterprise).disclose(202506, revenue, dataHash);
      const uid = await attestedUid(f, tx);
      const subject = accountSubject(f.enterprise.address);
      await expect(tx).to.emit(f.attestations, "OperatingDisclosed").withArgs(uid, f.enterprise.address, 202506, revenue);
      await expect(tx).to.emit(f.attestations, "Attested").withArgs(
        uid, f.enterprise.address, subject, AttestationKind.OperatingDisclosure, revenue, dataHash, ethers.ZeroHash, 0, f.enterprise.address,
      );
      const a = await f.attestations.getAttestation(uid);
      expect([a.attester, a.kind, a.subject, a.value]).to.deep.equal([f.enterprise.address, BigInt(AttestationKind.OperatingDisclosure), subject, revenue]);
      expect(await f.attestations.disclosurePeriod(uid)).to.equal(202506);
      expect(await f.attestations.isValid(uid)).to.equal(true);

      await f.registry.suspend(f.enterprise, reason("x"));
      expect(await f.attestations.isValid(uid)).to.equal(false);
    });

    it("are refused to anyone but an active enterprise, and through attest", async function () {
      const f = await loadFixture(deployFixture);
      const investor = f.investors[0];
      const before = await Promise.all([investor, f.enterprise, f.enterprise2, f.rater].map((s) => footprint(f, s.address)));
      await expect(f.attestations.connect(investor).disclose(202506, 1n, ethers.ZeroHash))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(investor.address, Role.Enterprise, Role.Investor);
      await f.registry.suspend(f.enterprise2, reason("x"));
      await expect(f.attestations.connect(f.enterprise2).disclose(202506, 1n, ethers.ZeroHash))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotActive").withArgs(f.enterprise2.address, Status.Suspended);
      const viaAttest = ratingRequest({ kind: AttestationKind.OperatingDisclosure, subject: accountSubject(f.enterprise.address) });
      for (const by of [f.enterprise, f.rater]) {
        await expect(f.attestations.connect(by).attest(viaAttest))
          .to.be.revertedWithCustomError(f.attestations, "AttestationKindNotAllowed").withArgs(AttestationKind.OperatingDisclosure);
      }
      expect(await Promise.all([investor, f.enterprise, f.enterprise2, f.rater].map((s) => footprint(f, s.address)))).to.deep.equal(before);
    });
  });

  describe("validity", function () {
    it("ends at the attestation's own expiry", async function () {
      const f = await loadFixture(deployFixture);
      const expiresAt = BigInt((await time.latest()) + 30 * DAY);
      const uid = await attest(f, f.rater, ratingRequest({ expiresAt }));
      expect(await f.attestations.isValid(uid)).to.equal(true);
      await time.increaseTo(expiresAt);
      expect(await f.attestations.isValid(uid)).to.equal(false);
    });

    it("follows the author's admission: suspended, kind withdrawn, expired, revoked", async function () {
      const f = await loadFixture(deployFixture);
      const uid = await attest(f, f.rater);
      const valid = () => f.attestations.isValid(uid);

      await f.registry.suspend(f.rater, reason("inquiry"));
      expect(await valid()).to.equal(false);
      await govern(f, f.registry, "reinstate", [f.rater]);
      expect(await valid()).to.equal(true);

      await f.registry.setAgencyKinds(f.rater, kindBit(AttestationKind.Identity));
      expect(await valid()).to.equal(false);
      await f.registry.setAgencyKinds(f.rater, kindBit(AttestationKind.Identity) | kindBit(AttestationKind.CreditRating));
      expect(await valid()).to.equal(true);

      const { expiresAt } = await f.registry.participant(f.rater);
      await time.increaseTo(expiresAt);
      expect(await valid()).to.equal(false);
      await f.registry.renew(f.rater, expiresAt + BigInt(365 * DAY), ethers.id("rater renewed"));
      expect(await valid()).to.equal(true);

      await govern(f, f.registry, "revoke", [f.rater, reason("licence withdrawn")]);
      expect(await valid()).to.equal(false);
      expect((await f.attestations.getAttestation(uid)).attester).to.equal(f.rater.address);
    });

    it("is false for an unknown uid", async function () {
      const f = await loadFixture(deployFixture);
      expect(await f.attestations.isValid(ethers.id("unknown"))).to.equal(false);
    });
  });

  describe("revocation", function () {
    it("by the author is recorded beside the statement, which stays readable", async function () {
      const f = await loadFixture(deployFixture);
      const uid = await attest(f, f.rater);
      const before = await f.attestations.getAttestation(uid);
      await expect(f.attestations.connect(f.rater).revoke(uid, reason("error in report")))
        .to.emit(f.attestations, "AttestationRevoked").withArgs(uid, f.rater.address, reasonHash("error in report"), reason("error in report"));
      const after = await f.attestations.getAttestation(uid);
      expect(after.revokedAt).to.equal(await time.latest());
      expect([after.attester, after.kind, after.expiresAt, after.subject, after.value])
        .to.deep.equal([before.attester, before.kind, before.expiresAt, before.subject, before.value]);
      expect(await f.attestations.isValid(uid)).to.equal(false);

      await expect(f.attestations.connect(f.rater).revoke(uid, reason("again")))
        .to.be.revertedWithCustomError(f.attestations, "AttestationAlreadyRevoked").withArgs(uid);
      await expect(f.attestations.connect(f.regulator).revoke(uid, reason("again")))
        .to.be.revertedWithCustomError(f.attestations, "AttestationAlreadyRevoked").withArgs(uid);
      expect((await f.attestations.getAttestation(uid)).revokedAt).to.equal(after.revokedAt);
    });

    it("needs a reason in words", async function () {
      const f = await loadFixture(deployFixture);
      const uid = await attest(f, f.rater);
      for (const by of [f.rater, f.regulator]) {
        await expect(f.attestations.connect(by).revoke(uid, "")).to.be.revertedWithCustomError(f.attestations, "AttestationEmptyText");
      }
      expect((await f.attestations.getAttestation(uid)).revokedAt).to.equal(0);
      expect(await f.attestations.isValid(uid)).to.equal(true);
    });

    it("by an active regulator", async function () {
      const f = await loadFixture(deployFixture);
      const uid = await attest(f, f.rater);
      await expect(f.attestations.connect(f.regulator).revoke(uid, reason("supervision")))
        .to.emit(f.attestations, "AttestationRevoked").withArgs(uid, f.regulator.address, reasonHash("supervision"), reason("supervision"));
      expect((await f.attestations.getAttestation(uid)).revokedAt).to.equal(await time.latest());
    });

    it("is refused to anyone else, and for an unknown uid", async function () {
      const f = await loadFixture(deployFixture);
      const uid = await attest(f, f.rater);
      const regulator2 = f.regulator3;
      await govern(f, f.registry, "suspend", [regulator2, reason("x")]);
      for (const by of [f.guarantor, f.operator, f.enterprise, f.outsider, regulator2]) {
        await expect(f.attestations.connect(by).revoke(uid, reason("not mine")))
          .to.be.revertedWithCustomError(f.attestations, "AttestationNotRevocableBy").withArgs(uid, by.address);
      }
      expect((await f.attestations.getAttestation(uid)).revokedAt).to.equal(0);
      expect(await f.attestations.isValid(uid)).to.equal(true);

      const unknown = ethers.id("unknown");
      await expect(f.attestations.connect(f.regulator).revoke(unknown, reason("x")))
        .to.be.revertedWithCustomError(f.attestations, "AttestationNotFound").withArgs(unknown);
    });
  });

  describe("relayed with an EIP-712 signature", function () {
    async function signed(f: Fixture, signer: HardhatEthersSigner, attester: string, request = ratingRequest(), deadlineIn = DAY) {
      const nonce = await f.attestations.nonces(attester);
      const deadline = BigInt((await time.latest()) + deadlineIn);
      const signature = await signAttest(f, signer, request, attester, nonce, deadline);
      return { request, attester, nonce, deadline, signature };
    }

    const relay = (f: Fixture, relayer: HardhatEthersSigner, s: Awaited<ReturnType<typeof signed>>) =>
      f.attestations.connect(relayer).attestBySignature(s.request, s.attester, s.nonce, s.deadline, s.signature);

    it("publishes the EIP-712 domain separator signers must use: this name, version, chain and contract", async function () {
      const f = await loadFixture(deployFixture);
      expect(await f.attestations.domainSeparator()).to.equal(ethers.TypedDataEncoder.hashDomain(await attestationDomain(f)));
    });

    it("lets an agency cancel its unused nonce, so a signed statement nobody relayed yet can never be recorded", async function () {
      const f = await loadFixture(deployFixture);
      const s = await signed(f, f.rater, f.rater.address);
      await expect(f.attestations.connect(f.rater).cancelNonce(s.nonce)).to.emit(f.attestations, "NonceCancelled").withArgs(f.rater.address, s.nonce);
      expect(await f.attestations.nonces(f.rater)).to.equal(s.nonce + 1n);
      await expect(relay(f, f.outsider, s)).to.be.revertedWithCustomError(f.attestations, "InvalidAccountNonce").withArgs(f.rater.address, s.nonce + 1n);
      // only its next nonce, and only its own
      await expect(f.attestations.connect(f.rater).cancelNonce(s.nonce)).to.be.revertedWithCustomError(f.attestations, "InvalidAccountNonce").withArgs(f.rater.address, s.nonce + 1n);
      expect(await f.attestations.nonces(f.outsider)).to.equal(0n);
      await f.registry.connect(f.regulator).setPaused(true);
      await expect(f.attestations.connect(f.rater).cancelNonce(s.nonce + 1n)).to.emit(f.attestations, "NonceCancelled");
    });

    it("records an EOA agency's statement sent by a relayer, and uses the signer's nonce", async function () {
      const f = await loadFixture(deployFixture);
      const s = await signed(f, f.rater, f.rater.address);
      expect(s.nonce).to.equal(0n);
      const tx = await relay(f, f.outsider, s);
      const uid = await attestedUid(f, tx);
      const r = s.request;
      await expect(tx).to.emit(f.attestations, "Attested")
        .withArgs(uid, f.rater.address, r.subject, r.kind, r.value, r.dataHash, r.refUID, r.expiresAt, f.outsider.address);
      expect((await f.attestations.getAttestation(uid)).attester).to.equal(f.rater.address);
      expect(await f.attestations.nonces(f.rater)).to.equal(1n);
      expect(await f.attestations.isValid(uid)).to.equal(true);

      const next = await signed(f, f.rater, f.rater.address);
      expect(next.nonce).to.equal(1n);
      await relay(f, f.operator, next);
      expect(await f.attestations.nonces(f.rater)).to.equal(2n);
    });

    it("refuses a replayed signature", async function () {
      const f = await loadFixture(deployFixture);
      const s = await signed(f, f.rater, f.rater.address);
      await relay(f, f.outsider, s);
      const before = await footprint(f, f.rater.address);
      await expect(relay(f, f.outsider, s))
        .to.be.revertedWithCustomError(f.attestations, "InvalidAccountNonce").withArgs(f.rater.address, 1n);
      expect(await footprint(f, f.rater.address)).to.deep.equal(before);
    });

    it("refuses a passed deadline", async function () {
      const f = await loadFixture(deployFixture);
      const s = await signed(f, f.rater, f.rater.address, ratingRequest(), 60);
      await time.increaseTo(s.deadline + 1n);
      const before = await footprint(f, f.rater.address);
      await expect(relay(f, f.outsider, s))
        .to.be.revertedWithCustomError(f.attestations, "AttestationDeadlinePassed").withArgs(s.deadline);
      expect(await footprint(f, f.rater.address)).to.deep.equal(before);
    });

    it("refuses a signature by someone else or over other fields", async function () {
      const f = await loadFixture(deployFixture);
      const before = await footprint(f, f.rater.address);
      const forged = await signed(f, f.guarantor, f.rater.address);
      await expect(relay(f, f.outsider, forged))
        .to.be.revertedWithCustomError(f.attestations, "AttestationInvalidSignature").withArgs(f.rater.address);

      const genuine = await signed(f, f.rater, f.rater.address);
      const tampered: Request[] = [
        { ...genuine.request, value: genuine.request.value + 1n },
        { ...genuine.request, subject: ethers.id("another subject") },
        { ...genuine.request, dataHash: ethers.id("another report") },
        { ...genuine.request, kind: AttestationKind.Identity },
        { ...genuine.request, expiresAt: genuine.deadline },
      ];
      for (const request of tampered) {
        await expect(relay(f, f.outsider, { ...genuine, request }))
          .to.be.revertedWithCustomError(f.attestations, "AttestationInvalidSignature").withArgs(f.rater.address);
      }
      await expect(relay(f, f.outsider, { ...genuine, deadline: genuine.deadline + 1n }))
        .to.be.revertedWithCustomError(f.attestations, "AttestationInvalidSignature").withArgs(f.rater.address);
      // The rater's own signature, presented as the guarantor's.
      await expect(relay(f, f.outsider, { ...genuine, attester: f.guarantor.address }))
        .to.be.revertedWithCustomError(f.attestations, "AttestationInvalidSignature").withArgs(f.guarantor.address);
      expect(await footprint(f, f.rater.address)).to.deep.equal(before);
      expect(await f.attestations.nonces(f.guarantor)).to.equal(0n);

      // Untouched, the same signature goes through.
      await relay(f, f.outsider, genuine);
      expect(await f.attestations.nonces(f.rater)).to.equal(1n);
    });

    it("refuses a signer that is not accredited for the kind", async function () {
      const f = await loadFixture(deployFixture);
      const s = await signed(f, f.guarantor, f.guarantor.address);
      const before = await footprint(f, f.guarantor.address);
      await expect(relay(f, f.outsider, s))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotAccredited").withArgs(f.guarantor.address, AttestationKind.CreditRating);
      const unadmitted = await signed(f, f.outsider, f.outsider.address);
      await expect(relay(f, f.rater, unadmitted))
        .to.be.revertedWithCustomError(f.registry, "RegistryNotAdmitted").withArgs(f.outsider.address);
      expect(await footprint(f, f.guarantor.address)).to.deep.equal(before);
      expect(await f.attestations.nonces(f.outsider)).to.equal(0n);
    });

    it("accepts an ERC-1271 contract agency whose owner key signs", async function () {
      const f = await loadFixture(deployFixture);
      const [owner, stranger] = await spareSigners();
      const wallet = await ethers.deployContract("ERC1271WalletMock", [owner.address]);
      const walletAddress = await wallet.getAddress();
      await f.registry.admit(wallet, Role.Agency, kindBit(AttestationKind.CreditRating), BusinessScale.None, await admissionExpiry(), ethers.id("wallet agency"));

      const bad = await signed(f, stranger, walletAddress);
      await expect(relay(f, f.outsider, bad))
        .to.be.revertedWithCustomError(f.attestations, "AttestationInvalidSignature").withArgs(walletAddress);
      expect(await footprint(f, walletAddress)).to.deep.equal({ nonce: 0n, recorded: 0 });

      const s = await signed(f, owner, walletAddress);
      const uid = await attestedUid(f, await relay(f, f.outsider, s));
      expect((await f.attestations.getAttestation(uid)).attester).to.equal(walletAddress);
      expect(await f.attestations.isValid(uid)).to.equal(true);
      expect(await footprint(f, walletAddress)).to.deep.equal({ nonce: 1n, recorded: 1 });
    });

    it("checks a contract signature with a static call: a signer that re-enters gets nothing recorded", async function () {
      const f = await loadFixture(deployFixture);
      const sideRequest = ratingRequest();
      const signer = await ethers.deployContract("ReentrantERC1271SignerMock", [await f.attestations.getAddress(), sideRequest]);
      const signerAddress = await signer.getAddress();
      await f.registry.admit(signer, Role.Agency, kindBit(AttestationKind.CreditRating), BusinessScale.None, await admissionExpiry(), ethers.id("reentrant agency"));

      const deadline = BigInt((await time.latest()) + DAY);
      await expect(f.attestations.connect(f.outsider).attestBySignature(ratingRequest(), signerAddress, 0, deadline, "0x"))
        .to.be.revertedWithCustomError(f.attestations, "AttestationInvalidSignature").withArgs(signerAddress);
      expect(await footprint(f, signerAddress)).to.deep.equal({ nonce: 0n, recorded: 0 });

      // Called as an ordinary transaction, the same code would record its side attestation.
      await signer.isValidSignature(ethers.ZeroHash, "0x");
      expect((await footprint(f, signerAddress)).recorded).to.equal(1);
    });
  });
});
