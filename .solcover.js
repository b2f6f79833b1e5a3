// solidity-coverage: test doubles are not measured; the summary feeds scripts/check-coverage.ts.
module.exports = {
  skipFiles: ["mocks/"],
  istanbulReporter: ["text", "json-summary", "html"],
};
