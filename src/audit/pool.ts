// Bounded concurrency with cancellation: a fixed number of workers pull items in order. When the signal
// aborts, no new item starts and the call rejects at once (in-flight requests get the same signal).

/** The error a cancelled search rejects with (the signal's reason when it is an Error). */
function abortError(signal: AbortSignal): Error {
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
  if (signal?.aborted) throw abortError(signal);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      if (signal?.aborted) throw abortError(signal);
      const index = next++;
      await fn(items[index], index);
    }
  };
  const workers = Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker),
  );
  if (!signal) {
    await workers;
    return;
  }
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortError(signal));
    signal.addEventListener("abort", onAbort, { once: true });
  });
  // A straggling worker must not surface as an unhandled rejection after we returned on abort.
  workers.catch(() => {});
  try {
    await Promise.race([workers, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}
