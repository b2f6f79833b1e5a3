import { expect } from "chai";
import { LoanState, RepaymentMethod } from "../../lib/enums";
import { schedulePosition, type ScheduledLoan } from "../../lib/schedule";

const DAY = 86_400;
const T = 1_800_000_000;

/** 1,200 units in 12 monthly instalments of 100 at no interest: every figure below is hand-computed. */
const flat: ScheduledLoan = {
  state: LoanState.Active,
  rateBps: 0,
  method: RepaymentMethod.EqualPrincipal,
  instalments: 12,
  periodLength: 30 * DAY,
  startedAt: T,
  principal: 1_200n,
  repaid: 0n,
  closingAmount: 0n,
};

describe("lib/schedule.ts schedulePosition", function () {
  it("is empty for a loan that owes nothing or has not started", function () {
    const none = { instalmentsDue: 0, nextInstalment: null, nextDueAt: null, arrears: 0n, daysLate: 0, outstanding: 0n };
    for (const state of [LoanState.Funded, LoanState.Repaid, LoanState.Cancelled]) expect(schedulePosition({ ...flat, state }, T + 100 * DAY)).to.deep.equal(none);
    expect(schedulePosition({ ...flat, startedAt: 0 }, T)).to.deep.equal(none);
  });

  it("counts arrears and days late from the earliest instalment not fully paid", function () {
    expect(schedulePosition({ ...flat, repaid: 100n }, T + 75 * DAY)).to.deep.equal({
      instalmentsDue: 2,
      nextInstalment: 3,
      nextDueAt: T + 90 * DAY,
      arrears: 100n,
      daysLate: 15,
      outstanding: 1_100n,
    });
    expect(schedulePosition({ ...flat, state: LoanState.Late, repaid: 0n }, T + 75 * DAY).daysLate).to.equal(45);
  });

  it("shows no arrears once what is due is paid", function () {
    const p = schedulePosition({ ...flat, repaid: 200n }, T + 75 * DAY);
    expect([p.arrears, p.daysLate, p.outstanding]).to.deep.equal([0n, 0, 1_000n]);
  });

  it("interest first at 1% a period: principal due with the last instalment, none next after it", function () {
    // 3,650 bps a year over 10-day periods is exactly 1% a period.
    const loan: ScheduledLoan = { ...flat, method: RepaymentMethod.InterestFirst, rateBps: 3_650, instalments: 3, periodLength: 10 * DAY, principal: 1_000_000n, repaid: 20_000n, state: LoanState.Defaulted };
    expect(schedulePosition(loan, T + 40 * DAY)).to.deep.equal({
      instalmentsDue: 3,
      nextInstalment: null,
      nextDueAt: null,
      arrears: 1_010_000n,
      daysLate: 10,
      outstanding: 1_010_000n,
    });
  });

  it("takes the closing amount, once fixed, as the total to pay", function () {
    expect(schedulePosition({ ...flat, state: LoanState.Compensated, repaid: 300n, closingAmount: 900n }, T + 75 * DAY).outstanding).to.equal(600n);
  });
});
