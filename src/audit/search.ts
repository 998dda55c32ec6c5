// The audit search engine behind search_audit_log: plan windows, list every blob, fetch blobs with bounded
// concurrency (cache first), scan them one at a time, and report coverage. A blob that cannot be read is
// counted and named, never silently dropped (design.md section 11).
import { setMaxListeners } from "node:events";
import type { Config } from "../config/types.js";
import { isO365Error } from "../errors.js";
import { BodyPool } from "../http/body-pool.js";
import type { HttpEvent } from "../http/types.js";
import { type BlobRecords, parsedBlobRecords } from "../management/blob-records.js";
import type { ManagementClient } from "../management/types.js";
import { parseTime } from "../time.js";
import { blobExpiry, ContentCache, type StoreOutcome } from "./cache.js";
import { AdaptiveConcurrency, type ConcurrencyLimits, DEFAULT_CONCURRENCY } from "./concurrency.js";
import { type Admission, DEFAULT_IN_FLIGHT_BYTES, FetchBudget } from "./fetch-budget.js";
import { type ListedBlob, ListingCache, listBlobs } from "./listing.js";
import { planSearch } from "./plan.js";
import { forEachAdaptive } from "./pool.js";
import { SearchScan } from "./scan.js";
import { SharedFetches } from "./shared-fetch.js";
import { type BlobSummary, compileSelector, SUMMARY_KEYS, summarizeBlob } from "./summary.js";
import type {
  AuditSearch,
  AuditSearchRequest,
  AuditSearchResult,
  BlobFailure,
  SearchCoverage,
  SearchNotice,
  SearchProgress,
} from "./types.js";

export interface AuditSearchDeps {
  config: Config;
  management: ManagementClient;
  now: () => Date;
  log: (line: string) => void;
  /** Memory budget of the content cache, bytes (default config.cacheMemoryMb, else DEFAULT_CACHE_MAX_BYTES). */
  cacheMaxBytes?: number;
  /** Blob requests in flight per search: a fixed number, or adaptive limits (default: concurrency.ts). */
  fetchConcurrency?: number | ConcurrencyLimits;
  /** Blob body bytes read, parsed and cached at once (Content-Length, else the mean so far); fetch-budget.ts. */
  inFlightBytes?: number;
}

const mebibytes = (mb: number | undefined) => (mb === undefined ? undefined : mb * 1024 * 1024);

type SearchOptions = NonNullable<Parameters<AuditSearch["search"]>[1]>;

const EXPIRED_CODE = "AF20051";

interface FetchedBlob {
  /** The records, parsed only when asked for; the summary keys of each are read already. */
  records: BlobRecords;
  summary: BlobSummary;
  bytes: number;
  /** The cache write of the records; never rejects (a failed write is reported, the search goes on). */
  stored: Promise<StoreOutcome>;
}

