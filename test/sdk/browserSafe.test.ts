import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const LIB = join(__dirname, "..", "..", "lib");

/** Runtime (non-type) imports of a TypeScript file. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gms)) {
    if (!m[1]) specifiers.push(m[2]);
  }
  return specifiers;
}

describe("lib/index.ts stays browser-safe", function () {
  it("reaches only viem and its own modules at run time: no node:, hardhat or ethers imports", function () {
    const visited = new Set<string>();
    const external = new Set<string>();
    const visit = (file: string) => {
      if (visited.has(file)) return;
      visited.add(file);
      for (const spec of runtimeImports(file)) {
        if (spec.startsWith(".")) visit(join(file, "..", `${spec}.ts`));
        else external.add(spec);
      }
    };
    visit(join(LIB, "index.ts"));
    expect([...external].sort()).to.deep.equal(["viem"]);
    expect([...visited].map((f) => f.slice(LIB.length + 1)).sort()).to.include.members(["errors.ts", "generated/abis.ts", "schedule.ts"]);
    expect([...visited].map((f) => f.slice(LIB.length + 1))).not.to.include("deployments.ts");
  });
});
