// Reusable buffers for large response bodies. Joining a multi-megabyte body's chunks into fresh memory costs
// a page fault per 4 KB (3.4 ms per 3.6 MB blob here, against 0.1 ms into memory already touched), and every
// dead body lingers as external memory until V8 next collects. A search reads hundreds of blobs of similar
// size, so it hands each body back once its records are scanned and cached, and the next one reuses it.
// The pool holds at most maxBytes of idle buffers; a body is only pooled when it announced its length.

/** Bodies smaller than this are joined as before (the allocator serves them well). */
const MIN_POOLED_BYTES = 64 * 1024;

export class BodyPool {
  private readonly idle: Buffer[] = [];
  private idleBytes = 0;
  /** Buffers handed out again instead of allocated (for tests and diagnostics). */
  reused = 0;

  constructor(readonly maxBytes: number) {}

  /** A buffer of at least `bytes` (its length may be larger), or undefined when such a body is not pooled. */
  take(bytes: number): Buffer | undefined {
    if (bytes < MIN_POOLED_BYTES || bytes > this.maxBytes) return undefined;
    let best = -1;
    for (let i = 0; i < this.idle.length; i++) {
      const size = this.idle[i].length;
      // Best fit, and never more than twice the need: a small body must not pin a large buffer.
      if (size >= bytes && size <= 2 * bytes && (best < 0 || size < this.idle[best].length)) best = i;
    }
    if (best < 0) return Buffer.allocUnsafeSlow(bytes);
    const [buffer] = this.idle.splice(best, 1);
    this.idleBytes -= buffer.length;
    this.reused++;
    return buffer;
  }

  /** Takes a buffer back; nothing may read it afterwards. Over the budget, the oldest idle ones go. */
  give(buffer: Buffer): void {
    if (buffer.length > this.maxBytes) return;
    this.idle.push(buffer);
    this.idleBytes += buffer.length;
    while (this.idleBytes > this.maxBytes) this.idleBytes -= this.idle.shift()!.length;
  }

  /** Bytes held idle. */
  get idleSize(): number {
    return this.idleBytes;
  }
}
