import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployFixture, listedLoan, type Fixture } from "../helpers/fixture";
import {
  AGENCY_KINDS,
  ALL_AGENCY_KINDS,
  accountSubject,
  describeAttestationValue,
  describeSubject,
  encodeAttestationValue,
  isListable,
  kindLabel,
  kindsOfMask,
  kindsText,
  loanSubject,
  maskOfKinds,
  missingKinds,
  readAttestations,
} from "../../lib/attestations";
import { AttestationKind, kindBit } from "../../lib/enums";
import { deploymentOf, publicClient } from "./helpers/viem";

describe("lib/attestations", function () {
  it("derives the agency-kind mask the contracts declare", async function () {
    const harness = await (await ethers.getContractFactory("AgencyKindsHarness")).deploy();
    expect(ALL_AGENCY_KINDS).to.equal(Number(await harness.agencyKindsMask()));
    expect(ALL_AGENCY_KINDS).to.equal(0x3f);
  });

  it("decodes and encodes kind masks, with labels", function () {
    const mask = kindBit(AttestationKind.Identity) | kindBit(AttestationKind.Audit);
    expect(kindsOfMask(mask)).to.deep.equal([AttestationKind.Identity, AttestationKind.Audit]);
    expect(kindsText(mask)).to.equal("Identity, Audit");
    expect(kindsText(0)).to.equal("none");
    expect(kindsOfMask(ALL_AGENCY_KINDS)).to.deep.equal([...AGENCY_KINDS]);
    expect(maskOfKinds([AttestationKind.CreditRating, AttestationKind.Guarantee])).to.equal(0b110);
    expect(() => maskOfKinds([AttestationKind.SupervisionNotice])).to.throw("SupervisionNotice is not an agency service kind");
    expect(kindLabel(AttestationKind.IPValuation)).to.equal("IP valuation");
  });

  it("encodes subjects and says what they are about", function () {
    expect(loanSubject(7)).to.equal(`0x${"0".repeat(63)}7`);
    const account = "0x00000000000000000000000000000000000000AB";
    expect(accountSubject(account)).to.equal(`0x${"0".repeat(24)}${account.slice(2).toLowerCase()}`);
    expect(describeSubject(loanSubject(7))).to.equal("loan 7");
    expect(describeSubject(accountSubject("0x1234567890123456789012345678901234567890"))).to.equal("the enterprise");
  });

  it("encodes what a person typed per kind and describes it back", function () {
    expect(encodeAttestationValue(AttestationKind.CreditRating, "BBB")).to.equal(4n);
    expect(encodeAttestationValue(AttestationKind.CreditRating, "4")).to.equal(4n);
    expect(encodeAttestationValue(AttestationKind.Guarantee, "45000.5")).to.equal(45_000_500_000n);
    expect(encodeAttestationValue(AttestationKind.Identity, "0")).to.equal(0n);
    expect(() => encodeAttestationValue(AttestationKind.Audit, "yes")).to.throw("Audit value must be a whole number");
    expect(describeAttestationValue(AttestationKind.CreditRating, 4n)).to.equal("BBB");
    expect(describeAttestationValue(AttestationKind.CreditRating, 11n)).to.equal("11");
    expect(describeAttestationValue(AttestationKind.Guarantee, 45_000_000_000n)).to.equal("covers 45000 sDEP");
    expect(describeAttestationValue(AttestationKind.SupervisionNotice, 2n)).to.equal("warning");
    expect(describeAttestationValue(AttestationKind.SupervisionNotice, 9n)).to.equal("severity 9");
    expect(describeAttestationValue(AttestationKind.Identity, 0n)).to.equal("verified");
  });

  it("reads a loan's attestations with their validity, and lists only valid agency statements", async function () {
    const f: Fixture = await loadFixture(deployFixture);
    const id = await listedLoan(f);
    const deployment = await deploymentOf(f);
    const read = () =>
      readAttestations(publicClient(), { registry: deployment.contracts.AttestationRegistry.address, fromBlock: 0n, loanId: id, enterprise: f.enterprise.address as `0x${string}` });
    const rows = await read();
    expect(rows.map((r) => r.kindName)).to.deep.equal(["Identity", "CreditRating"]);
    expect(rows.every((r) => r.valid && !r.revoked && r.relayer === r.attester)).to.equal(true);
    expect(rows.filter(isListable)).to.have.length(2);
    await f.attestations.connect(f.rater).revoke(rows[1].uid, "withdrawn: the report was superseded");
    const after = await read();
    expect(after[1]).to.deep.include({ valid: false, revoked: true });
    expect(after.filter(isListable).map((r) => r.uid)).to.deep.equal([rows[0].uid]);
    const byKind = await readAttestations(publicClient(), { registry: deployment.contracts.AttestationRegistry.address, fromBlock: 0n, attester: f.rater.address as `0x${string}`, kind: AttestationKind.Identity });
    expect(byKind.map((r) => r.uid)).to.deep.equal([rows[0].uid]);
  });
});

describe("lib/attestations missingKinds", function () {
  it("names the required kinds the presented attestations do not cover, ignoring kinds that are not agency services", function () {
    const required = kindBit(AttestationKind.Identity) | kindBit(AttestationKind.CreditRating);
    expect(missingKinds(required, [{ kind: AttestationKind.Identity }])).to.equal(kindBit(AttestationKind.CreditRating));
    expect(missingKinds(required, [{ kind: AttestationKind.SupervisionNotice }])).to.equal(required);
    expect(missingKinds(required, [{ kind: AttestationKind.CreditRating }, { kind: AttestationKind.Identity }, { kind: AttestationKind.Audit }])).to.equal(0);
    expect(missingKinds(0, [])).to.equal(0);
  });
});
