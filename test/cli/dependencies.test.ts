import { expect } from "chai";
import { existsSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { ROOT } from "../../scripts/lib/processes";

/** The packages a file names at run time: `require` calls and imports that are not `import type`. */
function runtimeSpecifiers(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const imports = [...text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gms)].filter((m) => !m[1]).map((m) => m[2]);
  const requires = [...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]);
  return [...imports, ...requires];
}

/** The file a relative specifier names: as written, with `.ts`, or a folder's index.ts. */
function resolveLocal(from: string, specifier: string): string {
  const base = join(from, "..", specifier);
  const file = [base, `${base}.ts`, join(base, "index.ts")].find((f) => existsSync(f) && statSync(f).isFile());
  if (!file) throw new Error(`cannot resolve ${specifier} from ${from}`);
  return file;
}

/** The package a bare specifier belongs to ("viem/accounts" -> "viem", "@scope/pkg/x" -> "@scope/pkg"). */
const packageOf = (specifier: string) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

describe("smefin command line: run-time dependencies", function () {
  it("every package bin/smefin.js reaches at run time is a dependency, not a devDependency", function () {
    const visited = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (visited.has(file)) return;
      visited.add(file);
      for (const spec of runtimeSpecifiers(file)) {
        if (spec.startsWith(".")) visit(resolveLocal(file, spec));
        else if (!spec.startsWith("node:") && !builtinModules.includes(spec)) packages.add(packageOf(spec));
      }
    };
    visit(join(ROOT, "bin", "smefin.js"));
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(visited.size).to.be.greaterThan(20);
    expect([...packages].sort()).to.include.members(["commander", "ts-node", "viem"]);
    const missing = [...packages].filter((p) => !(p in manifest.dependencies));
    expect(missing, "run-time packages missing from dependencies").to.deep.equal([]);
    // ts-node compiles the command line with TypeScript, which it loads itself.
    expect(manifest.dependencies).to.have.property("typescript");
    for (const [name, version] of Object.entries(manifest.dependencies)) expect(version, name).to.match(/^\d+\.\d+\.\d+$/);
  });
});
