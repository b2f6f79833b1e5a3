import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";
import type { ScheduleAndRiskLibHarness } from "../../typechain-types";
import { RepaymentMethod, nameOf } from "../../lib/enums";
import {
  DAY,
  WAD,
  dueAfterUp,
  instalmentUp,
  instalmentsPassed,
  payoffUp,
  periodRateWad,
  remainingPrincipalUp,
  rpowDown,
  schedule,
  totalDue,
} from "../../lib/schedule";

const METHODS = Object.values(RepaymentMethod);
const MAX_TERM = 30 * 365 * Number(DAY);
const YEAR_SECONDS = 365n * DAY;
const SEED = 20_240_601;
/** Schedules up to this long are compared at every k; longer ones at a random sample of k plus both ends. */
const FULL_COMPARISON_MAX = 48;
const SAMPLE_SIZE = 24;
/** SMEFIN_SCHEDULE_RUNS_PERCENT scales every property's number of runs (the coverage run, instrumented, uses 10). */
const SCALE = Number(process.env.SMEFIN_SCHEDULE_RUNS_PERCENT ?? 100) / 100;
const runs = (n: number) => Math.max(5, Math.round(n * SCALE));
const LOANS = runs(210);

async function deployHarness(): Promise<ScheduleAndRiskLibHarness> {
  return (await ethers.deployContract("ScheduleAndRiskLibHarness")) as unknown as ScheduleAndRiskLibHarness;
}

/** Terms the LoanBook accepts: 1..360 instalments of 1..365 days, at most 30 years, rate up to the 12 % cap. */
const termsArb = fc
  .record({
    principal: fc.bigInt({ min: 1n, max: 10n ** 12n }),
    rateBps: fc.integer({ min: 0, max: 1200 }),
    periodLength: fc.integer({ min: Number(DAY), max: 365 * Number(DAY) }),
    instalmentsSeed: fc.integer({ min: 1, max: 360 }),
    sample: fc.uniqueArray(fc.integer({ min: 0, max: 360 }), { minLength: SAMPLE_SIZE, maxLength: SAMPLE_SIZE }),
  })
  .map(({ instalmentsSeed, sample, ...t }) => {
    const instalments = Math.min(instalmentsSeed, Math.floor(MAX_TERM / t.periodLength));
    const ks =
      instalments <= FULL_COMPARISON_MAX
        ? Array.from({ length: instalments + 1 }, (_, k) => k)
        : [...new Set([0, 1, instalments - 1, instalments, ...sample.map((k) => k % (instalments + 1))])].sort((a, b) => a - b);
    return { ...t, instalments, ks };
  });

