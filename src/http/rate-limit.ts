// Client-side rate limit per API (design.md section 5). A sliding-window log rather than a token bucket:
// it never lets more than `limit` requests into any window, which is exactly how the services count
// (Management 2,000/min, message trace 100/5 min shared by Graph and legacy, o365-api.md 1.8, 3.2).

import type { Api } from "../config/types.js";
import { abortable, cancelledError, sleep } from "./wait.js";

export class SlidingWindowLimiter {
  private readonly starts: number[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Resolves when one more request may start; returns how long it waited (ms). `beforeWait` hears each
   * wait before it starts, so the caller can say how long it will be, or throw to refuse waiting at all.
   */
  acquire(api: Api, signal?: AbortSignal, beforeWait?: (waitMs: number) => void): Promise<number> {
    // Serialize waiters so they start in arrival order.
    const turn = this.chain.then(() => this.take(api, signal, beforeWait));
    this.chain = turn.then(
      () => undefined,
      () => undefined,
    );
    // A queued caller that cancels must not wait for the callers ahead of it.
    return abortable(turn, signal, api);
  }

  private async take(api: Api, signal?: AbortSignal, beforeWait?: (waitMs: number) => void): Promise<number> {
    if (signal?.aborted) throw cancelledError(api);
    let waited = 0;
    for (;;) {
      const now = this.now();
      while (this.starts.length > 0 && this.starts[0] <= now - this.windowMs) this.starts.shift();
      if (this.starts.length < this.limit) {
        this.starts.push(now);
        return waited;
      }
      const wait = this.starts[0] + this.windowMs - now;
      beforeWait?.(wait);
      await sleep(wait, signal, api);
      waited += wait;
    }
  }
}
