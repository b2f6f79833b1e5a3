import { expect } from "chai";
import { encodeErrorResult } from "viem";
import { asSentence, describeError, errorSentence, smefinErrorsAbi } from "../../lib/errors";

describe("lib/errors.ts: refusals as sentences for the app", function () {
  const revert = (errorName: string, args: readonly unknown[]) => encodeErrorResult({ abi: smefinErrorsAbi, errorName, args } as never);

  it("drops the contract's error name and closes the sentence, where the command line keeps the name", () => {
    const frozen = revert("LoanBookFrozen", [9n]);
    expect(describeError(frozen)).to.equal("LoanBookFrozen: loan 9 is frozen by the regulator");
    expect(errorSentence(frozen)).to.equal("Loan 9 is frozen by the regulator.");
  });

  it("gives rates and fees in percent, not basis points", () => {
    expect(errorSentence(revert("LoanBookFeeAboveCap", [500n, 300n]))).to.equal("A platform fee of 5% is above the regulator's cap of 3%.");
    expect(errorSentence(revert("LoanBookRateAboveCap", [1250n, 1200n]))).to.equal("A rate of 12.5% a year is above the regulator's cap of 12%.");
  });

  it("turns any other error's message into a sentence", () => {
    expect(errorSentence(new Error("user rejected the request"))).to.equal("User rejected the request.");
    expect(asSentence("Done already.")).to.equal("Done already.");
    expect(asSentence("")).to.equal("");
  });
});
