import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  deployFixture, defaultTerms, publish, listedLoan, attestForListing, attestedUid, fundFrom, activeLoan, expectConserved, units, DAY, govern, type Fixture,
} from "./helpers/fixture";
import { expectRefused, spareSigner, admitFor, setPolicyWith } from "./helpers/loanbook";
import { AttestationKind, LoanState, Role, Status, kindBit, ratingCode, type Rating } from "../lib/enums";
import { loanSubject, accountSubject } from "../lib/attestations";

const IDENTITY_AND_RATING = kindBit(AttestationKind.Identity) | kindBit(AttestationKind.CreditRating);

async function reviewedLoan(f: Fixture, terms = defaultTerms(), by = f.enterprise): Promise<bigint> {
  const id = await publish(f, terms, by);
  await f.loanBook.connect(f.operator).openReview(id);
  return id;
}

async function ratingOf(f: Fixture, id: bigint, rating: Rating, subject = loanSubject(id), expiresAt = 0): Promise<string> {
  const request = { kind: AttestationKind.CreditRating, subject, value: BigInt(ratingCode(rating)), dataHash: ethers.id(`rating-${rating}-${subject}`), refUID: ethers.ZeroHash, expiresAt };
  return attestedUid(f, await f.attestations.connect(f.rater).attest(request));
}

async function identityOf(f: Fixture, enterprise: string): Promise<string> {
  const request = { kind: AttestationKind.Identity, subject: accountSubject(enterprise), value: 0n, dataHash: ethers.id(`identity-${enterprise}`), refUID: ethers.ZeroHash, expiresAt: 0 };
  return attestedUid(f, await f.attestations.connect(f.rater).attest(request));
}

