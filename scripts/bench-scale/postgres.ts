/**
 * The benchmark's PostgreSQL server, from Debian's `postgresql` package (as the test setup starts it): a cluster
 * in DATA/scale/postgres, kept between runs with the large index in it, listening on 127.0.0.1 (run the benchmark
 * in a network namespace of its own). As root, the server runs as the `postgres` user, which owns the folder.
 * Settings are the defaults but for durability (no fsync: the index can be rebuilt) and the connection limit.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

const BIN = process.env.SMEFIN_PG_BIN ?? "/usr/lib/postgresql/15/bin";
const asRoot = process.getuid?.() === 0;

function pgRun(program: string, args: string[]): void {
  const command = join(BIN, program);
  if (!existsSync(command)) throw new Error(`${command} is missing: install Debian's postgresql package (apt-get install -y postgresql)`);
  if (asRoot) execFileSync("runuser", ["-u", "postgres", "--", command, ...args], { stdio: "pipe" });
  else execFileSync(command, args, { stdio: "pipe" });
}

export interface BenchPostgres {
  url(database: string): string;
  /** Creates `database` unless it exists; answers whether it created it. */
  ensureDatabase(database: string): Promise<boolean>;
  dropDatabase(database: string): Promise<void>;
  stop(): void;
}

export function startPostgres(dir: string, port: number): BenchPostgres {
  mkdirSync(dir, { recursive: true });
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"]).toString().trim());
    chownSync(dir, id("-u"), id("-g"));
  }
  const data = join(dir, "data");
  if (!existsSync(join(data, "PG_VERSION"))) pgRun("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  pgRun("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-o", settings, "-w", "-t", "120", "start"]);
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: url("postgres") });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    url,
    ensureDatabase: (database) =>
      admin(async (client) => {
        const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
        if (found.rowCount) return false;
        await client.query(`CREATE DATABASE ${database}`);
        return true;
      }),
    dropDatabase: (database) => admin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`))),
    stop() {
      pgRun("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
    },
  };
}
