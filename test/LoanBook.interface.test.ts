import { expect } from "chai";
import { artifacts } from "hardhat";

/** `name(types)` of every function of a compiled contract or interface. */
async function functionsOf(name: string): Promise<string[]> {
  const { abi } = await artifacts.readArtifact(name);
  return (abi as { type: string; name?: string; inputs?: { type: string }[] }[])
    .filter((item) => item.type === "function")
    .map((item) => `${item.name}(${item.inputs!.map((i) => i.type).join(",")})`)
    .sort();
}

describe("ILoanBook", function () {
  it("declares every function the LoanBook has, its constants and the proxy's initializer and upgrade entry points aside", async function () {
    const declared = await functionsOf("ILoanBook");
    const implemented = await functionsOf("LoanBook");
    expect(implemented.filter((f) => !declared.includes(f))).to.deep.equal([
      "MAX_FUNDING_PERIOD()",
      "MAX_INSTALMENTS()",
      "MAX_PERIOD()",
      "MAX_TERM()",
      "MIN_FUNDING_PERIOD()",
      "MIN_PERIOD()",
      "UPGRADE_INTERFACE_VERSION()",
      "initialize()",
      "proxiableUUID()",
      "upgradeToAndCall(address,bytes)",
    ]);
    expect(declared.filter((f) => !implemented.includes(f))).to.deep.equal([]);
    expect(declared).to.include.members(["publish(tuple,bytes32,string)", "totalHeld()", "serviceRequests(uint256,address)"]);
  });
});
