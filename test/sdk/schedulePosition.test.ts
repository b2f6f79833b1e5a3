import { expect } from "chai";
import { LoanState, RepaymentMethod } from "../../lib/enums";
import { arrearsOf, instalmentStandings, schedulePosition, type ScheduledLoan } from "../../lib/schedule";

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

describe("lib/schedule.ts instalmentStandings and arrearsOf", function () {
  const policy = { gracePeriod: 7 * DAY, defaultPeriod: 90 * DAY };

  it("marks instalments paid, overdue with days late and what is unpaid, the next one due and the rest later", function () {
    const rows = instalmentStandings({ ...flat, repaid: 150n }, T + 75 * DAY);
    expect(rows.slice(0, 4).map((r) => [r.k, r.dueAt, r.status, r.unpaid, r.daysLate])).to.deep.equal([
      [1, T + 30 * DAY, "paid", 0n, 0],
      [2, T + 60 * DAY, "overdue", 50n, 15],
      [3, T + 90 * DAY, "due", 100n, 0],
      [4, T + 120 * DAY, "later", 100n, 0],
    ]);
    expect(rows.filter((r) => r.status === "later")).to.have.length(9);
    expect(instalmentStandings({ ...flat, startedAt: 0 }, T)).to.deep.equal([]);
  });

  it("counts every overdue instalment, the amount that cures them, and when late and default may be declared", function () {
    // Nothing paid 75 days in: instalments 1 and 2 are overdue (45 and 15 days), 200 cures the loan.
    expect(arrearsOf(flat, T + 75 * DAY, policy)).to.deep.equal({
      overdueInstalments: 2,
      toCure: 200n,
      oldestDueAt: T + 30 * DAY,
      lateFrom: T + 37 * DAY,
      defaultFrom: T + 120 * DAY,
      daysLate: 45,
    });
    // Half of instalment 2 paid: one overdue instalment, its rest cures it; the dates follow instalment 2.
    const partly = arrearsOf({ ...flat, repaid: 150n }, T + 75 * DAY, policy);
    expect([partly.overdueInstalments, partly.toCure, partly.lateFrom, partly.defaultFrom]).to.deep.equal([1, 50n, T + 67 * DAY, T + 150 * DAY]);
  });

  it("is empty on schedule and for a loan that owes nothing", function () {
    const none = { overdueInstalments: 0, toCure: 0n, oldestDueAt: null, lateFrom: null, defaultFrom: null, daysLate: 0 };
    expect(arrearsOf({ ...flat, repaid: 200n }, T + 75 * DAY, policy)).to.deep.equal(none);
    expect(arrearsOf({ ...flat, state: LoanState.Repaid }, T + 75 * DAY, policy)).to.deep.equal(none);
  });
});