describe("lib/schedule.ts against ScheduleLib.sol", function () {
  it(`gives the same due, remaining principal and payoff for ${LOANS} random loans, all three methods`, async function () {
    const harness = await loadFixture(deployHarness);
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(termsArb, async ({ principal, rateBps, periodLength, instalments: n, ks }) => {
        const r = periodRateWad(rateBps, periodLength);
        expect(r).to.equal(await harness.periodRateWad(rateBps, periodLength));
        for (const method of METHODS) {
          const [due, remaining, payoff] = await harness.valuesAt(principal, method, r, n, ks);
          for (const [i, k] of ks.entries()) {
            const where = `${nameOf(RepaymentMethod, method)} P=${principal} rate=${rateBps}bps n=${n} period=${periodLength}s k=${k}`;
            expect(dueAfterUp(principal, method, r, n, k), `due ${where}`).to.equal(due[i]);
            expect(remainingPrincipalUp(principal, method, r, n, k), `remaining ${where}`).to.equal(remaining[i]);
            if (k > 0) expect(payoffUp(principal, method, r, n, k), `payoff ${where}`).to.equal(payoff[i]);
            compared++;
          }
          // The listing helper adds up: principal parts retire the whole principal, amounts sum to the total due.
          const rows = schedule({ rateBps, method, instalments: n, periodLength }, principal);
          expect(rows.reduce((s, row) => s + row.principal, 0n)).to.equal(principal);
          expect(rows.reduce((s, row) => s + row.amount, 0n)).to.equal(due[ks.length - 1]);
          expect(rows[n - 1].remaining).to.equal(0n);
          // Rounding noise only: a part dips below zero by at most one unit where the rounded balance steps.
          expect(rows.every((row) => row.principal >= -1n && row.interest >= -1n), "parts within a unit of >= 0").to.equal(true);
        }
      }),
      { seed: SEED, numRuns: LOANS },
    );
    expect(compared).to.be.greaterThan(LOANS * 3);
  });

  it("matches instalmentUp and rpowDown for random inputs", async function () {
    const harness = await loadFixture(deployHarness);
    await fc.assert(
      fc.asyncProperty(termsArb, fc.integer({ min: 0, max: 360 }), async ({ principal, rateBps, periodLength, instalments }, k) => {
        const r = periodRateWad(rateBps, periodLength);
        expect(instalmentUp(principal, r, instalments)).to.equal(await harness.instalmentUp(principal, r, instalments));
        expect(rpowDown(WAD + r, k)).to.equal(await harness.rpowDown(WAD + r, k));
      }),
      { seed: SEED + 1, numRuns: runs(100) },
    );
  });

  it("matches instalmentsPassed around due dates, with and without an offset", async function () {
    const harness = await loadFixture(deployHarness);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }),
        termsArb,
        fc.integer({ min: -2, max: 400 }),
        fc.integer({ min: -1, max: 1 }),
        fc.constantFrom(0, 7 * Number(DAY), 90 * Number(DAY)),
        async (startedAt, { periodLength, instalments }, j, jitter, offset) => {
          const t = Math.max(0, startedAt + offset + j * periodLength + jitter);
          expect(instalmentsPassed(startedAt, periodLength, instalments, t, offset)).to.equal(
            await harness.instalmentsPassed(startedAt, periodLength, instalments, t, offset),
          );
        },
      ),
      { seed: SEED + 2, numRuns: runs(150) },
    );
  });

  it("never lowers what settles a loan, which ends at the schedule total: low rates, small amounts, up to 360 instalments", async function () {
    const harness = await loadFixture(deployHarness);
    const lowTerms = fc.record({
      principal: fc.oneof(fc.bigInt({ min: 1n, max: 100_000n }), fc.bigInt({ min: 1n, max: 10n ** 12n })),
      rateBps: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 1200 })),
      periodLength: fc.constantFrom(Number(DAY), 7 * Number(DAY), 30 * Number(DAY), 91 * Number(DAY)),
      instalments: fc.oneof(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 300, max: 360 })),
      method: fc.constantFrom(...METHODS),
    });
    let checkedOnChain = 0;
    await fc.assert(
      fc.asyncProperty(lowTerms, async ({ principal, rateBps, periodLength, instalments, method }) => {
        const n = Math.min(instalments, Math.floor(MAX_TERM / periodLength));
        const r = periodRateWad(rateBps, periodLength);
        const total = dueAfterUp(principal, method, r, n, n);
        let previous = 0n;
        const broken: string[] = [];
        for (let k = 1; k <= n; k++) {
          const payoff = payoffUp(principal, method, r, n, k);
          if (payoff < previous || payoff > total || payoff < dueAfterUp(principal, method, r, n, k)) broken.push(`k=${k}: ${previous} -> ${payoff} (total ${total})`);
          previous = payoff;
        }
        expect(broken, `${nameOf(RepaymentMethod, method)} P=${principal} rate=${rateBps}bps n=${n} period=${periodLength}s`).to.deep.equal([]);
        expect(previous).to.equal(total);
        if (checkedOnChain++ < 20) {
          const ks = [...new Set([1, n >> 1, n - 1, n].filter((k) => k >= 1))];
          const [, , payoff] = await harness.valuesAt(principal, method, r, n, ks);
          expect(payoff.map(BigInt)).to.deep.equal(ks.map((k) => payoffUp(principal, method, r, n, k)));
        }
      }),
      { seed: SEED + 3, numRuns: runs(300) },
    );
  });

  it("never charges more interest over the term than the loan's own rate, rounded up to one unit, so never above the rate cap", function () {
    const tiny = fc.record({
      principal: fc.bigInt({ min: 1n, max: 1_000_000n }),
      rateBps: fc.integer({ min: 0, max: 1200 }),
      periodLength: fc.constantFrom(Number(DAY), 30 * Number(DAY), 365 * Number(DAY)),
      instalments: fc.integer({ min: 1, max: 360 }),
      method: fc.constantFrom(...METHODS),
    });
    fc.assert(
      fc.property(tiny, ({ principal, rateBps, periodLength, instalments, method }) => {
        const n = Math.min(instalments, Math.floor(MAX_TERM / periodLength));
        const interest = totalDue({ rateBps, method, instalments: n, periodLength }, principal) - principal;
        // simple interest on the whole principal for the whole term at the loan's rate, rounded up
        const exact = principal * BigInt(rateBps) * BigInt(periodLength) * BigInt(n);
        const bound = (exact + 10_000n * YEAR_SECONDS - 1n) / (10_000n * YEAR_SECONDS);
        expect(interest >= 0n && interest <= bound, `interest ${interest} over ${bound}`).to.equal(true);
      }),
      { seed: SEED + 4, numRuns: 2_000 },
    );
    // The case that used to charge 36 %: 1,000 units at 0.01 % in 360 daily interest-first instalments.
    const old = { rateBps: 1, method: RepaymentMethod.InterestFirst, instalments: 360, periodLength: Number(DAY) };
    expect(totalDue(old, 1000n)).to.equal(1001n);
  });

  it("throws where the contract would revert on overflow instead of returning a number", async function () {
    const harness = await loadFixture(deployHarness);
    const huge = 2n ** 200n;
    await expect(harness.instalmentUp(huge, huge, 2)).to.be.revertedWithPanic(0x11);
    expect(() => instalmentUp(huge, huge, 2)).to.throw(RangeError);
  });
});

