// Message trace throttle: 100 requests per running 5 minutes per tenant, shared by the list and detail
// calls (o365-api.md 3.2). One per emulator, so each emulator has its own window.
const WINDOW_MS = 5 * 60_000;

export type ThrottleResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface MessageTraceThrottle {
  /** Counts one request at `nowMs`, or refuses it with the wait until the oldest request leaves the window. */
  take(nowMs: number, limit: number): ThrottleResult;
  /** Forget every counted request (the emulator's control.reset()). */
  reset(): void;
}

export function createMessageTraceThrottle(): MessageTraceThrottle {
  let times: number[] = [];
  return {
    take(nowMs, limit) {
      times = times.filter((t) => t > nowMs - WINDOW_MS);
      if (times.length >= limit) {
        return {
          ok: false,
          retryAfterSeconds: Math.max(1, Math.ceil((times[0] + WINDOW_MS - nowMs) / 1000)),
        };
      }
      times.push(nowMs);
      return { ok: true };
    },
    reset() {
      times = [];
    },
  };
}
