// Abortable waiting: backoff sleeps, rate-limit waits and shared requests end at once when the caller cancels.
import { setTimeout as delay } from "node:timers/promises";
import type { Api } from "../config/types.js";
import { O365Error } from "../errors.js";

/** The one error a cancelled call rejects with, whichever layer noticed the cancellation. */
export function cancelledError(api: Api | "auth"): O365Error {
  return new O365Error({
    api,
    code: "CANCELLED",
    message: "The request was cancelled.",
    hint: "The caller cancelled the operation; nothing to fix.",
  });
}

export async function sleep(ms: number, signal: AbortSignal | undefined, api: Api | "auth"): Promise<void> {
  if (signal?.aborted) throw cancelledError(api);
  if (ms <= 0) return;
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    if (signal?.aborted) throw cancelledError(api);
    throw error;
  }
}

/** Stops waiting for `promise` when `signal` aborts; the work behind it keeps running for other callers. */
export function abortable<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  api: Api | "auth",
): Promise<T> {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(cancelledError(api));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
