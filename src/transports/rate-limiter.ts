// Per-client request budget for the HTTP transport (mcp-notes.md 1.3: servers MUST rate-limit invocations).
// A token bucket per remote address: `perMinute` requests may arrive in a burst, refilled continuously.

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until one more request is allowed (for Retry-After). */
  retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.refillPerMs = perMinute / 60_000;
  }

  /** Takes `cost` requests (a JSON-RPC batch costs as many as it holds calls). */
  take(key: string, cost = 1): RateDecision {
    if (this.perMinute <= 0) return { allowed: true, retryAfterSeconds: 0 };
    const now = this.nowMs();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, updatedMs: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updatedMs) * this.refillPerMs);
    bucket.updatedMs = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    // A batch larger than the whole budget can never pass: it is refused without waiting for a refill.
    const missing = Math.min(cost, this.perMinute) - bucket.tokens;
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil(missing / this.refillPerMs / 1000)),
    };
  }

  /** Forgets clients whose bucket is full again, so the map stays as small as the set of active clients. */
  prune(): void {
    const now = this.nowMs();
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedMs) * this.refillPerMs >= this.perMinute)
        this.buckets.delete(key);
    }
  }
}
