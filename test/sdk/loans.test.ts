import { expect } from "chai";
import { MAX_LOAN_ID, parseLoanId } from "../../lib/loans";
import { parseLoanId as parseLoanIdOrThrow } from "../../cli/resolve";

describe("lib/loans.ts parseLoanId", function () {
  it("reads positive whole numbers up to the largest id the index holds", function () {
    expect(parseLoanId("1")).to.equal(1n);
    expect(parseLoanId("12")).to.equal(12n);
    expect(parseLoanId(MAX_LOAN_ID.toString())).to.equal(MAX_LOAN_ID);
  });

  it("refuses zero, signs, leading zeros, fractions, exponents, spaces and ids beyond the index", function () {
    for (const text of ["", "0", "00", "-1", "+1", "012", "1.0", "1e3", "0x10", " 1", "1 ", "abc", (MAX_LOAN_ID + 1n).toString(), "99999999999999999999"]) {
      expect(parseLoanId(text), text).to.equal(undefined);
    }
  });

  it("the command line answers the same rule with a sentence", function () {
    expect(parseLoanIdOrThrow("7")).to.equal(7n);
    expect(() => parseLoanIdOrThrow("0")).to.throw('not a loan id: "0"');
    expect(() => parseLoanIdOrThrow("loan")).to.throw('not a loan id: "loan"');
  });
});
