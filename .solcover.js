// solidity-coverage: test doubles are not measured; the summary feeds scripts/check-coverage.ts. Tests that
// measure gas are left out of this run: instrumentation adds gas to every statement.
module.exports = {
  skipFiles: ["mocks/"],
  istanbulReporter: ["text", "json-summary", "html"],
  mocha: { grep: "gas", invert: true },
};