describe("LoanBook: publish", function () {
  it("records a demand from an active enterprise and emits its terms", async function () {
    const f = await loadFixture(deployFixture);
    const terms = defaultTerms();
    const metadata = ethers.id("metadata");
    await expect(f.loanBook.connect(f.enterprise).publish(terms, metadata, "new line"))
      .to.emit(f.loanBook, "LoanPublished").withArgs(1n, f.enterprise.address, Object.values(terms), metadata, "new line")
      .and.to.emit(f.loanBook, "LoanStateChanged").withArgs(1n, LoanState.None, LoanState.Published);
    const loan = await f.loanBook.getLoan(1n);
    expect(loan.enterprise).to.equal(f.enterprise.address);
    expect(loan.state).to.equal(LoanState.Published);
    expect(loan.terms.amount).to.equal(terms.amount);
    expect(await f.loanBook.loanCount()).to.equal(1n);
  });

  it("refuses unadmitted, suspended, expired and wrong-role callers with the registry's errors", async function () {
    const f = await loadFixture(deployFixture);
    const terms = defaultTerms();
    const refuse = (by: typeof f.enterprise, error: string, ...args: unknown[]) =>
      expectRefused(f, [], [by], () => expect(f.loanBook.connect(by).publish(terms, ethers.ZeroHash, "")).to.be.revertedWithCustomError(f.registry, error).withArgs(...args));

    await refuse(f.outsider, "RegistryNotAdmitted", f.outsider.address);
    await refuse(f.investors[0], "RegistryWrongRole", f.investors[0].address, Role.Enterprise, Role.Investor);
    await refuse(f.operator, "RegistryWrongRole", f.operator.address, Role.Enterprise, Role.Operator);

    await f.registry.connect(f.regulator).suspend(f.enterprise, ethers.id("inquiry"));
    await refuse(f.enterprise, "RegistryNotActive", f.enterprise.address, Status.Suspended);

    const shortLived = await spareSigner(0);
    const expiry = await admitFor(f, shortLived, Role.Enterprise, 10 * DAY);
    await f.loanBook.connect(shortLived).publish(terms, ethers.ZeroHash, "");
    await time.increaseTo(expiry);
    await refuse(shortLived, "RegistryAdmissionExpired", shortLived.address, expiry);
    expect(await f.loanBook.loanCount()).to.equal(1n);
  });

  it("refuses invalid amounts", async function () {
    const f = await loadFixture(deployFixture);
    for (const [amount, minRaise] of [[units(100), 0n], [units(100), units(101)], [0n, 0n]]) {
      await expectRefused(f, [], [f.enterprise], () =>
        expect(f.loanBook.connect(f.enterprise).publish(defaultTerms({ amount, minRaise }), ethers.ZeroHash, ""))
          .to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidAmount").withArgs(amount, minRaise));
    }
  });

  it("refuses schedules of 0 or more than 360 instalments, periods outside 1..365 days and terms over 30 years", async function () {
    const f = await loadFixture(deployFixture);
    const bad: [number, number][] = [[0, 30 * DAY], [361, DAY], [12, DAY - 1], [1, 365 * DAY + 1], [360, 31 * DAY]];
    for (const [instalments, periodLength] of bad) {
      await expectRefused(f, [], [f.enterprise], () =>
        expect(f.loanBook.connect(f.enterprise).publish(defaultTerms({ instalments, periodLength }), ethers.ZeroHash, ""))
          .to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidSchedule").withArgs(instalments, periodLength));
    }
    // The limits themselves are accepted.
    for (const [instalments, periodLength] of [[1, DAY], [360, 30 * DAY], [30, 365 * DAY]]) {
      await f.loanBook.connect(f.enterprise).publish(defaultTerms({ instalments, periodLength }), ethers.ZeroHash, "");
    }
    expect(await f.loanBook.loanCount()).to.equal(3n);
  });

  it("refuses funding periods outside 1 hour..180 days", async function () {
    const f = await loadFixture(deployFixture);
    for (const fundingPeriod of [0, 3600 - 1, 180 * DAY + 1]) {
      await expectRefused(f, [], [f.enterprise], () =>
        expect(f.loanBook.connect(f.enterprise).publish(defaultTerms({ fundingPeriod }), ethers.ZeroHash, ""))
          .to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidFundingPeriod").withArgs(fundingPeriod));
    }
  });

  it("refuses a rate above the policy cap and accepts the cap itself", async function () {
    const f = await loadFixture(deployFixture);
    await expectRefused(f, [], [f.enterprise], () =>
      expect(f.loanBook.connect(f.enterprise).publish(defaultTerms({ rateBps: 1201 }), ethers.ZeroHash, ""))
        .to.be.revertedWithCustomError(f.loanBook, "LoanBookRateAboveCap").withArgs(1201, 1200));
    await f.loanBook.connect(f.enterprise).publish(defaultTerms({ rateBps: 1200 }), ethers.ZeroHash, "");
  });
});

describe("LoanBook: review", function () {
  it("opens a review by an operator only, once", async function () {
    const f = await loadFixture(deployFixture);
    const id = await publish(f);
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.enterprise).openReview(id))
        .to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.enterprise.address, Role.Operator, Role.Enterprise));
    await expect(f.loanBook.connect(f.operator).openReview(id))
      .to.emit(f.loanBook, "ReviewOpened").withArgs(id, f.operator.address)
      .and.to.emit(f.loanBook, "LoanStateChanged").withArgs(id, LoanState.Published, LoanState.UnderReview);
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.operator).openReview(id))
        .to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(id, LoanState.UnderReview));
    await expect(f.loanBook.connect(f.operator).openReview(99n)).to.be.revertedWithCustomError(f.loanBook, "LoanBookUnknownLoan").withArgs(99n);
  });

  it("requests services only from active agencies accredited for every kind asked, and records them", async function () {
    const f = await loadFixture(deployFixture);
    const id = await publish(f);
    const guaranteeBit = kindBit(AttestationKind.Guarantee);
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.operator).requestService(id, f.rater, IDENTITY_AND_RATING))
        .to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(id, LoanState.Published));
    await f.loanBook.connect(f.operator).openReview(id);

    const refuse = (agency: string, kinds: number, error: string, args: unknown[], by = f.operator) =>
      expectRefused(f, [id], [], () =>
        expect(f.loanBook.connect(by).requestService(id, agency, kinds)).to.be.revertedWithCustomError(error.startsWith("Registry") ? f.registry : f.loanBook, error).withArgs(...args));
    await refuse(f.rater.address, IDENTITY_AND_RATING, "RegistryWrongRole", [f.enterprise.address, Role.Operator, Role.Enterprise], f.enterprise);
    await refuse(f.rater.address, 0, "LoanBookInvalidServiceKinds", [0]);
    await refuse(f.rater.address, 0x40, "LoanBookInvalidServiceKinds", [0x40]);
    await refuse(f.guarantor.address, kindBit(AttestationKind.CreditRating), "LoanBookInvalidServiceKinds", [kindBit(AttestationKind.CreditRating)]);
    await refuse(f.rater.address, IDENTITY_AND_RATING | guaranteeBit, "LoanBookInvalidServiceKinds", [IDENTITY_AND_RATING | guaranteeBit]);
    await refuse(f.investors[0].address, guaranteeBit, "RegistryWrongRole", [f.investors[0].address, Role.Agency, Role.Investor]);
    await refuse(f.outsider.address, guaranteeBit, "RegistryNotAdmitted", [f.outsider.address]);
    await f.registry.connect(f.regulator).suspend(f.guarantor, ethers.id("inquiry"));
    await refuse(f.guarantor.address, guaranteeBit, "RegistryNotActive", [f.guarantor.address, Status.Suspended]);
    expect(await f.loanBook.serviceRequests(id, f.rater)).to.equal(0);

    await expect(f.loanBook.connect(f.operator).requestService(id, f.rater, kindBit(AttestationKind.Identity)))
      .to.emit(f.loanBook, "ServiceRequested").withArgs(id, f.rater.address, kindBit(AttestationKind.Identity), f.operator.address);
    await f.loanBook.connect(f.operator).requestService(id, f.rater, kindBit(AttestationKind.CreditRating));
    expect(await f.loanBook.serviceRequests(id, f.rater)).to.equal(IDENTITY_AND_RATING);
  });
});

