import { expect } from "chai";
import { parseDecimal, parsePercentBps, parseTokenAmount, percentInput, tokenAmountInput } from "../../lib/amount";

describe("lib/amount.ts", function () {
  describe("parseTokenAmount", function () {
    it("reads whole and fractional amounts in token units (6 decimals)", function () {
      expect(parseTokenAmount("5000")).to.equal(5_000_000_000n);
      expect(parseTokenAmount("1500.25")).to.equal(1_500_250_000n);
      expect(parseTokenAmount("0.000001")).to.equal(1n);
      expect(parseTokenAmount("0")).to.equal(0n);
      expect(parseTokenAmount("  42.5 ")).to.equal(42_500_000n);
    });

    it("accepts thousands separators in groups of three", function () {
      expect(parseTokenAmount("80,000")).to.equal(80_000_000_000n);
      expect(parseTokenAmount("80,000.50")).to.equal(80_000_500_000n);
      expect(parseTokenAmount("1,234,567.000001")).to.equal(1_234_567_000_001n);
      expect(parseTokenAmount("999,999")).to.equal(999_999_000_000n);
    });

    it("refuses malformed grouping", function () {
      for (const text of ["8,0000", "80,00", ",000", "1,", "1,,000", "1000,000", "1,000,00", "1.000,5", "1,000.000,1"]) {
        expect(parseTokenAmount(text), text).to.equal(undefined);
      }
    });

    it("refuses empty, negative, signed, exponent and over-precise amounts", function () {
      for (const text of ["", "   ", "-1", "+1", "1e6", "0x10", ".5", "5.", "1.0000001", "1,000.1234567", "abc", "1 000", "NaN"]) {
        expect(parseTokenAmount(text), text).to.equal(undefined);
      }
    });
  });

  describe("parsePercentBps", function () {
    it("reads a percentage with up to two decimals in basis points", function () {
      expect(parsePercentBps("8.5")).to.equal(850);
      expect(parsePercentBps("8.25")).to.equal(825);
      expect(parsePercentBps("1")).to.equal(100);
      expect(parsePercentBps("0")).to.equal(0);
      expect(parsePercentBps("0.01")).to.equal(1);
    });

    it("refuses more than two decimals, signs and empty text", function () {
      for (const text of ["8.125", "-1", "", "1e2", "8,5"]) expect(parsePercentBps(text), text).to.equal(undefined);
    });
  });

  it("parseDecimal scales by any number of decimals and never rounds", function () {
    expect(parseDecimal("1.5", 1)).to.equal(15n);
    expect(parseDecimal("1.55", 1)).to.equal(undefined);
    expect(parseDecimal("7", 0)).to.equal(7n);
    expect(parseDecimal("7.0", 0)).to.equal(undefined);
  });

  it("form values parse back to what they show", function () {
    for (const units of [0n, 1n, 1_500_250_000n, 80_000_000_000n]) expect(parseTokenAmount(tokenAmountInput(units))).to.equal(units);
    for (const bps of [0, 1, 825, 850, 1200]) expect(parsePercentBps(percentInput(bps))).to.equal(bps);
    expect(tokenAmountInput(1_500_250_000n)).to.equal("1500.25");
    expect(percentInput(850)).to.equal("8.5");
  });
});
