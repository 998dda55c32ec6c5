// Bounds the blob bytes a search holds at once: a blob body being read, parsed, scanned and compressed for
// the cache lives as response text, records and deflate input at the same time, so 8 concurrent 2 MB blobs
// cost far more memory than 8 small ones. Only bodies count: a request still waiting for its answer holds
// no bytes, so requests stay in flight (concurrency.ts) while earlier blobs are processed, and the budget
// is taken when the answer's headers arrive (Content-Length, else the running mean of the blobs seen).
// Admission is first come, first served: a large blob at the head of the queue is never overtaken by the
// small ones behind it, and one body is always admitted when nothing else is held, so a blob larger than
// the whole budget still goes (alone) instead of waiting forever.
import { abortError } from "./pool.js";

/**
 * Default: 8 MiB of bodies at once, i.e. two 3.6 MB blobs or ~20 of 360 KB (bench/README.md, memory and
 * audit-search large-blobs: peak RSS stays under 300 MB).
 */
export const DEFAULT_IN_FLIGHT_BYTES = 8 * 1024 * 1024;

/** Estimate of an unannounced body before any blob has been seen: two such probes share the budget. */
const UNKNOWN_SHARE = 2;

/** One admitted body; release() is idempotent. */
export interface Admission {
  readonly bytes: number;
  release(): void;
}

interface Waiter {
  bytes: number;
  admit: () => void;
}

export class FetchBudget {
  private held = 0;
  private admitted = 0;
  private seen = 0;
  private totalBytes = 0;
  private readonly queue: Waiter[] = [];

  constructor(readonly maxBytes: number) {}

  /** Bytes of the bodies admitted and not yet released. */
  get heldBytes(): number {
    return this.held;
  }

  /** Bodies admitted and not yet released. */
  get admittedCount(): number {
    return this.admitted;
  }

  /** What an unannounced body is taken to weigh: the mean blob so far. */
  estimate(): number {
    return this.seen === 0
      ? Math.ceil(this.maxBytes / UNKNOWN_SHARE)
      : Math.ceil(this.totalBytes / this.seen);
  }

  /** Records a blob's real size, for the estimate of the next unannounced ones. */
  observe(bytes: number): void {
    this.seen++;
    this.totalBytes += bytes;
  }

  private fits(bytes: number): boolean {
    return this.held === 0 || this.held + bytes <= this.maxBytes;
  }

  /** Waits (in arrival order) until `bytes` fit; rejects when the signal aborts while waiting. */
  admit(declared: number | undefined, signal?: AbortSignal): Promise<Admission> {
    const bytes = declared !== undefined && declared >= 0 ? declared : this.estimate();
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.queue.length === 0 && this.fits(bytes)) return Promise.resolve(this.take(bytes));
    return new Promise<Admission>((resolve, reject) => {
      const waiter: Waiter = {
        bytes,
        admit: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(this.take(bytes));
        },
      };
      const onAbort = () => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
        reject(abortError(signal!));
        this.wake();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  private take(bytes: number): Admission {
    this.held += bytes;
    this.admitted++;
    let released = false;
    return {
      bytes,
      release: () => {
        if (released) return;
        released = true;
        this.held -= bytes;
        this.admitted--;
        this.wake();
      },
    };
  }

  private wake(): void {
    while (this.queue.length > 0 && this.fits(this.queue[0].bytes)) this.queue.shift()!.admit();
  }
}
