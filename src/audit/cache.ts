// Content cache: a retrieved blob never changes until its contentExpiration (o365-api.md 1.5.5/1.5.6), so a
// second search over the same window needs no blob requests. Blobs are kept as deflated compact JSON in
// ~64 KB chunks (chunks.ts; audit JSON shrinks ~5-10x) beside a small summary of their filter-field values
// (summary.ts), in a memory LRU bounded by bytes and, with config.cacheDir, on disk. Compression runs on
// libuv's thread pool, off the event loop; only chunks holding records the summary cannot rule out are
// ever decompressed.
import { createHash } from "node:crypto";
import { type BlobRecords, parsedBlobRecords } from "../management/blob-records.js";
import type { AuditRecord, ContentBlob } from "../management/types.js";
import { RETENTION_MS } from "../management/windows.js";
import {
  type ChunkedRecords,
  chunkTableFromJson,
  chunkTableToJson,
  compressLines,
  decompressRecords,
  inflatedBytes,
} from "./chunks.js";
import { DiskCache } from "./disk-cache.js";
import {
  type BlobSummary,
  type RecordSelection,
  SUMMARY_KEYS,
  summarizeBlob,
  summaryFromJson,
  summaryToJson,
} from "./summary.js";

/**
 * 32 MiB of compressed blobs and their summaries (config.cacheMemoryMb overrides): a 200 MB tenant (~20-40 MB
 * gzip'd) mostly stays warm, and a 1 GB scan peaks under 300 MB RSS (bench/README.md, memory).
 */
export const DEFAULT_CACHE_MAX_BYTES = 32 * 1024 * 1024;
const PRUNE_EVERY_MS = 60 * 60_000;

export interface ContentCacheOptions {
  tenantId: string;
  maxBytes?: number;
  dir?: string;
  now: () => Date;
  log: (line: string) => void;
}

interface MemoryEntry {
  records: ChunkedRecords;
  summary: BlobSummary;
  /** What the entry counts against the budget: data plus the summary's stored size. */
  bytes: number;
  expiresAt: number;
  /** The search generation that last used it (see beginSearch). */
  generation: number;
}

export type CacheSource = "memory" | "disk";

export interface CachedBlob {
  count: number;
  /** Distinct filter-field values and which records have them: decides what to decompress and parse. */
  summary: BlobSummary;
  source: CacheSource;
  /**
   * Decompresses the chunks holding the selected records: one compact JSON text per record, indexed by
   * record (records of untouched chunks stay undefined); undefined when the entry is damaged.
   */
  lines(selection: RecordSelection): Promise<(string | undefined)[] | undefined>;
  /** Bytes of text lines(selection) inflates. */
  inflatedBytes(selection: RecordSelection): number;
}

/**
 * Layout of a cache file: one uncompressed header line {v, n, s: summary, c: chunk table}, then the
 * deflated chunks (chunks.ts). A new v invalidates old files.
 */
const FORMAT_VERSION = 5;
const NEWLINE = 0x0a;

/** When a blob stops being retrievable: its contentExpiration, else contentCreated + 7 days. */
export function blobExpiry(blob: ContentBlob): number {
  const expires = Date.parse(blob.contentExpiration);
  if (Number.isFinite(expires)) return expires;
  const created = Date.parse(blob.contentCreated);
  return Number.isFinite(created) ? created + RETENTION_MS : Number.NaN;
}

/** What the memory tier gave up since the cache was made (search.ts reports the difference per search). */
export interface CacheEvictions {
  /** Entries of earlier searches dropped to make room. */
  evicted: number;
  evictedBytes: number;
  /** New blobs not kept in memory for lack of room (a repeat fetches them again unless on disk). */
  notKept: number;
  notKeptBytes: number;
}

/** What one put did to the memory tier (a search reports the sum of its own, search.ts). */
export interface StoreOutcome {
  /** Kept in memory. */
  kept: boolean;
  /** Not kept in memory for lack of room (compressed bytes); a repeat fetches it again unless on disk. */
  notKeptBytes?: number;
  /** Entries of earlier searches evicted to make room for it. */
  evicted?: number;
  evictedBytes?: number;
  /** The write failed; nothing was kept. */
  error?: string;
}

