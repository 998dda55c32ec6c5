// How many blob requests a search keeps in flight: slow start, then additive increase, halved on a sign of
// throttling (TCP's AIMD). The Management API throttles per tenant at 2,000 requests per minute and answers
// AF429 past it (o365-api.md 1.8); the HTTP layer's sliding-window limiter waits before that happens. A
// limiter wait or an AF429/429 retry means more requests in flight would only queue, so the window halves;
// while requests complete without either, it grows (up to `max`), so a slow (high-latency) service gets
// more requests in flight and a fast one is still bounded by the byte budget for bodies (fetch-budget.ts).
import type { HttpEvent } from "../http/types.js";

export interface ConcurrencyLimits {
  initial: number;
  min: number;
  max: number;
}

export const DEFAULT_CONCURRENCY: ConcurrencyLimits = { initial: 8, min: 2, max: 32 };

/** An answer slower than this (and 8x the fastest) means the service is queueing our requests. */
const SLOW_MS = 2000;

/** An AF429 (HTTP 403 on this API) or a plain 429, as the HTTP layer names them in retry events. */
function isThrottleRetry(reason: string): boolean {
  return /\bAF429\b|\b429\b/.test(reason);
}

export class AdaptiveConcurrency {
  private window: number;
  private slowStart = true;
  /** Throttle signs seen (limiter waits and AF429/429 retries). */
  throttled = 0;
  /** The largest window reached. */
  peak: number;

  constructor(private readonly limits: ConcurrencyLimits = DEFAULT_CONCURRENCY) {
    this.window = Math.min(limits.max, Math.max(limits.min, limits.initial));
    this.peak = this.window;
  }

  /** Requests that may be in flight now. */
  get limit(): number {
    return Math.floor(this.window);
  }

  /** A blob request completed without a throttle sign. */
  onSuccess(): void {
    if (this.slowStart) this.window += 1;
    else this.window += 1 / this.window;
    this.window = Math.min(this.limits.max, this.window);
    this.peak = Math.max(this.peak, this.limit);
  }

  /** A throttle sign: halve (once per sign), and grow only additively from now on. */
  onThrottle(): void {
    this.throttled++;
    this.slowStart = false;
    this.window = Math.max(this.limits.min, this.window / 2);
  }

  private fastestMs = Number.POSITIVE_INFINITY;
  private lastSlowAt = Number.NEGATIVE_INFINITY;

  /**
   * Feeds one HTTP event of the search's requests. Besides throttling, a service that answers far slower
   * than its fastest answer so far (8x and over 2 s), or a timeout retry, is overloaded: more requests in
   * flight would only queue there, so the window halves (at most once a second for slowness).
   */
  onEvent(event: HttpEvent, now: number = Date.now()): void {
    if (event.type === "throttle-wait") this.onThrottle();
    else if (event.type === "retry" && (isThrottleRetry(event.reason) || /TIMEOUT/.test(event.reason)))
      this.onThrottle();
    else if (event.type === "request" && event.status >= 200 && event.status < 300) {
      this.fastestMs = Math.min(this.fastestMs, event.ms);
      if (event.ms > Math.max(SLOW_MS, 8 * this.fastestMs) && now - this.lastSlowAt >= 1000) {
        this.lastSlowAt = now;
        this.onThrottle();
      }
    }
  }
}
