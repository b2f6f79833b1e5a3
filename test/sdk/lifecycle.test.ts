import { expect } from "chai";
import { LoanState } from "../../lib/enums";
import {
  CANCELLABLE_STATES,
  FINAL_STATES,
  LIVE_STATES,
  OWING_STATES,
  REFUNDABLE_STATES,
  REPAYING_STATES,
  TROUBLED_STATES,
  inStates,
  isLegalTransition,
} from "../../lib/lifecycle";

const { None, Published, UnderReview, Listed, Funded, Active, Late, Defaulted, Compensated, Repaid, Cancelled, Failed } = LoanState;

describe("lib/lifecycle.ts", function () {
  it("names the sets of states the clients filter on", function () {
    expect(OWING_STATES).to.deep.equal([Active, Late, Defaulted, Compensated]);
    expect(TROUBLED_STATES).to.deep.equal([Late, Defaulted, Compensated]);
    expect(REPAYING_STATES).to.deep.equal([Active, Late]);
    expect(CANCELLABLE_STATES).to.deep.equal([Published, UnderReview, Listed, Funded]);
    expect(REFUNDABLE_STATES).to.deep.equal([Cancelled, Failed]);
    expect(FINAL_STATES).to.deep.equal([Repaid, Cancelled, Failed]);
    expect(LIVE_STATES).to.deep.equal([Published, UnderReview, Listed, Funded, Active, Late, Defaulted, Compensated]);
  });

  it("keeps the sets consistent with the legal transitions", function () {
    for (const s of CANCELLABLE_STATES) expect(isLegalTransition(s, Cancelled), `cancel from ${s}`).to.equal(true);
    for (const s of OWING_STATES) expect(isLegalTransition(s, Cancelled), `cancel from owing ${s}`).to.equal(false);
    for (const s of FINAL_STATES) for (const t of Object.values(LoanState)) expect(isLegalTransition(s, t)).to.equal(false);
    for (const s of REFUNDABLE_STATES) expect(FINAL_STATES).to.include(s);
    for (const s of TROUBLED_STATES) expect(OWING_STATES).to.include(s);
    for (const s of REPAYING_STATES) expect(OWING_STATES).to.include(s);
  });

  it("inStates tests the plain numbers decoded events carry", function () {
    expect(inStates(OWING_STATES, Number(Active))).to.equal(true);
    expect(inStates(OWING_STATES, Late)).to.equal(true);
    expect(inStates(OWING_STATES, Repaid)).to.equal(false);
    expect(inStates(LIVE_STATES, None)).to.equal(false);
    expect(inStates(LIVE_STATES, 99)).to.equal(false);
  });
});