export class ContentCache {
  private readonly memory = new Map<string, MemoryEntry>();
  private bytes = 0;
  private readonly evictions: CacheEvictions = { evicted: 0, evictedBytes: 0, notKept: 0, notKeptBytes: 0 };
  private generation = 0;
  private readonly maxBytes: number;
  private readonly disk: DiskCache | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: ContentCacheOptions) {
    this.maxBytes = opts.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
    if (opts.dir) {
      const disk = new DiskCache(opts.dir, opts.log);
      this.disk = disk;
      const prune = () =>
        disk.prune(opts.now().getTime()).then(
          (n) => n > 0 && opts.log(`content cache: pruned ${n} expired file(s) from ${opts.dir}`),
          () => {},
        );
      void prune();
      this.pruneTimer = setInterval(prune, PRUNE_EVERY_MS);
      this.pruneTimer.unref();
    }
  }

  /** Compressed bytes held in memory. */
  get memoryBytes(): number {
    return this.bytes;
  }

  /** The memory budget, bytes. */
  get budgetBytes(): number {
    return this.maxBytes;
  }

  /** Whether blobs not kept in memory still go to the disk tier (config.cacheDir). */
  get hasDisk(): boolean {
    return this.disk !== undefined;
  }

  /** Running totals of what the memory tier gave up. */
  get evicted(): Readonly<CacheEvictions> {
    return { ...this.evictions };
  }

  private key(blob: ContentBlob): string {
    return createHash("sha256").update(`${this.opts.tenantId}\n${blob.contentId}`).digest("hex");
  }

  /** The blob's summary and a way to its records, without decompressing anything yet. */
  async get(blob: ContentBlob): Promise<CachedBlob | undefined> {
    const expiresAt = blobExpiry(blob);
    if (!(expiresAt > this.opts.now().getTime())) return undefined;
    const key = this.key(blob);
    const hit = this.memory.get(key);
    if (hit) {
      this.memory.delete(key);
      this.memory.set(key, hit);
      hit.generation = this.generation;
      return this.cached(hit, "memory");
    }
    if (!this.disk) return undefined;
    const file = await this.disk.read(key, expiresAt);
    if (!file) return undefined;
    const entry = decodeFile(file);
    if (!entry) {
      this.opts.log("content cache: dropped an unreadable cache file");
      await this.disk.remove(key, expiresAt);
      return undefined;
    }
    this.remember(key, { ...entry, expiresAt, generation: this.generation });
    return this.cached(entry, "disk");
  }

  /**
   * Keeps a blob's records: parsed ones, or a blob read from its bytes (blob-records.ts), whose served lines
   * are compressed as they are and whose summary the caller may already have made.
   */
  async put(
    blob: ContentBlob,
    records: readonly AuditRecord[] | BlobRecords,
    summarized?: BlobSummary,
  ): Promise<StoreOutcome> {
    const expiresAt = blobExpiry(blob);
    if (!(expiresAt > this.opts.now().getTime())) return { kept: false };
    const key = this.key(blob);
    const lines =
      "record" in records ? records : parsedBlobRecords(records as readonly AuditRecord[], SUMMARY_KEYS);
    const summary = summarized ?? summarizeBlob(lines);
    const chunked = await compressLines(lines);
    const header = Buffer.from(
      `${JSON.stringify({ v: FORMAT_VERSION, n: chunked.count, s: summaryToJson(summary), c: chunkTableToJson(chunked) })}\n`,
    );
    const bytes = chunked.data.length + header.length;
    const outcome = this.remember(key, { records: chunked, summary, bytes, expiresAt, generation: 0 });
    await this.disk?.write(key, expiresAt, Buffer.concat([header, chunked.data]));
    return outcome;
  }

  /** Forgets a blob whose stored records turned out unreadable (memory and disk). */
  async discard(blob: ContentBlob): Promise<void> {
    const key = this.key(blob);
    this.drop(key);
    await this.disk?.remove(key, blobExpiry(blob));
  }

  private cached(entry: Pick<MemoryEntry, "records" | "summary">, source: CacheSource): CachedBlob {
    const { records, summary } = entry;
    return {
      count: summary.count,
      summary,
      source,
      lines: (sel) => decompressRecords(records, sel),
      inflatedBytes: (sel) => inflatedBytes(records, sel),
    };
  }

  close(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
  }

  /**
   * Scan resistance: a search that reads more than the budget must not evict the blobs it read itself
   * (plain LRU would keep none of a sequential scan). Room is made only from entries last used by
   * earlier searches, oldest first; when there is none, the new blob stays on disk only.
   */
  beginSearch(): void {
    this.generation++;
  }

  private remember(key: string, entry: MemoryEntry): StoreOutcome {
    this.drop(key);
    const notKept = (): StoreOutcome => {
      this.evictions.notKept++;
      this.evictions.notKeptBytes += entry.bytes;
      return { kept: false, notKeptBytes: entry.bytes, evicted, evictedBytes };
    };
    let evicted = 0;
    let evictedBytes = 0;
    if (entry.bytes > this.maxBytes / 4) return notKept();
    const now = this.opts.now().getTime();
    for (const [k, old] of this.memory) {
      if (this.bytes + entry.bytes <= this.maxBytes) break;
      // Map iteration is insertion (= least recently used) order; expired entries always go.
      if (old.expiresAt <= now) this.drop(k);
      else if (old.generation < this.generation) {
        evicted++;
        evictedBytes += old.bytes;
        this.evictions.evicted++;
        this.evictions.evictedBytes += old.bytes;
        this.drop(k);
      }
    }
    if (this.bytes + entry.bytes > this.maxBytes) return notKept();
    this.memory.set(key, { ...entry, generation: this.generation });
    this.bytes += entry.bytes;
    return { kept: true, evicted, evictedBytes };
  }

  private drop(key: string): void {
    const entry = this.memory.get(key);
    if (!entry) return;
    this.memory.delete(key);
    this.bytes -= entry.bytes;
  }
}

/** Splits a cache file into its header (count, summary, chunk table) and data; undefined for any other layout. */
function decodeFile(file: Buffer): Omit<MemoryEntry, "expiresAt" | "generation"> | undefined {
  const newline = file.indexOf(NEWLINE);
  if (newline < 0) return undefined;
  try {
    const header = JSON.parse(file.subarray(0, newline).toString("utf8")) as {
      v?: unknown;
      n?: unknown;
      s?: unknown;
      c?: unknown;
    } | null;
    if (header?.v !== FORMAT_VERSION || typeof header.n !== "number") return undefined;
    const summary = summaryFromJson(header.s, header.n);
    // A copy, so the memory entry does not pin the file's whole buffer (header included).
    const records = chunkTableFromJson(header.c, Buffer.from(file.subarray(newline + 1)), header.n);
    if (!summary || !records) return undefined;
    return { records, summary, bytes: file.length };
  } catch {
    return undefined;
  }
}
