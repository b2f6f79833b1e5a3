import { expect } from "chai";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * Rules of the app's source layout that the compiler cannot see, checked over every file as routes.test.ts checks
 * the write routes.
 */
const SRC = join(__dirname, "..", "..", "app", "src");

/** TypeScript modules under `dir`, as paths relative to app/src. */
function modulesUnder(dir: string): string[] {
  return (readdirSync(join(SRC, dir), { recursive: true }) as string[])
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => join(dir, name));
}

const source = (path: string) => readFileSync(join(SRC, path), "utf8");

describe("app source layout", () => {
  describe("server modules", () => {
    const modules = modulesUnder("server");

    it("are found", () => {
      expect(modules.length).to.be.greaterThan(10);
    });

    // Next.js fails the build when a client component imports a module that starts with this marker, so no server
    // code (secrets, the session store, file access) can be bundled for the browser by mistake. Under plain Node the
    // marker throws; a test that loads a server module runs with `node --conditions=react-server`, which resolves
    // the package to its empty export, as Next.js does on the server.
    it('each start with import "server-only"', () => {
      const unmarked = modules.filter((path) => !source(path).startsWith('import "server-only";\n'));
      expect(unmarked, 'server modules without import "server-only" on their first line').to.deep.equal([]);
    });
  });

  describe("contract access", () => {
    const modules = modulesUnder(".");

    // Pages, hooks and server modules name a contract and a function (useContracts, useWrite's write, contractsOf),
    // so each address meets its ABI once, in lib/contracts.ts.
    it("names the contract instead of pairing an address with an ABI", () => {
      const paired = modules.filter((path) => {
        const text = source(path);
        return /\.(readContract|getContractEvents|simulateContract)\(/.test(text) || /\baddress:[^,}]+,\s*abi:/.test(text);
      });
      expect(paired, "modules that pair an address with an ABI by hand").to.deep.equal([]);
    });
  });
});
