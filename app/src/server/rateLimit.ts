import "server-only";

/**
 * A token bucket per key (a session): `capacity` calls at once, refilled at `perSecond`. In memory, per process:
 * a limit on how hard one session can drive the node, not an accounting.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
  ) {}

  /** Takes `cost` tokens from `key`'s bucket; false (and nothing taken) when it holds fewer. */
  take(key: string, cost: number): boolean {
    const now = Date.now();
    if (this.buckets.size > 50_000) this.buckets.clear();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < cost) return false;
    bucket.tokens -= cost;
    return true;
  }
}
