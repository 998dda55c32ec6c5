// Lists the blobs of every planned window (following NextPageUri inside listContent). A window that ended
// more than CLOSED_AFTER_MS ago cannot gain blobs (contentCreated is when a blob became available,
// o365-api.md 1.5.5), so its listing is kept in a small memory LRU: a repeated search or cursor page
// lists nothing again.
import { isO365Error } from "../errors.js";
import type { CallOptions } from "../http/types.js";
import type { ContentBlob, ManagementClient } from "../management/types.js";
import { formatApiTime } from "../management/windows.js";
import type { ListingWindow } from "./plan.js";
import { forEachBounded } from "./pool.js";

const CLOSED_AFTER_MS = 15 * 60_000;
const MAX_CACHED_LISTINGS = 2_000;
/** Enough to list a 24 h search (5 types x 2 windows) in one round trip: it is the warm search's floor. */
const LIST_CONCURRENCY = 10;

export interface ListedBlob extends ContentBlob {
  /** "Audit.Exchange 2026-11-26", for progress messages. */
  label: string;
}

export interface ListingFailure {
  contentType: string;
  startTime: string;
  endTime: string;
  reason: string;
  code?: string;
  error: unknown;
}

export interface ListingOutcome {
  blobs: ListedBlob[];
  failures: ListingFailure[];
  fromCache: number;
}

export class ListingCache {
  private readonly entries = new Map<string, ContentBlob[]>();

  get(key: string): ContentBlob[] | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, blobs: ContentBlob[]): void {
    this.entries.delete(key);
    this.entries.set(key, blobs);
    while (this.entries.size > MAX_CACHED_LISTINGS) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

export async function listBlobs(
  management: ManagementClient,
  windows: ListingWindow[],
  cache: ListingCache,
  now: Date,
  opts: CallOptions,
): Promise<ListingOutcome> {
  const perWindow: ContentBlob[][] = [];
  const failures: ListingFailure[] = [];
  let fromCache = 0;
  await forEachBounded(windows, LIST_CONCURRENCY, opts.signal, async (w, index) => {
    const req = {
      contentType: w.contentType,
      startTime: formatApiTime(w.start),
      endTime: formatApiTime(w.end),
    };
    const key = `${req.contentType}|${req.startTime}|${req.endTime}`;
    const cached = cache.get(key);
    if (cached) {
      fromCache++;
      perWindow[index] = cached;
      return;
    }
    try {
      const blobs = await management.listContent(req, { signal: opts.signal, onEvent: opts.onEvent });
      perWindow[index] = blobs;
      if (w.end.getTime() <= now.getTime() - CLOSED_AFTER_MS) cache.set(key, blobs);
    } catch (error) {
      if (opts.signal?.aborted) throw error;
      failures.push({
        ...req,
        reason: error instanceof Error ? error.message : String(error),
        code: isO365Error(error) ? error.code : undefined,
        error,
      });
      perWindow[index] = [];
    }
  });
  // The same blob can show up twice (overlapping pages); fetch it once.
  const seen = new Set<string>();
  const blobs: ListedBlob[] = [];
  windows.forEach((w, index) => {
    for (const blob of perWindow[index] ?? []) {
      if (seen.has(blob.contentId)) continue;
      seen.add(blob.contentId);
      blobs.push({ ...blob, label: `${w.contentType} ${blob.contentCreated.slice(0, 10)}` });
    }
  });
  return { blobs, failures, fromCache };
}
