import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const WIRE = join(__dirname, "..", "..", "indexer", "wire.ts");

describe("ledger index: wire types", function () {
  it("indexer/wire.ts imports nothing and declares types only, so the browser may import it", function () {
    const text = readFileSync(WIRE, "utf8");
    expect(text).to.not.match(/^\s*import\b/m);
    expect(text).to.not.match(/\brequire\(/);
    const exports = [...text.matchAll(/^export\s+(\w+)/gm)].map((m) => m[1]);
    expect(exports.length).to.be.greaterThan(10);
    expect([...new Set(exports)].sort()).to.deep.equal(["interface", "type"]);
  });
});
