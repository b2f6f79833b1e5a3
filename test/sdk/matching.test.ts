import { expect } from "chai";
import { BusinessScale, LoanState } from "../../lib/enums";
import { compareMatches, evaluate, matchLoans, type Investor, type MatchableLoan } from "../../lib/matching";

const DAY = 86_400;
const NOW = 1_750_000_000;
const token = (n: number) => BigInt(n) * 1_000_000n;

/** A listed, open, unfrozen Small-enterprise loan of 100 000 tokens, 12 x 30 days, grade 2 at 8 %, overridable. */
function loan(id: number, overrides: Partial<MatchableLoan> = {}): MatchableLoan {
  return {
    id: BigInt(id),
    state: LoanState.Listed,
    frozen: false,
    riskGrade: 2,
    fundingDeadline: NOW + 10 * DAY,
    amount: token(100_000),
    raised: token(60_000),
    rateBps: 800,
    instalments: 12,
    periodLength: 30 * DAY,
    scale: BusinessScale.Small,
    ...overrides,
  };
}

const investor: Investor = {
  suitability: 3,
  preferences: {
    minAmount: token(1_000),
    maxAmount: token(50_000),
    scales: [BusinessScale.Micro, BusinessScale.Small],
    maxRiskGrade: 4,
    minTermDays: 90,
    maxTermDays: 400,
  },
};

const LOANS: MatchableLoan[] = [
  loan(1),
  loan(2, { riskGrade: 1, rateBps: 600, amount: token(20_000), raised: 0n, fundingDeadline: NOW + 5 * DAY, scale: BusinessScale.Micro, instalments: 6 }),
  loan(3, { rateBps: 900, amount: token(30_000), raised: 0n, fundingDeadline: NOW + 20 * DAY }),
  loan(4, { amount: token(50_000), raised: token(40_000), scale: BusinessScale.Micro, instalments: 4 }),
  loan(5, { fundingDeadline: NOW + 3 * DAY }),
  loan(6),
  loan(7, { riskGrade: 3, rateBps: 1200 }),
  loan(8, { riskGrade: 4 }),
  loan(9, { scale: BusinessScale.Medium }),
  loan(10, { raised: token(99_500) }),
  loan(11, { amount: token(60_000), raised: 0n }),
  loan(12, { state: LoanState.Funded, raised: token(100_000) }),
  loan(13, { fundingDeadline: NOW }),
  loan(14, { frozen: true }),
  loan(15, { instalments: 2 }),
  loan(16, { instalments: 24 }),
];

describe("lib/matching.ts", function () {
  it("ranks the matches: safer grade, higher rate, more funded, earlier deadline, lower id", function () {
    const { matches } = matchLoans(LOANS, investor, NOW);
    expect(matches.map((m) => [m.rank, Number(m.loan.id)])).to.deep.equal([
      [1, 2], // grade 1
      [2, 3], // grade 2 at 9 %
      [3, 4], // grade 2 at 8 %, 80 % funded
      [4, 5], // 60 % funded, deadline in 3 days
      [5, 1], // 60 % funded, deadline in 10 days, id 1
      [6, 6], // same as loan 1 but id 6
      [7, 7], // grade 3, however high its rate
    ]);
    expect(matches[2].remaining).to.equal(token(10_000));
    expect(matches[0].reasons.map((r) => r.message)).to.include("risk grade 1 within suitability 3");
  });

  it("rejects every other loan with exactly the criteria it fails", function () {
    const { rejected } = matchLoans(LOANS, investor, NOW);
    expect(rejected.map((r) => [Number(r.loan.id), r.reasons.map((reason) => reason.code)])).to.deep.equal([
      [8, ["RiskAboveSuitability"]],
      [9, ["ScaleExcluded"]],
      [10, ["BelowMinAmount"]],
      [11, ["AboveMaxAmount"]],
      [12, ["NotListed", "FullyFunded", "BelowMinAmount"]],
      [13, ["FundingClosed"]],
      [14, ["Frozen"]],
      [15, ["TermTooShort"]],
      [16, ["TermTooLong"]],
    ]);
    expect(rejected[0].reasons[0].message).to.equal("risk grade 4 exceeds the investor's suitability 3");
    expect(rejected[2].reasons[0].message).to.equal("remaining 500 sDEP is below the minimum 1000 sDEP");
  });

  it("applies the stricter of suitability and the investor's own maximum grade", function () {
    const cautious: Investor = { suitability: 5, preferences: { maxRiskGrade: 2 } };
    expect(evaluate(loan(1, { riskGrade: 3 }), cautious, NOW)).to.deep.include({ matches: false });
    expect(evaluate(loan(1, { riskGrade: 3 }), cautious, NOW).reasons.map((r) => r.code)).to.deep.equal(["RiskAbovePreference"]);
    expect(evaluate(loan(1, { riskGrade: 2 }), cautious, NOW).matches).to.equal(true);
    // Without preferences, suitability alone decides; an investor without a level matches nothing.
    expect(matchLoans(LOANS, { suitability: 5, preferences: {} }, NOW).matches).to.have.length(13);
    expect(matchLoans(LOANS, { suitability: 0, preferences: {} }, NOW).matches).to.have.length(0);
  });

  it("orders funding share exactly, without rounding (1/3 funded against 333/1000)", function () {
    const third = loan(1, { amount: 3n, raised: 1n });
    const almostThird = loan(2, { amount: 1000n, raised: 333n });
    expect(compareMatches(third, almostThird)).to.equal(-1);
    expect(compareMatches(almostThird, third)).to.equal(1);
    expect(compareMatches(third, third)).to.equal(0);
  });
});
