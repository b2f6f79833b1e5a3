import type Database from "better-sqlite3";

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
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** SQLite through better-sqlite3 (synchronous underneath; prepared statements are cached by text). */
export class SqliteSql implements Sql {
  readonly dialect = "sqlite" as const;
  private readonly statements = new Map<string, Database.Statement>();
  private depth = 0;

  constructor(readonly db: Database.Database) {}

  private statement(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  async all<T>(text: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return this.statement(text).all(...params.map(sqliteParam)) as T[];
  }

  async get<T>(text: string, params: readonly SqlParam[] = []): Promise<T | undefined> {
    return this.statement(text).get(...params.map(sqliteParam)) as T | undefined;
  }

  async run(text: string, params: readonly SqlParam[] = []): Promise<number> {
    return this.statement(text).run(...params.map(sqliteParam)).changes;
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    // Nested calls join the outer transaction, as better-sqlite3's own transactions do.
    if (this.depth > 0) return fn(this);
    this.db.exec("BEGIN IMMEDIATE");
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
