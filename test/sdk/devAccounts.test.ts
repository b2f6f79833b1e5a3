import { expect } from "chai";
import { DEV_ACCOUNTS, devAccount, devAccountByAddress, devAddress, devSigner, findDevAccount } from "../../lib/devAccounts";

describe("lib/devAccounts.ts", function () {
  it("derives Hardhat's well-known accounts by name and by index", function () {
    expect(devAddress("regulator")).to.equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    expect(devAddress(1)).to.equal("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    expect(devAddress("operator")).to.equal(devAddress(1));
    expect(devSigner("investor3").address).to.equal(devAddress(devAccount("investor3").index));
    expect(devSigner("custodian")).to.equal(devSigner(2), "one derivation per index");
  });

  it("finds the named account holding an address, in any case", function () {
    for (const account of DEV_ACCOUNTS) {
      expect(devAccountByAddress(devAddress(account.name))).to.equal(account);
      expect(devAccountByAddress(devAddress(account.name).toLowerCase())).to.equal(account);
    }
    expect(devAccountByAddress(devAddress(39)), "funded but unnamed").to.equal(undefined);
    expect(devAccountByAddress("0x0000000000000000000000000000000000000001")).to.equal(undefined);
  });

  it("answers unknown names with undefined or a sentence listing the known ones", function () {
    expect(findDevAccount("investor3")?.index).to.equal(17);
    expect(findDevAccount("nobody")).to.equal(undefined);
    expect(() => devAccount("nobody")).to.throw(/unknown development account "nobody"; known: regulator, operator/);
    expect(() => devSigner("nobody")).to.throw(/unknown development account/);
  });
});
