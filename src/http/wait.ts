// Abortable waiting: backoff sleeps, rate-limit waits and shared requests end at once when the caller cancels.

import type { Api } from "../config/types.js";
import { O365Error } from "../errors.js";

export function cancelledError(api: Api | "auth"): O365Error {
  return new O365Error({
    api,
    code: "CANCELLED",
    message: "The request was cancelled.",
    hint: "The caller cancelled the operation; nothing to fix.",
  });
}

export function sleep(ms: number, signal: AbortSignal | undefined, api: Api | "auth"): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelledError(api));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError(api));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
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
