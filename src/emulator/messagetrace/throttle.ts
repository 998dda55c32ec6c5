// Message trace throttle: 100 requests per running 5 minutes per tenant, shared by the list and detail
// calls (o365-api.md 3.2). State lives beside the tenant object so each emulator has its own window.
import type { Tenant } from "../tenant/types.js";

const WINDOW_MS = 5 * 60_000;
const windows = new WeakMap<Tenant, number[]>();

export type ThrottleResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Counts one request at `nowMs`, or refuses it with the wait until the oldest request leaves the window. */
export function takeMessageTraceSlot(tenant: Tenant, nowMs: number, limit: number): ThrottleResult {
  const times = (windows.get(tenant) ?? []).filter((t) => t > nowMs - WINDOW_MS);
  windows.set(tenant, times);
  if (times.length >= limit) {
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((times[0] + WINDOW_MS - nowMs) / 1000)) };
  }
  times.push(nowMs);
  return { ok: true };
}

/** Forget every counted request (the emulator's control.reset()). */
export function resetMessageTraceThrottle(tenant: Tenant): void {
  windows.delete(tenant);
}
