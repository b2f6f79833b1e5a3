import { expect } from "chai";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const LIB = join(ROOT, "lib");
const APP = join(ROOT, "app", "src");

/** Runtime (non-type) import specifiers of a TypeScript file. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gms)) {
    if (!m[1]) specifiers.push(m[2]);
  }
  return specifiers;
}

/** The app's code that runs in the browser: everything but the server modules and the API routes. */
function browserFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (path === join(APP, "server") || path === join(APP, "app", "api")) return [];
    if (statSync(path).isDirectory()) return browserFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const libFile = (spec: string, from: string) => {
  const base = spec.startsWith("@lib/") ? join(LIB, spec.slice(5)) : join(from, "..", spec);
  return existsSync(`${base}.ts`) ? `${base}.ts` : join(base, "index.ts");
};

describe("lib/ as the browser loads it", function () {
  it("the lib modules the app's pages, hooks and components import reach only viem at run time", function () {
    const visited = new Set<string>();
    const external = new Set<string>();
    const visit = (file: string) => {
      if (visited.has(file)) return;
      visited.add(file);
      for (const spec of runtimeImports(file)) {
        if (spec.startsWith(".")) visit(libFile(spec, file));
        else external.add(spec);
      }
    };
    for (const file of browserFiles(APP)) {
      for (const spec of runtimeImports(file)) if (spec.startsWith("@lib/")) visit(libFile(spec, file));
    }
    const reached = [...visited].map((f) => f.slice(LIB.length + 1));
    expect([...external].filter((s) => !/^viem(\/accounts)?$/.test(s)), "packages other than viem").to.deep.equal([]);
    expect(reached).to.include.members(["amount.ts", "enums.ts", "generated/abis.ts", "lifecycle.ts", "loans.ts"]);
    for (const nodeOnly of ["deployments.ts", "paths.ts"]) expect(reached, nodeOnly).not.to.include(nodeOnly);
  });
});