describe("lib/schedule.ts on hand-computed cases", function () {
  const MONTH = 30 * Number(DAY);
  const YEAR = 365 * Number(DAY);

  it("period rate: 12 % a year over 30 days, and exactly 10 % over a year", function () {
    // 1200 * 1e18 * 2_592_000 / (10_000 * 31_536_000) = 9_863_013_698_630_136.98...
    expect(periodRateWad(1200, MONTH)).to.equal(9_863_013_698_630_136n);
    expect(periodRateWad(1000, YEAR)).to.equal(WAD / 10n);
  });

  it("interest first: 1 token at 12 % for 12 months, interest rounded up once on the cumulative amount, principal last", function () {
    const r = periodRateWad(1200, MONTH);
    // 1_000_000 * 0.009863013698630136 = 9863.0137 a month: ceil(k * 9863.0137)
    expect(dueAfterUp(1_000_000n, RepaymentMethod.InterestFirst, r, 12, 1)).to.equal(9_864n);
    expect(dueAfterUp(1_000_000n, RepaymentMethod.InterestFirst, r, 12, 11)).to.equal(108_494n);
    expect(dueAfterUp(1_000_000n, RepaymentMethod.InterestFirst, r, 12, 12)).to.equal(118_357n + 1_000_000n);
    expect(remainingPrincipalUp(1_000_000n, RepaymentMethod.InterestFirst, r, 12, 11)).to.equal(1_000_000n);
    expect(payoffUp(1_000_000n, RepaymentMethod.InterestFirst, r, 12, 3)).to.equal(29_590n + 1_000_000n);
  });

  it("equal principal: 1 200 units at 10 % a year over 12 years", function () {
    const r = periodRateWad(1000, YEAR);
    // k = 1: 100 of principal + 10 % of 1 200 = 220; over 12 years interest is 120 * (12 + 11 + ... + 1) / 12 = 780.
    expect(dueAfterUp(1200n, RepaymentMethod.EqualPrincipal, r, 12, 1)).to.equal(220n);
    expect(dueAfterUp(1200n, RepaymentMethod.EqualPrincipal, r, 12, 2)).to.equal(430n);
    expect(totalDue({ rateBps: 1000, method: RepaymentMethod.EqualPrincipal, instalments: 12, periodLength: YEAR }, 1200n)).to.equal(1980n);
    expect(remainingPrincipalUp(1200n, RepaymentMethod.EqualPrincipal, r, 12, 5)).to.equal(700n);
  });

  it("equal instalment: 1 000 units at 10 % a year over 2 years", function () {
    // (1.1)^2 = 1.21 exactly; the annuity is 1000 * 0.1 * 1.21 / 0.21 = 576.19; due(k) = ceil(k * 576.19).
    const rows = schedule({ rateBps: 1000, method: RepaymentMethod.EqualInstalment, instalments: 2, periodLength: YEAR }, 1000n);
    expect(rows).to.deep.equal([
      { k: 1, dueOffset: YEAR, amount: 577n, principal: 477n, interest: 100n, remaining: 523n, cumulative: 577n, payoff: 1100n },
      { k: 2, dueOffset: 2 * YEAR, amount: 576n, principal: 523n, interest: 53n, remaining: 0n, cumulative: 1153n, payoff: 1153n },
    ]);
  });

  it("equal instalment at 0 %: the cumulative amount rounds up, and nothing is charged above the principal", function () {
    const rows = schedule({ rateBps: 0, method: RepaymentMethod.EqualInstalment, instalments: 3, periodLength: MONTH }, 1000n);
    expect(rows.map((row) => [row.amount, row.principal, row.interest, row.remaining, row.payoff])).to.deep.equal([
      [334n, 334n, 0n, 666n, 1000n],
      [333n, 333n, 0n, 333n, 1000n],
      [333n, 333n, 0n, 0n, 1000n],
    ]);
  });
});