export function createAuditSearch(
  deps: AuditSearchDeps,
): AuditSearch & { cache: ContentCache; budget: FetchBudget } {
  const cache = new ContentCache({
    tenantId: deps.config.tenantId,
    maxBytes: deps.cacheMaxBytes ?? mebibytes(deps.config.cacheMemoryMb),
    dir: deps.config.cacheDir,
    now: deps.now,
    log: deps.log,
  });
  const listings = new ListingCache();
  const limits: ConcurrencyLimits =
    typeof deps.fetchConcurrency === "number"
      ? { initial: deps.fetchConcurrency, min: deps.fetchConcurrency, max: deps.fetchConcurrency }
      : (deps.fetchConcurrency ?? DEFAULT_CONCURRENCY);
  // Process-wide, not per search: concurrent searches share one byte budget for blobs being fetched and
  // parsed, and one fetch per blob (shared-fetch.ts).
  const budget = new FetchBudget(deps.inFlightBytes ?? DEFAULT_IN_FLIGHT_BYTES);
  // Bodies are given back once scanned and cached, so the next blob's bytes land in memory already touched.
  const bodies = new BodyPool(budget.maxBytes);
  const fetches = new SharedFetches<FetchedBlob>();

  /**
   * One download per blob at a time. The byte budget is taken when the answer's headers arrive (a request
   * waiting on the service holds no bytes) and released once the records are scanned and cached.
   */
  function fetchShared(blob: ListedBlob, signal: AbortSignal, onEvent: (e: HttpEvent) => void) {
    return fetches.join(
      blob.contentId,
      signal,
      async (shared) => {
        let admission: Admission | undefined;
        let stored: Promise<StoreOutcome> = Promise.resolve({ kept: false });
        try {
          const got = await deps.management.retrieveContent(
            { contentUri: blob.contentUri },
            {
              signal: shared,
              onEvent,
              pick: SUMMARY_KEYS,
              bodyPool: bodies,
              // Once per blob: a retried download keeps the bytes it was admitted with.
              beforeBody: async (declared) => {
                admission ??= await budget.admit(declared, shared);
              },
            },
          );
          budget.observe(got.bytes);
          const records = got.blob ?? parsedBlobRecords(got.records, SUMMARY_KEYS);
          const summary = summarizeBlob(records);
          stored = cache.put(blob, records, summary).then(
            (outcome) => outcome,
            (error: unknown) => ({
              kept: false,
              error: error instanceof Error ? error.message : String(error),
            }),
          );
          // Every search sharing this fetch scans the records as soon as it resumes (microtasks), and the
          // cache write has read the body once it settles: a turn of the event loop later nothing reads it.
          stored.then(() => setImmediate(() => records.release()));
          return { records, summary, bytes: got.bytes, stored };
        } finally {
          const release = () => admission?.release();
          stored.then(release, release);
        }
      },
      (fetched) => fetched.stored,
    );
  }

  async function search(req: AuditSearchRequest, opts: SearchOptions = {}): Promise<AuditSearchResult> {
    // One child signal for this search's many concurrent requests: a single listener on the caller's.
    const signal = AbortSignal.any(opts.signal ? [opts.signal] : []);
    setMaxListeners(Math.max(64, limits.max * 4), signal);
    return run(req, opts, signal);
  }

  async function run(
    req: AuditSearchRequest,
    opts: SearchOptions,
    signal: AbortSignal,
  ): Promise<AuditSearchResult> {
    const now = deps.now();
    const start = parseTime(req.startTime, "startTime");
    const end = parseTime(req.endTime, "endTime");
    const plan = planSearch(
      { start, end, contentTypes: req.contentTypes, arrivalHorizonHours: deps.config.contentArrivalHours },
      now,
    );
    const notice = (n: SearchNotice) => opts.onNotice?.(n);

    let apiRequests = 0;
    const onEvent = (event: HttpEvent) => {
      if (event.type === "request") apiRequests++;
      opts.onEvent?.(event);
    };
    const inFlight = new AdaptiveConcurrency(limits);
    const onBlobEvent = (event: HttpEvent) => {
      inFlight.onEvent(event);
      onEvent(event);
    };
    /** Cache writes still running: the next blob is fetched meanwhile, the search ends when all are done. */
    const storing: Promise<StoreOutcome>[] = [];

    const listing = await listBlobs(deps.management, plan.windows, listings, now, { signal, onEvent });
    if (plan.windows.length > 0 && listing.failures.length === plan.windows.length) {
      // Nothing could be listed at all (no subscription, no permission...): the user needs that error.
      throw listing.failures[0].error;
    }
    for (const f of listing.failures) {
      notice({
        level: "warning",
        message: `could not list ${f.contentType} content ${f.startTime}..${f.endTime}: ${f.reason}`,
        data: { contentType: f.contentType, code: f.code },
      });
    }

    cache.beginSearch();
    const scan = new SearchScan(req, { startMs: start.getTime(), endMs: end.getTime() });
    const select = compileSelector(req.filter, { startMs: start.getTime(), endMs: end.getTime() });
    const failures: BlobFailure[] = [];
    const counts = { fetched: 0, fromCache: 0, expired: 0, failed: 0 };
    const blobs = listing.blobs;
    let done = 0;

    const fail = (blob: ListedBlob, reason: string, code: string | undefined) => {
      if (code === EXPIRED_CODE) counts.expired++;
      else counts.failed++;
      failures.push({
        contentId: blob.contentId,
        contentType: blob.contentType,
        contentCreated: blob.contentCreated,
        reason,
        code,
      });
      notice({
        level: "warning",
        message: `skipped blob ${blob.contentId} (${blob.label}): ${reason}`,
        data: { contentType: blob.contentType, code },
      });
    };

    /** Cache first: the summary picks the records that can match; a blob with none is not decompressed. */
    const scanCached = async (blob: ListedBlob): Promise<boolean> => {
      const cached = await cache.get(blob);
      if (!cached) return false;
      const selection = select(cached.summary);
      if (selection !== "all" && selection.length === 0) {
        scan.skip(cached.count);
      } else {
        // Inflated text counts against the same byte budget as fetched bodies: a warm search over large
        // blobs must not inflate 32 of them at once. Taken at what the touched chunks hold, twice over (the
        // text and its lines are alive together).
        const admission = await budget.admit(2 * cached.inflatedBytes(selection), signal);
        let lines: (string | undefined)[] | undefined;
        try {
          lines = await cached.lines(selection);
          if (lines) scan.addLines(lines, selection);
        } finally {
          admission.release();
        }
        if (!lines) {
          deps.log("content cache: dropped a damaged entry; fetching the blob again");
          await cache.discard(blob);
          return false;
        }
      }
      counts.fromCache++;
      return true;
    };

    /** Fetch (or join the fetch another search is running) and scan; a failure is counted and named. */
    const fetchAndScan = async (blob: ListedBlob): Promise<void> => {
      let fetched: FetchedBlob;
      try {
        fetched = await fetchShared(blob, signal, onBlobEvent);
      } catch (error) {
        if (signal.aborted) throw error;
        fail(
          blob,
          error instanceof Error ? error.message : String(error),
          isO365Error(error) ? error.code : undefined,
        );
        return;
      }
      counts.fetched++;
      inFlight.onSuccess();
      const selection = select(fetched.summary);
      if (selection !== "all" && selection.length === 0) scan.skip(fetched.records.count);
      else scan.addBlob(fetched.records, selection);
      // The search ends once its blobs are cached (so the next search over the window reads the cache), but
      // this worker moves on to the next blob while the compression runs.
      storing.push(fetched.stored);
    };

    const scanBlob = async (blob: ListedBlob): Promise<void> => {
      if (await scanCached(blob)) return;
      if (!(blobExpiry(blob) > deps.now().getTime())) {
        fail(
          blob,
          `expired at ${blob.contentExpiration} before it was retrieved (content is kept 7 days)`,
          EXPIRED_CODE,
        );
        return;
      }
      await fetchAndScan(blob);
    };

    await forEachAdaptive(
      blobs,
      () => inFlight.limit,
      signal,
      async (blob) => {
        await scanBlob(blob);
        done++;
        const progress: SearchProgress = {
          done,
          total: blobs.length,
          message: `fetched ${done}/${blobs.length} blobs (${blob.label})`,
        };
        opts.onProgress?.(progress);
      },
    );
    reportStores(await Promise.all(storing), notice);

    const coverage: SearchCoverage = {
      windows: plan.windows.map((w) => ({
        contentType: w.contentType,
        startTime: w.start.toISOString(),
        endTime: w.end.toISOString(),
      })),
      blobsListed: blobs.length,
      blobsFetched: counts.fetched,
      blobsFromCache: counts.fromCache,
      blobsExpired: counts.expired,
      blobsFailed: counts.failed,
      failures: failures.sort((a, b) => (a.contentCreated < b.contentCreated ? -1 : 1)),
      recordsScanned: scan.recordsScanned,
      duplicatesDropped: scan.matches.duplicates,
      arrivalHorizonHours: plan.arrivalHorizonHours,
      listedUntil: plan.listedUntil.toISOString(),
      contentMayArriveUntil: plan.contentMayArriveUntil?.toISOString(),
      apiRequests,
      listingFailures: listing.failures.map(({ error: _error, ...f }) => f),
      listingsFromCache: listing.fromCache,
    };
    const page = scan.matches.sorted();
    return {
      matches: page.records,
      totalMatches: scan.matches.total,
      aggregates: scan.aggregates.result(),
      coverage,
      hasMore: scan.matches.overflow > 0,
      skipped: scan.matches.skipped,
    };
  }

  /**
   * Says what the memory cache gave up for this search's blobs (it never holds more than its budget), and
   * which writes failed: counted from this search's own cache writes, so concurrent searches do not mix.
   */
  function reportStores(outcomes: readonly StoreOutcome[], notice: (n: SearchNotice) => void): void {
    let notKept = 0;
    let notKeptBytes = 0;
    let evicted = 0;
    let evictedBytes = 0;
    const errors: string[] = [];
    for (const o of outcomes) {
      if (o.error !== undefined) errors.push(o.error);
      if (o.notKeptBytes !== undefined) {
        notKept++;
        notKeptBytes += o.notKeptBytes;
      }
      evicted += o.evicted ?? 0;
      evictedBytes += o.evictedBytes ?? 0;
    }
    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    const budgetMib = mib(cache.budgetBytes);
    if (notKept > 0) {
      const where = cache.hasDisk
        ? "they stay in the disk cache"
        : "a repeat of this search fetches them again; raise O365_CACHE_MEMORY_MB or set O365_CACHE_DIR to keep them";
      notice({
        level: "warning",
        message: `content cache: ${notKept} blob(s) (${mib(notKeptBytes)} MiB compressed) did not fit the ${budgetMib} MiB memory budget and were not kept in memory; ${where}`,
        data: { notKept, budgetMib: cache.budgetBytes / 1024 / 1024 },
      });
    }
    if (evicted > 0) {
      notice({
        level: "info",
        message: `content cache: evicted ${evicted} blob(s) (${mib(evictedBytes)} MiB compressed) of earlier searches to stay within its ${budgetMib} MiB memory budget`,
        data: { evicted, budgetMib: cache.budgetBytes / 1024 / 1024 },
      });
    }
    if (errors.length > 0) {
      notice({
        level: "warning",
        message: `content cache: ${errors.length} blob(s) could not be kept (${errors[0]}); their records were searched, and a repeat of this search fetches them again`,
        data: { failedWrites: errors.length },
      });
    }
  }

  return { search, cache, budget, close: () => cache.close() };
}