describe("LoanBook: list and unlist", function () {
  it("lists a reviewed loan with its grade, fee, deadline and attestations, and books the enterprise's outstanding", async function () {
    const f = await loadFixture(deployFixture);
    const terms = defaultTerms();
    const id = await reviewedLoan(f, terms);
    const uids = await attestForListing(f, id, f.enterprise.address, "BBB");
    const tx = f.loanBook.connect(f.operator).list(id, 250, uids);
    const deadline = BigInt((await time.latest()) + 1 + terms.fundingPeriod);
    await expect(tx).to.emit(f.loanBook, "LoanListed").withArgs(id, f.operator.address, 3, 250, deadline, uids)
      .and.to.emit(f.loanBook, "LoanStateChanged").withArgs(id, LoanState.UnderReview, LoanState.Listed);
    const loan = await f.loanBook.getLoan(id);
    expect([loan.state, loan.riskGrade, loan.feeBps, loan.fundingDeadline, loan.operator]).to.deep.equal([BigInt(LoanState.Listed), 3n, 250n, deadline, f.operator.address]);
    expect(await f.loanBook.outstandingOf(f.enterprise)).to.equal(terms.amount);
  });

  it("refuses to list before review, twice, or by anyone but an operator", async function () {
    const f = await loadFixture(deployFixture);
    const id = await publish(f);
    const uids = await attestForListing(f, id, f.enterprise.address);
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.operator).list(id, 100, uids)).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(id, LoanState.Published));
    await f.loanBook.connect(f.operator).openReview(id);
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.rater).list(id, 100, uids)).to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.rater.address, Role.Operator, Role.Agency));
    await f.loanBook.connect(f.operator).list(id, 100, uids);
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.operator).list(id, 100, uids)).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(id, LoanState.Listed));
  });

  it("refuses to list for an enterprise no longer active", async function () {
    const f = await loadFixture(deployFixture);
    const id = await reviewedLoan(f);
    const uids = await attestForListing(f, id, f.enterprise.address);
    await f.registry.connect(f.regulator).suspend(f.enterprise, ethers.id("inquiry"));
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.operator).list(id, 100, uids)).to.be.revertedWithCustomError(f.registry, "RegistryNotActive").withArgs(f.enterprise.address, Status.Suspended));
  });

  it("checks the rate against the policy in force at listing, not at publication", async function () {
    const f = await loadFixture(deployFixture);
    const id = await reviewedLoan(f, defaultTerms({ rateBps: 1200 }));
    const uids = await attestForListing(f, id, f.enterprise.address);
    await setPolicyWith(f, { lprBps: 250, rateCapBps: 1000 });
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.operator).list(id, 100, uids)).to.be.revertedWithCustomError(f.loanBook, "LoanBookRateAboveCap").withArgs(1200, 1000));
  });

  it("refuses a fee above the cap", async function () {
    const f = await loadFixture(deployFixture);
    const id = await reviewedLoan(f);
    const uids = await attestForListing(f, id, f.enterprise.address);
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.operator).list(id, 301, uids)).to.be.revertedWithCustomError(f.loanBook, "LoanBookFeeAboveCap").withArgs(301, 300));
    await f.loanBook.connect(f.operator).list(id, 300, uids);
  });

  describe("enterprise outstanding cap (1,000,000 tokens)", function () {
    async function overCap(f: Fixture) {
      const first = await listedLoan(f, defaultTerms({ amount: units(600_000), minRaise: units(300_000) }));
      const second = await reviewedLoan(f, defaultTerms({ amount: units(500_000), minRaise: units(100_000) }));
      const uids = await attestForListing(f, second, f.enterprise.address);
      const listSecond = () => f.loanBook.connect(f.operator).list(second, 100, uids);
      await expectRefused(f, [first, second], [], () =>
        expect(listSecond()).to.be.revertedWithCustomError(f.loanBook, "LoanBookOverEnterpriseCap").withArgs(f.enterprise.address, units(600_000), units(500_000), units(1_000_000)));
      return { first, second, listSecond };
    }

    it("counts listed loans across the enterprise, not other enterprises", async function () {
      const f = await loadFixture(deployFixture);
      await overCap(f);
      await listedLoan(f, defaultTerms({ amount: units(500_000), minRaise: units(100_000) }), { by: f.enterprise2 });
      expect(await f.loanBook.outstandingOf(f.enterprise2)).to.equal(units(500_000));
    });

    it("is released when a loan is cancelled", async function () {
      const f = await loadFixture(deployFixture);
      const { first, listSecond } = await overCap(f);
      await f.loanBook.connect(f.enterprise).cancel(first, ethers.ZeroHash);
      expect(await f.loanBook.outstandingOf(f.enterprise)).to.equal(0n);
      await listSecond();
      expect(await f.loanBook.outstandingOf(f.enterprise)).to.equal(units(500_000));
    });

    it("is released when a raise fails", async function () {
      const f = await loadFixture(deployFixture);
      const { first, listSecond } = await overCap(f);
      await time.increaseTo((await f.loanBook.getLoan(first)).fundingDeadline);
      await f.loanBook.closeFunding(first);
      expect((await f.loanBook.getLoan(first)).state).to.equal(LoanState.Failed);
      await listSecond();
    });

    it("keeps only the principal raised after disbursement and is released when the loan is repaid", async function () {
      const f = await loadFixture(deployFixture);
      const { first, listSecond } = await overCap(f);
      await fundFrom(f, first, [[f.investors[0], units(400_000)]]);
      await time.increaseTo((await f.loanBook.getLoan(first)).fundingDeadline);
      await f.loanBook.closeFunding(first);
      await f.loanBook.connect(f.enterprise).disburse(first);
      expect(await f.loanBook.outstandingOf(f.enterprise)).to.equal(units(400_000));
      // 400,000 + 500,000 now fits; a further 200,000 would not.
      await listSecond();
      const third = await reviewedLoan(f, defaultTerms({ amount: units(200_000), minRaise: units(100_000) }));
      const uids = await attestForListing(f, third, f.enterprise.address);
      await expect(f.loanBook.connect(f.operator).list(third, 100, uids)).to.be.revertedWithCustomError(f.loanBook, "LoanBookOverEnterpriseCap").withArgs(f.enterprise.address, units(900_000), units(200_000), units(1_000_000));
      const toClose = await f.loanBook.amountToClose(first);
      await f.token.connect(f.enterprise).approve(f.loanBook, toClose + units(1000));
      await f.loanBook.connect(f.enterprise).repay(first, toClose + units(1000));
      expect((await f.loanBook.getLoan(first)).state).to.equal(LoanState.Repaid);
      expect(await f.loanBook.outstandingOf(f.enterprise)).to.equal(units(500_000));
      await f.loanBook.connect(f.operator).list(third, 100, uids);
    });
  });

  describe("attestations", function () {
    it("reports the kinds missing from the policy's required set", async function () {
      const f = await loadFixture(deployFixture);
      const id = await reviewedLoan(f);
      const identity = await identityOf(f, f.enterprise.address);
      await expectRefused(f, [id], [], () =>
        expect(f.loanBook.connect(f.operator).list(id, 100, [])).to.be.revertedWithCustomError(f.loanBook, "LoanBookMissingAttestations").withArgs(id, IDENTITY_AND_RATING));
      await expectRefused(f, [id], [], () =>
        expect(f.loanBook.connect(f.operator).list(id, 100, [identity])).to.be.revertedWithCustomError(f.loanBook, "LoanBookMissingAttestations").withArgs(id, kindBit(AttestationKind.CreditRating)));
    });

    it("refuses revoked, expired, wrong-subject, unknown, non-agency, out-of-range and suspended-author attestations", async function () {
      const f = await loadFixture(deployFixture);
      const id = await reviewedLoan(f);
      const other = await reviewedLoan(f);
      const identity = await identityOf(f, f.enterprise.address);
      const refuse = (uid: string) => expectRefused(f, [id], [], () =>
        expect(f.loanBook.connect(f.operator).list(id, 100, [uid, identity])).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidAttestation").withArgs(id, uid));

      const revoked = await ratingOf(f, id, "A");
      await f.attestations.connect(f.rater).revoke(revoked, ethers.id("error in report"));
      await refuse(revoked);

      const expiring = await ratingOf(f, id, "AA", loanSubject(id), (await time.latest()) + DAY);
      await time.increase(DAY);
      await refuse(expiring);

      await refuse(await ratingOf(f, id, "A", loanSubject(other)));
      await refuse(await ratingOf(f, id, "A", accountSubject(f.enterprise2.address)));
      await refuse(ethers.id("no such attestation"));
      // the enterprise's own operating disclosure is about the right subject and valid, but no agency's attestation
      await refuse(await attestedUid(f, await f.attestations.connect(f.enterprise).disclose(202506, units(1_000_000), ethers.id("2025-06 accounts"))));

      const outOfRange = { kind: AttestationKind.CreditRating, subject: loanSubject(id), value: 11n, dataHash: ethers.ZeroHash, refUID: ethers.ZeroHash, expiresAt: 0 };
      await refuse(await attestedUid(f, await f.attestations.connect(f.rater).attest(outOfRange)));

      const good = await ratingOf(f, id, "BBB");
      await f.registry.connect(f.regulator).suspend(f.rater, ethers.id("inquiry"));
      await refuse(good);
      await govern(f, f.registry, "reinstate", [f.rater]);
      await f.loanBook.connect(f.operator).list(id, 100, [identity, good]);
    });

    it("sets the risk grade from the worst credit rating presented", async function () {
      const f = await loadFixture(deployFixture);
      const cases: [Rating[], number][] = [[["AAA"], 1], [["AA", "A"], 2], [["A", "BB", "AAA"], 4], [["BBB"], 3], [["CCC", "A"], 5]];
      for (const [ratings, grade] of cases) {
        const id = await reviewedLoan(f, defaultTerms({ amount: units(1000), minRaise: units(1000) }));
        const uids = [await identityOf(f, f.enterprise.address)];
        for (const r of ratings) uids.push(await ratingOf(f, id, r));
        await f.loanBook.connect(f.operator).list(id, 0, uids);
        expect((await f.loanBook.getLoan(id)).riskGrade).to.equal(grade, ratings.join(","));
      }
    });

    it("gives an unrated loan the riskiest grade when the policy does not require a rating", async function () {
      const f = await loadFixture(deployFixture);
      await setPolicyWith(f, { requiredKinds: kindBit(AttestationKind.Identity) });
      const id = await reviewedLoan(f);
      await f.loanBook.connect(f.operator).list(id, 0, [await identityOf(f, f.enterprise.address)]);
      expect((await f.loanBook.getLoan(id)).riskGrade).to.equal(5);
    });
  });

  it("unlists only a listing nobody has funded, by an operator, releasing the outstanding", async function () {
    const f = await loadFixture(deployFixture);
    const id = await listedLoan(f);
    await expectRefused(f, [id], [], () =>
      expect(f.loanBook.connect(f.enterprise).unlist(id)).to.be.revertedWithCustomError(f.registry, "RegistryWrongRole").withArgs(f.enterprise.address, Role.Operator, Role.Enterprise));
    await expect(f.loanBook.connect(f.operator).unlist(id))
      .to.emit(f.loanBook, "LoanUnlisted").withArgs(id, f.operator.address)
      .and.to.emit(f.loanBook, "LoanStateChanged").withArgs(id, LoanState.Listed, LoanState.UnderReview);
    expect(await f.loanBook.outstandingOf(f.enterprise)).to.equal(0n);

    await f.loanBook.connect(f.operator).list(id, 100, await attestForListing(f, id, f.enterprise.address));
    await fundFrom(f, id, [[f.investors[0], units(1)]]);
    await expectRefused(f, [id], [f.investors[0]], () =>
      expect(f.loanBook.connect(f.operator).unlist(id)).to.be.revertedWithCustomError(f.loanBook, "LoanBookRaiseNotEmpty").withArgs(id, units(1)));
    const active = await activeLoan(f, defaultTerms({ amount: units(1000), minRaise: units(1000) }));
    await expectRefused(f, [active], [], () =>
      expect(f.loanBook.connect(f.operator).unlist(active)).to.be.revertedWithCustomError(f.loanBook, "LoanBookInvalidState").withArgs(active, LoanState.Active));
    await expectConserved(f);
  });
});
