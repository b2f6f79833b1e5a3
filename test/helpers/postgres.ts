import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/**
 * A throwaway PostgreSQL server for the tests, from Debian's `postgresql` package: a cluster initialised in a
 * temporary folder, listening on a free loopback port with its socket in that folder, stopped and deleted when
 * the test run ends. As root, the server runs as the `postgres` user, which owns the folder. Every caller gets
 * databases of its own (createDatabase); the server is started once per test run, on first use.
 */

/** The server's programs: SMEFIN_PG_BIN, or those of the newest version Debian's package installed. */
const BIN = process.env.SMEFIN_PG_BIN ?? newestInstalled("/usr/lib/postgresql");

function newestInstalled(root: string): string {
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  return join(root, versions[0] ?? "15", "bin");
}

export interface PostgresServer {
  /** A new, empty database; answers its postgres:// URL. */
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program (as `postgres` when we are root). */
function pgRun(program: string, args: string[]): void {
  const command = join(BIN, program);
  if (!existsSync(command)) throw new Error(`${command} is missing: install Debian's postgresql package (apt-get install -y postgresql) to run the PostgreSQL tests`);
  if (asRoot) execFileSync("runuser", ["-u", "postgres", "--", command, ...args], { stdio: "pipe" });
  else execFileSync(command, args, { stdio: "pipe" });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), "smefin-pg-"));
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"]).toString().trim());
    chownSync(dir, id("-u"), id("-g"));
  }
  const data = join(dir, "data");
  const port = await freePort();
  try {
    pgRun("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions"]);
    // Durability is of no use to a throwaway server: no fsync, no full pages, no synchronous commit.
    const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    pgRun("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-o", settings, "-w", "-t", "60", "start"]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    async createDatabase(name: string) {
      const admin = new pg.Client({ connectionString: url("postgres") });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    stop() {
      try {
        pgRun("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

let shared: Promise<PostgresServer> | undefined;
let databases = 0;

/** A new database on the test run's PostgreSQL server (started on first use, stopped after the last test). */
export async function postgresDatabase(label: string): Promise<string> {
  shared ??= startPostgres();
  return (await shared).createDatabase(`${label.replace(/\W/g, "_").toLowerCase()}_${++databases}`);
}

// A root hook: after every test file has run.
after(async function () {
  if (shared) (await shared.catch(() => undefined))?.stop();
  shared = undefined;
});
