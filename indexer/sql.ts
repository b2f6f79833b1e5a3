import type Database from "better-sqlite3";
import pg from "pg";
import type { IndexMemo } from "./memo";

/**
 * The one interface the index is read and written through, so that the same views, audit and sync run on the
 * embedded SQLite file and on a shared PostgreSQL server. Statements use `?` placeholders and the SQL both
 * databases accept; the PostgreSQL implementation numbers the placeholders. Integers come back as JS numbers
 * (block numbers, times, ids and enums all fit), amounts are decimal TEXT on both.
 *
 *   const rows = await sql.all<{ id: number }>("SELECT id FROM loans WHERE state = ? ORDER BY id LIMIT ?", [2, 50]);
 */
export type Dialect = "sqlite" | "postgres";

export type SqlParam = string | number | bigint | boolean | null;

export interface Sql {
  readonly dialect: Dialect;
  /** Every row of a query. */
  all<T = Record<string, unknown>>(text: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** The first row of a query, if any. */
  get<T = Record<string, unknown>>(text: string, params?: readonly SqlParam[]): Promise<T | undefined>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(text: string, params?: readonly SqlParam[]): Promise<number>;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. `readOnly` asks for one
   * consistent snapshot for every statement of `fn` (the audit's), without taking the write lock.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>, options?: { readOnly?: boolean }): Promise<T>;
  close(): Promise<void>;
  /** Where the index is, as messages name it (a file path, or the server URL without its password). */
  readonly location?: string;
  /** Answers kept per index state, on a long-lived reader (indexer/memo.ts). */
  memo?: IndexMemo;
}

/** SQLite through better-sqlite3 (synchronous underneath; prepared statements are cached by text). */
export class SqliteSql implements Sql {
  readonly dialect = "sqlite" as const;
  private readonly statements = new Map<string, Database.Statement>();
  private depth = 0;
  memo?: IndexMemo;

  constructor(readonly db: Database.Database) {}

  get location(): string {
    return this.db.name;
  }

  private statement(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  async all<T>(text: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return this.statement(text).all(...sqliteParams(params)) as T[];
  }

  async get<T>(text: string, params: readonly SqlParam[] = []): Promise<T | undefined> {
    return this.statement(text).get(...sqliteParams(params)) as T | undefined;
  }

  async run(text: string, params: readonly SqlParam[] = []): Promise<number> {
    return this.statement(text).run(...sqliteParams(params)).changes;
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>, options: { readOnly?: boolean } = {}): Promise<T> {
    // Nested calls join the outer transaction, as better-sqlite3's own transactions do.
    if (this.depth > 0) return fn(this);
    this.db.exec(options.readOnly ? "BEGIN" : "BEGIN IMMEDIATE");
    this.depth++;
    try {
      const result = await fn(this);
      this.db.exec("COMMIT");
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      throw error;
    } finally {
      this.depth--;
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

const sqliteParam = (p: SqlParam) => (typeof p === "boolean" ? (p ? 1 : 0) : p);

/** The parameters as better-sqlite3 binds them (booleans as 0/1), copied only when there is a boolean among them. */
const sqliteParams = (params: readonly SqlParam[]) => (params.some((p) => typeof p === "boolean") ? params.map(sqliteParam) : params);

/** The index stores no booleans (flags are 0/1 integers on both) and no bigint wider than its TEXT amounts. */
const pgParam = (p: SqlParam) => (typeof p === "boolean" ? (p ? 1 : 0) : typeof p === "bigint" ? p.toString() : p);

/**
 * `?` placeholders numbered `$1, $2, ...`, except inside string literals, quoted identifiers and comments.
 * The index's SQL has no `?` operator of PostgreSQL's JSON functions, so every other `?` is a parameter.
 */
export function numberPlaceholders(text: string): string {
  let out = "";
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = closingQuote(text, i, c);
      out += text.slice(i, end + 1);
      i = end;
    } else if (c === "-" && text[i + 1] === "-") {
      const end = text.indexOf("\n", i);
      const stop = end < 0 ? text.length : end;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === "?") out += `$${++n}`;
    else out += c;
  }
  return out;
}

/** The index of the quote closing the literal opened at `start` (a doubled quote is part of the literal). */
function closingQuote(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] !== quote) continue;
    if (text[i + 1] === quote) i++;
    else return i;
  }
  return text.length - 1;
}

/**
 * Type parsers of the index's connections (not pg's global ones): BIGINT (int8, also what count(*) answers)
 * as a JS number, since every integer the index stores (blocks, times, ids, enums) is below 2^53; NUMERIC
 * (what sum() answers) as a number when it is an integer below 2^53, its decimal text otherwise.
 */
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID) return (value: string) => Number(value);
    if (oid === NUMERIC_OID) return (value: string) => (/^-?\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : value);
    return pg.types.getTypeParser(oid, format as "text");
  },
} as pg.CustomTypesConfig;

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "a PostgreSQL server";
  }
}

type Queryable = pg.Pool | pg.PoolClient;

/** Statements of either the pool (one connection per statement) or one client (inside a transaction). */
abstract class PgStatements {
  readonly dialect = "postgres" as const;
  private static readonly texts = new Map<string, string>();

  protected abstract readonly target: Queryable;

