// Bounds the blob bytes a search holds in flight, not just the request count: each fetched blob lives as
// response text, parsed records and the cache's serialization at once, so 8 concurrent 2 MB blobs cost
// far more memory than 8 small ones. The size of the next blob is unknown until it arrives, so the running
// mean of the blobs seen so far stands in for it; before any has arrived, two fetches probe. One fetch may
// always run.

/** Default: one 2 MB blob at a time (two measured 290-310 MB peak RSS on a 1 GB scan, one 229 MB); blobs under 500 KB stay bounded by the request concurrency alone. */
export const DEFAULT_IN_FLIGHT_BYTES = 4 * 1024 * 1024;

const UNKNOWN_SIZE_FETCHES = 2;

export class FetchBudget {
  private inFlight = 0;
  private seen = 0;
  private totalBytes = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly maxBytes: number) {}

  private fits(): boolean {
    if (this.seen === 0) return this.inFlight < UNKNOWN_SIZE_FETCHES;
    return this.inFlight === 0 || ((this.inFlight + 1) * this.totalBytes) / this.seen <= this.maxBytes;
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    while (!this.fits()) {
      if (signal?.aborted) break; // the fetch fails at once on the same signal, then releases
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.inFlight++;
  }

  /** Ends one fetch; `bytes` is its size when it got that far. */
  release(bytes?: number): void {
    this.inFlight--;
    if (bytes !== undefined) {
      this.seen++;
      this.totalBytes += bytes;
    }
    for (const wake of this.waiting.splice(0)) wake();
  }
}
