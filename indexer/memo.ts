import type { Sql, SqlParam } from "./sql";

/**
 * Answers that change only when the index moves (counts over a million events, the book's totals), kept by a
 * long-lived reader (the app server's) until the index's cursor moves: a request then costs a read of the cursor
 * instead of a scan. The key of the index's state is its last block and that block's hash, so that a rollback, a
 * rebuild or another chain never serves an answer of another state. A reader without a memo (the command line,
 * the tests' connections) computes every answer.
 */
export class IndexMemo {
  private state?: string;
  private readonly answers = new Map<string, Promise<unknown>>();

  constructor(private readonly maxEntries = 2_000) {}

  async get<T>(sql: Sql, key: string, compute: () => Promise<T>): Promise<T> {
    const state = await indexState(sql);
    if (state !== this.state) {
      this.answers.clear();
      this.state = state;
    }
    let answer = this.answers.get(key) as Promise<T> | undefined;
    if (!answer) {
      if (this.answers.size >= this.maxEntries) this.answers.clear();
      answer = compute();
      this.answers.set(key, answer);
      // A failed computation is not kept.
      answer.catch(() => this.answers.get(key) === answer && this.answers.delete(key));
    }
    return answer;
  }
}

/** The index's state: its cursor's block and that block's hash ("" for an empty index). */
async function indexState(sql: Sql): Promise<string> {
  const row = await sql.get<{ last_block: number; hash: string | null }>("SELECT c.last_block, b.hash FROM cursor c LEFT JOIN blocks b ON b.number = c.last_block WHERE c.id = 1");
  return row ? `${row.last_block}:${row.hash ?? ""}` : "";
}

/** `compute`, kept per index state when `sql` carries a memo (see IndexMemo). */
export function memoized<T>(sql: Sql, key: string, compute: () => Promise<T>): Promise<T> {
  return sql.memo ? sql.memo.get(sql, key, compute) : compute();
}

/** A key of one statement and its parameters. */
export const statementKey = (text: string, params: readonly SqlParam[] = []) => `${text}\u0000${JSON.stringify(params, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}`;
