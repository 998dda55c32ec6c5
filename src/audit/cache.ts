// Content cache: a retrieved blob never changes until its contentExpiration (o365-api.md 1.5.5/1.5.6), so a
// second search over the same window needs no blob requests. Blobs are kept as gzip'd compact JSON
// (audit JSON shrinks ~5-10x), in a memory LRU bounded by compressed bytes and, with config.cacheDir, on
// disk. Compression runs on libuv's thread pool, off the event loop.
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import type { AuditRecord, ContentBlob } from "../management/types.js";
import { DiskCache } from "./disk-cache.js";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** 64 MiB of compressed blobs: a 200 MB tenant (~20-40 MB gzip'd) stays warm; RSS stays bounded on 1 GB scans. */
export const DEFAULT_CACHE_MAX_BYTES = 64 * 1024 * 1024;
const RETENTION_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 60 * 60_000;

export interface ContentCacheOptions {
  tenantId: string;
  maxBytes?: number;
  dir?: string;
  now: () => Date;
  log: (line: string) => void;
}

interface MemoryEntry {
  data: Buffer;
  expiresAt: number;
  /** The search generation that last used it (see beginSearch). */
  generation: number;
}

export type CacheSource = "memory" | "disk";

export interface CachedBlob {
  /** The records as one compact JSON array (JSON.stringify output). */
  text: string;
  count: number;
  source: CacheSource;
}

/** Layout of a cache entry: a header line {v, n} then the records array; a new v invalidates old files. */
const FORMAT_VERSION = 1;

/** When a blob stops being retrievable: its contentExpiration, else contentCreated + 7 days. */
export function blobExpiry(blob: ContentBlob): number {
  const expires = Date.parse(blob.contentExpiration);
  if (Number.isFinite(expires)) return expires;
  const created = Date.parse(blob.contentCreated);
  return Number.isFinite(created) ? created + RETENTION_MS : Number.NaN;
}

export class ContentCache {
  private readonly memory = new Map<string, MemoryEntry>();
  private bytes = 0;
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

  private key(blob: ContentBlob): string {
    return createHash("sha256").update(`${this.opts.tenantId}\n${blob.contentId}`).digest("hex");
  }

  /** The blob's records as JSON text (parse it only when the prefilter says it may match) and their count. */
  async get(blob: ContentBlob): Promise<CachedBlob | undefined> {
    const expiresAt = blobExpiry(blob);
    if (!(expiresAt > this.opts.now().getTime())) return undefined;
    const key = this.key(blob);
    const hit = this.memory.get(key);
    if (hit) {
      this.memory.delete(key);
      this.memory.set(key, hit);
      hit.generation = this.generation;
      const decoded = await decode(hit.data);
      if (decoded) return { ...decoded, source: "memory" };
      this.drop(key);
    }
    if (!this.disk) return undefined;
    const data = await this.disk.read(key, expiresAt);
    if (!data) return undefined;
    const decoded = await decode(data);
    if (!decoded) {
      this.opts.log("content cache: dropped an unreadable cache file");
      await this.disk.remove(key, expiresAt);
      return undefined;
    }
    this.remember(key, data, expiresAt);
    return { ...decoded, source: "disk" };
  }

  async put(blob: ContentBlob, records: AuditRecord[]): Promise<void> {
    const expiresAt = blobExpiry(blob);
    if (!(expiresAt > this.opts.now().getTime())) return;
    const key = this.key(blob);
    const header = JSON.stringify({ v: FORMAT_VERSION, n: records.length });
    const data = await gzipAsync(`${header}\n${JSON.stringify(records)}`, { level: 1 });
    this.remember(key, data, expiresAt);
    await this.disk?.write(key, expiresAt, data);
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

  private remember(key: string, data: Buffer, expiresAt: number): void {
    this.drop(key);
    if (data.length > this.maxBytes / 4) return;
    const now = this.opts.now().getTime();
    for (const [k, entry] of this.memory) {
      if (this.bytes + data.length <= this.maxBytes) break;
      // Map iteration is insertion (= least recently used) order; expired entries always go.
      if (entry.generation < this.generation || entry.expiresAt <= now) this.drop(k);
    }
    if (this.bytes + data.length > this.maxBytes) return;
    this.memory.set(key, { data, expiresAt, generation: this.generation });
    this.bytes += data.length;
  }

  private drop(key: string): void {
    const entry = this.memory.get(key);
    if (!entry) return;
    this.memory.delete(key);
    this.bytes -= entry.data.length;
  }
}

/** Reads "{v,n}<newline>[records]"; anything else (an older format, a torn file) is a miss. */
async function decode(data: Buffer): Promise<{ text: string; count: number } | undefined> {
  try {
    const content = (await gunzipAsync(data)).toString("utf8");
    const newline = content.indexOf("\n");
    const header: unknown = JSON.parse(content.slice(0, newline));
    const { v, n } = (header ?? {}) as { v?: unknown; n?: unknown };
    const text = content.slice(newline + 1);
    if (newline < 0 || v !== FORMAT_VERSION || typeof n !== "number" || !text.startsWith("["))
      return undefined;
    return { text, count: n };
  } catch {
    return undefined;
  }
}

/** Parses cached text back into records. */
export function parseCachedRecords(text: string): AuditRecord[] {
  return JSON.parse(text) as AuditRecord[];
}
