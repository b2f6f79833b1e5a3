// solidity-coverage: test doubles are not measured; the summary feeds scripts/check-coverage.ts. Tests that
// measure gas are left out of this run (instrumentation adds gas to every statement); `npm test` runs them
// uninstrumented.
// `nonReentrant` is not counted as a branch at every function: its refusal happens inside a re-entered call
// that reverts, where the instrumentation records no hit, although test/LoanBook.reentrancy.test.ts re-enters
// every guarded function and expects ReentrancyGuardReentrantCall.
module.exports = {
  skipFiles: ["mocks/"],
  istanbulReporter: ["text", "json-summary", "html"],
  modifierWhitelist: ["nonReentrant"],
  // Instrumented calls run several times slower: give each test more time than the uninstrumented 2 minutes.
  mocha: { grep: "gas", invert: true, timeout: 1_800_000 },
};
