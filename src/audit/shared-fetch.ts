// One in-flight fetch per blob for the whole process: concurrent searches over the same window join the
// fetch already running instead of downloading (and holding) the same blob again. The shared fetch has its
// own signal, aborted only when every search waiting on it has been cancelled, so one caller's cancel
// never fails the others. An entry lives until the fetch has settled and its cache write has finished,
// after which later searches find the blob in the cache.
import { abortable } from "../http/wait.js";

interface Running<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiters: number;
}

export class SharedFetches<T> {
  private readonly running = new Map<string, Running<T>>();

  /** Fetches currently shared (for tests and diagnostics). */
  get size(): number {
    return this.running.size;
  }

  /**
   * The result of `start` for `key`, started now or joined if already running. `settled` gives the promise
   * after which the entry is dropped (the cache write); by default the fetch itself.
   */
  async join(
    key: string,
    signal: AbortSignal | undefined,
    start: (signal: AbortSignal) => Promise<T>,
    settled: (value: T) => Promise<unknown> = async () => {},
  ): Promise<T> {
    let entry = this.running.get(key);
    if (entry === undefined) {
      const controller = new AbortController();
      const promise = start(controller.signal);
      const created: Running<T> = { promise, controller, waiters: 0 };
      entry = created;
      this.running.set(key, created);
      const forget = () => {
        if (this.running.get(key) === created) this.running.delete(key);
      };
      promise.then(settled).then(forget, forget);
    }
    const joined = entry;
    joined.waiters++;
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      joined.waiters--;
      if (joined.waiters === 0 && signal?.aborted) {
        joined.controller.abort();
        if (this.running.get(key) === joined) this.running.delete(key);
      }
    };
    signal?.addEventListener("abort", leave, { once: true });
    try {
      return await abortable(joined.promise, signal, "management");
    } finally {
      signal?.removeEventListener("abort", leave);
      leave();
    }
  }
}