  protected async query(text: string, params: readonly SqlParam[]): Promise<pg.QueryResult> {
    let numbered = PgStatements.texts.get(text);
    if (numbered === undefined) {
      numbered = numberPlaceholders(text);
      PgStatements.texts.set(text, numbered);
    }
    return this.target.query({ text: numbered, values: params.map(pgParam) });
  }

  async all<T>(text: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return (await this.query(text, params)).rows as T[];
  }

  async get<T>(text: string, params: readonly SqlParam[] = []): Promise<T | undefined> {
    return (await this.query(text, params)).rows[0] as T | undefined;
  }

  async run(text: string, params: readonly SqlParam[] = []): Promise<number> {
    return (await this.query(text, params)).rowCount ?? 0;
  }
}

/** One client of the pool inside a transaction: every statement of the transaction goes through it. */
class PgTransaction extends PgStatements implements Sql {
  constructor(
    protected readonly target: pg.PoolClient,
    readonly location: string,
  ) {
    super();
  }

  /** Nested calls join the outer transaction. */
  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return fn(this);
  }

  async close(): Promise<void> {
    throw new Error("a transaction's connection is closed by the transaction");
  }
}

/**
 * PostgreSQL through node-postgres: a pool of connections; a statement outside a transaction takes any of
 * them, a transaction holds one client from BEGIN to COMMIT. `connection` is a postgres:// URL.
 */
export class PgSql extends PgStatements implements Sql {
  protected readonly target: pg.Pool;
  readonly location: string;
  memo?: IndexMemo;

  constructor(connection: string, options: { max?: number } = {}) {
    super();
    this.location = redactUrl(connection);
    this.target = new pg.Pool({ connectionString: connection, max: options.max ?? 10, types: pgTypes });
    // An idle client whose server went away must not crash the process; the next query reports it.
    this.target.on("error", () => undefined);
  }

  /** The pool, for what needs one connection of its own (the writer's lease is not one of them). */
  get pool(): pg.Pool {
    return this.target;
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>, options: { readOnly?: boolean } = {}): Promise<T> {
    const client = await this.target.connect();
    let broken: Error | undefined;
    try {
      await client.query(options.readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
      try {
        const result = await fn(new PgTransaction(client, this.location));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((e: Error) => (broken = e));
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.target.end();
  }
}

/** Rows per multi-row statement: powers of two up to this, so that few statement texts exist (SQLite caches them). */
const MAX_ROWS_PER_STATEMENT = 256;

/** The largest power of two not above `n`. */
const powerOfTwoBelow = (n: number) => 2 ** Math.floor(Math.log2(n));

/**
 * Inserts `rows` (values in the order of `columns`) with multi-row INSERT statements; with `conflictKey`, an
 * existing row of the same key is updated instead (every other column). Rows of one call must have distinct keys.
 */
export async function insertRows(sql: Sql, table: string, columns: readonly string[], rows: readonly SqlParam[][], conflictKey?: readonly string[]): Promise<void> {
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  const conflict = conflictKey
    ? ` ON CONFLICT (${conflictKey.join(", ")}) DO UPDATE SET ${columns
        .filter((c) => !conflictKey.includes(c))
        .map((c) => `${c} = excluded.${c}`)
        .join(", ")}`
    : "";
  for (let i = 0; i < rows.length; ) {
    const n = powerOfTwoBelow(Math.min(MAX_ROWS_PER_STATEMENT, rows.length - i));
    const text = `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${Array(n).fill(tuple).join(", ")}${conflict}`;
    const params: SqlParam[] = new Array(n * columns.length);
    for (let r = 0, k = 0; r < n; r++) for (const value of rows[i + r]) params[k++] = value;
    await sql.run(text, params);
    i += n;
  }
}

/** Runs `query` over `keys` in chunks of power-of-two sizes (the last key repeated to fill one), concatenating the rows. */
export async function selectIn<K, R>(keys: readonly K[], query: (chunk: K[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < keys.length; ) {
    const left = keys.length - i;
    const n = left >= MAX_ROWS_PER_STATEMENT ? MAX_ROWS_PER_STATEMENT : 2 ** Math.ceil(Math.log2(left));
    const chunk = keys.slice(i, i + n);
    while (chunk.length < n) chunk.push(chunk[chunk.length - 1]);
    out.push(...(await query(chunk)));
    i += n;
  }
  return out;
}

/** `?, ?, ...`: `n` placeholders. */
export const placeholders = (n: number, tuple = "?") => Array(n).fill(tuple).join(", ");

/**
 * Every row of `table` in the order of `key` (its primary key), a page at a time (keyset paging): what reads a
 * whole table without holding it in memory.
 */
export async function* tablePages<T = Record<string, unknown>>(sql: Sql, table: string, key: readonly string[], pageSize = 5_000): AsyncGenerator<T[]> {
  const after = `(${key.join(", ")}) > (${placeholders(key.length)})`;
  let last: SqlParam[] | undefined;
  for (;;) {
    const rows = await sql.all<Record<string, unknown>>(`SELECT * FROM ${table} ${last ? `WHERE ${after}` : ""} ORDER BY ${key.join(", ")} LIMIT ?`, [...(last ?? []), pageSize]);
    if (rows.length === 0) return;
    yield rows as T[];
    const end = rows[rows.length - 1];
    last = key.map((k) => end[k] as SqlParam);
  }
}
