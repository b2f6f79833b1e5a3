import { expect } from "chai";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { appDataDir, auditDir, chainStatePath, dataDir, deploymentsDir, indexPath, repositoryRoot, sessionsPath } from "../../lib/paths";
import { deploymentPath } from "../../lib/deployments";
import { buildProgram } from "../../cli/index";
import { syncOptionsFor } from "../../cli/commands/ledgerIndex";
import type { Cli } from "../../cli/context";

const ROOT = join(__dirname, "..", "..");

/** Runs `body` with the given environment variables set (undefined: unset), restoring them after. */
function withEnv(vars: Record<string, string | undefined>, body: () => void): void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>) => {
    for (const [k, value] of Object.entries(v)) {
      if (value === undefined) delete process.env[k];
      else process.env[k] = value;
    }
  };
  apply(vars);
  try {
    body();
  } finally {
    apply(saved);
  }
}

/** The index file and reports folder the command line would use for `network`, from its own option handling. */
function cliPaths(network: string): { index: string; audit: string } {
  const program = buildProgram();
  const audit = program.commands.find((c: Command) => c.name() === "audit")!;
  const out = audit.options.find((o) => o.long === "--out")!.defaultValue as string;
  const cli = { rpcUrl: "http://127.0.0.1:8545", deployment: { network }, options: { json: true }, progress: () => undefined } as unknown as Cli;
  const index = syncOptionsFor(cli, { blockRange: 2_000, confirmations: 0, throttle: 0 }).dbPath!;
  return { index, audit: out };
}

/** TypeScript sources under a folder, skipping dependencies and build output. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (["node_modules", ".next", "generated"].includes(name)) return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

describe("lib/paths.ts", function () {
  it("puts every data file under SMEFIN_DATA_DIR, resolved once", function () {
    withEnv({ SMEFIN_DATA_DIR: "tmp-data-for-paths-test", SMEFIN_DEPLOYMENTS_DIR: undefined }, () => {
      const data = resolve("tmp-data-for-paths-test");
      expect(dataDir()).to.equal(data);
      expect(indexPath("localhost")).to.equal(join(data, "index-localhost.sqlite"));
      expect(auditDir()).to.equal(join(data, "audit"));
      expect(chainStatePath()).to.equal(join(data, "chain", "anvil-state.json"));
      expect(appDataDir("documents")).to.equal(join(data, "documents"));
      expect(sessionsPath()).to.equal(join(data, "sessions.sqlite"));
      expect(deploymentsDir()).to.equal(join(repositoryRoot(), "deployments"));
    });
  });

  it("defaults to data/ and deployments/ at the repository root", function () {
    withEnv({ SMEFIN_DATA_DIR: undefined, SMEFIN_DEPLOYMENTS_DIR: undefined }, () => {
      expect(repositoryRoot()).to.equal(resolve(ROOT));
      expect(dataDir()).to.equal(join(resolve(ROOT), "data"));
      expect(deploymentPath("localhost")).to.equal(join(resolve(ROOT), "deployments", "localhost.json"));
    });
    withEnv({ SMEFIN_DEPLOYMENTS_DIR: "/srv/smefin/deployments" }, () => {
      expect(deploymentPath("consortium")).to.equal("/srv/smefin/deployments/consortium.json");
    });
  });

  it("the command line takes its index and audit folder from it when SMEFIN_DATA_DIR is set, as the app server and the audit run do", function () {
    withEnv({ SMEFIN_DATA_DIR: "/srv/smefin/data" }, () => {
      expect(cliPaths("localhost")).to.deep.equal({ index: "/srv/smefin/data/index-localhost.sqlite", audit: "/srv/smefin/data/audit" });
      expect(cliPaths("consortium").index).to.equal(indexPath("consortium"));
    });
  });

  it("no client reads the data or deployments variables or names a data file itself", function () {
    const offenders: string[] = [];
    for (const dir of ["cli", "indexer", "scripts", join("app", "src"), "lib", "bin"]) {
      for (const file of sources(join(ROOT, dir))) {
        if (file === join(ROOT, "lib", "paths.ts")) continue;
        const text = readFileSync(file, "utf8");
        // Setting a variable for a child process is fine; reading one, or spelling a file name of the data folder, is not.
        if (/process\.env\.SMEFIN_(DATA|DEPLOYMENTS)_DIR(?!\s*=[^=])|`index-\$\{|"anvil-state\.json"|"sessions\.sqlite"|join\([^)]*"data"/.test(text)) offenders.push(file.slice(ROOT.length + 1));
      }
    }
    expect(offenders).to.deep.equal([]);
  });
});
