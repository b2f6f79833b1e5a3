/**
 * A small JSON-RPC client for the indexer: single calls and batches over HTTP, with exponential backoff on
 * transport and server errors. Errors that say a log query was too large are not retried here: the sync loop
 * answers them by shrinking its block range.
 */

export interface RpcLog {
  address: `0x${string}`;
  topics: `0x${string}`[];
  data: `0x${string}`;
  blockNumber: `0x${string}`;
  blockHash: `0x${string}`;
  transactionHash: `0x${string}`;
  transactionIndex: `0x${string}`;
  logIndex: `0x${string}`;
  removed?: boolean;
}

export interface RpcOptions {
  /** Attempts per call before giving up (default 6). */
  retries?: number;
  /** First backoff delay in ms, doubled after each failure (default 200). */
  backoffMs?: number;
  /** Per-request timeout in ms (default 60,000). */
  timeoutMs?: number;
  /** Called before each retry, for progress output. */
  onRetry?: (error: Error, attempt: number, delayMs: number) => void;
}

export class RpcError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = "RpcError";
  }
}

/** True when a node refused a log query for its size: too many results, range too wide, response too big. */
export function isTooManyResults(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /too many|more than \d+ results|limit exceeded|query returned more|range (is )?too (large|wide)|block range|response size|exceed/i.test(message);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RpcClient {
  private nextId = 1;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;

  constructor(
    readonly url: string,
    private readonly options: RpcOptions = {},
  ) {
    this.retries = options.retries ?? 6;
    this.backoffMs = options.backoffMs ?? 200;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  async call<T>(method: string, params: unknown[]): Promise<T> {
    const [result] = await this.batch<T>([{ method, params }]);
    return result;
  }

  /** Sends the calls in one HTTP request; answers in the order asked. Throws the first error of any call. */
  async batch<T>(calls: { method: string; params: unknown[] }[]): Promise<T[]> {
    if (calls.length === 0) return [];
    return this.withRetry(async () => {
      const body = calls.map((c) => ({ jsonrpc: "2.0", id: this.nextId++, method: c.method, params: c.params }));
      const res = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!res.ok) throw new RpcError(`HTTP ${res.status} from ${this.url}`);
      const answers = (await res.json()) as { id: number; result?: T; error?: { code: number; message: string } }[];
      const byId = new Map(answers.map((a) => [a.id, a]));
      return body.map((request) => {
        const answer = byId.get(request.id);
        if (!answer) throw new RpcError(`no answer to ${request.method}`);
        if (answer.error) throw new RpcError(`${request.method}: ${answer.error.message}`, answer.error.code);
        return answer.result as T;
      });
    });
  }

  private async withRetry<T>(attempt: () => Promise<T>): Promise<T> {
    let delay = this.backoffMs;
    for (let i = 1; ; i++) {
      try {
        return await attempt();
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        // A query too large fails the same way every time: the caller must ask for less.
        if (isTooManyResults(error) || i >= this.retries) throw error;
        this.options.onRetry?.(error, i, delay);
        await sleep(delay);
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }
}
