// Bounded concurrency with cancellation. forEachBounded: a fixed number of workers pull items in order.
// forEachAdaptive: the bound is read again each time an item could start, so it can follow a controller
// (concurrency.ts). When the signal aborts, no new item starts and the call rejects at once (in-flight
// requests get the same signal).

/** The error a cancelled search rejects with (the signal's reason when it is an Error). */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error("The operation was aborted.");
  err.name = "AbortError";
  return err;
}

export async function forEachBounded<T>(
  items: readonly T[],
  concurrency: number,
  signal: AbortSignal | undefined,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  return forEachAdaptive(items, () => concurrency, signal, fn);
}

/** Runs fn over items in order with at most limit() running at once (at least one). */
export function forEachAdaptive<T>(
  items: readonly T[],
  limit: () => number,
  signal: AbortSignal | undefined,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise<void>((resolve, reject) => {
    let next = 0;
    let active = 0;
    let settled = false;
    const onAbort = () => settle(abortError(signal!));
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const pump = () => {
      while (!settled && next < items.length && active < Math.max(1, limit())) {
        const index = next++;
        active++;
        Promise.resolve()
          .then(() => fn(items[index], index))
          .then(
            () => {
              active--;
              if (next >= items.length && active === 0) settle();
              else pump();
            },
            (error: unknown) => settle(error),
          );
      }
      if (items.length === 0) settle();
    };
    pump();
  });
}
