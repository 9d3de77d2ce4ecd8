// A per-token rate limit: a token bucket per API token, in this process's memory (docs/api.md "Rate
// limits"). Each token may burst `burst` requests and then `perSecond` a second; a request over it is 429
// with Retry-After (whole seconds until one request's worth has refilled). Several `trec serve` processes
// behind a load balancer each keep their own buckets (a shared limit would need the database or a cache).

export interface RateLimit {
  /** Sustained requests per second per token. */
  perSecond: number;
  /** Requests a token may make at once after being idle. */
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 50, burst: 100 };

interface Bucket {
  tokens: number;
  atMs: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1))
      throw new Error(`rate limit ${JSON.stringify(limit)}: perSecond must be > 0 and burst >= 1`);
  }

  /** Takes one request from `key`'s bucket: 0 when allowed, else the seconds to wait (at least 1). */
  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.limit.burst, atMs: t };
    b.tokens = Math.min(this.limit.burst, b.tokens + ((t - b.atMs) / 1000) * this.limit.perSecond);
    b.atMs = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.limit.perSecond));
  }

  /** Forgets buckets that are full again (called now and then, so idle tokens cost no memory). */
  sweep(): void {
    const t = this.now();
    for (const [k, b] of this.buckets)
      if (b.tokens + ((t - b.atMs) / 1000) * this.limit.perSecond >= this.limit.burst) this.buckets.delete(k);
  }
}
