// One search over both sources (wraps, does not rewrite, the feed engine): the window is split at the
// feed's edge (7 days back, o365-api.md 1.6, plus a margin so feed blobs do not expire mid-search). The
// feed part goes to the existing engine, the older part to the Purview audit search API
// (audit-search-api.md); both parts run at once. The parts do not overlap in time, so every record has one
// source; matches are merged in time order (history first: it is older), deduped by Id, counted, and
// coverage.history says what the API part read. A window inside the feed's days is the feed engine alone.

import type {
  AuditSearch,
  AuditSearchRequest,
  AuditSearchResult,
  HistoryCoverage,
  SearchCoverage,
} from "../audit/types.js";
import { auditSearchAvailable } from "../config/endpoints.js";
import type { Config } from "../config/types.js";
import { O365Error } from "../errors.js";
import { RETENTION_MS } from "../management/windows.js";
import { parseTime } from "../time.js";
import type { AuditQueryApi } from "./api.js";
import { runHistoryPart } from "./history-part.js";
import type { PollSchedule } from "./poll.js";
import { HistoryScan } from "./scan.js";
import type { QueryStore } from "./store.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The feed part starts at least this far inside the 7 days: its oldest blobs must outlive the search. */
const FEED_EDGE_MARGIN_MS = HOUR_MS;
/** A start this much older than 7 days still counts as "the last 7 days" (computed a moment earlier). */
const FEED_REACH_SLACK_MS = 15 * 60_000;

/** Where the feed part starts: a whole hour, 1-2 h inside the feed's 7 days (stable within the hour). */
export function feedEdge(now: Date): Date {
  return new Date(Math.ceil((now.getTime() - RETENTION_MS + FEED_EDGE_MARGIN_MS) / HOUR_MS) * HOUR_MS);
}

export interface CombinedSearchDeps {
  config: Config;
  feed: AuditSearch;
  api: AuditQueryApi;
  store: QueryStore;
  now: () => Date;
  schedule?: PollSchedule;
  maxPages?: number;
}

type SearchOptions = NonNullable<Parameters<AuditSearch["search"]>[1]>;

/** Refusals before any request: a cloud without the API, a start past the tenant's retention. */
export function checkHistoryWindow(config: Config, start: Date, now: Date): void {
  const retentionDays = config.auditRetentionDays;
  if (start.getTime() < now.getTime() - retentionDays * DAY_MS) {
    throw new O365Error({
      api: "input",
      code: "WINDOW_BEYOND_RETENTION",
      message: `startTime ${start.toISOString()} is more than ${retentionDays} days back: the tenant's audit retention (O365_AUDIT_RETENTION_DAYS) keeps nothing older.`,
      hint: `Give a startTime within the last ${retentionDays} days. Audit (Standard) keeps 180 days; with Audit (Premium) retention policies set O365_AUDIT_RETENTION_DAYS to the longer retention (e.g. 365).`,
    });
  }
  if (!auditSearchAvailable(config.cloud, config.endpoints.graphUrl)) {
    throw new O365Error({
      api: "input",
      code: "AUDIT_SEARCH_UNAVAILABLE",
      message: `The window reaches past the feed's 7 days, and the Purview audit search API that holds older records does not exist in the ${config.cloud} cloud (Microsoft serves it in the global service only).`,
      hint: "Search within the last 7 days, or read older records with Search-UnifiedAuditLog in Exchange Online PowerShell or the Purview portal's Audit search (export to CSV).",
    });
  }
}

export function createCombinedSearch(deps: CombinedSearchDeps): AuditSearch {
  const { feed } = deps;
  async function search(req: AuditSearchRequest, opts: SearchOptions = {}): Promise<AuditSearchResult> {
    const now = deps.now();
    const start = parseTime(req.startTime, "startTime");
    const end = parseTime(req.endTime, "endTime");
    const edge = feedEdge(now);
    // A window the feed still reaches (a "last 7 days" question) stays on the feed, as before history:
    // a minutes-long audit query for its first hour would cost more than the feed's oldest blobs, and
    // one that expires mid-search is counted in coverage as expired.
    if (start.getTime() >= Math.min(edge.getTime(), now.getTime() - RETENTION_MS - FEED_REACH_SLACK_MS)) {
      return feed.search(req, opts);
    }
    checkHistoryWindow(deps.config, start, now);

    const historyEnd = new Date(Math.min(end.getTime(), edge.getTime()));
    const after = req.after;
    const afterInFeed = after !== undefined && after.time >= edge.getTime();
    const capacity = req.maxMatches ?? 500;
    const scan = new HistoryScan(req, { startMs: start.getTime(), endMs: historyEnd.getTime() });

    // Progress of both parts as one increasing count: feed blobs done plus history polls.
    let feedDone = 0;
    let feedTotal = 0;
    let historySteps = 0;
    let historyOpen = true;
    let lastMessage = "";
    const report = (message: string) => {
      lastMessage = message;
      opts.onProgress?.({
        done: feedDone + historySteps,
        total: feedTotal + historySteps + (historyOpen ? 1 : 0),
        message: lastMessage,
      });
    };

    // Either part failing stops the other: its error is the answer, and the history wait can be minutes.
    const stopHistory = new AbortController();
    const stopFeed = new AbortController();
    const historySignal = AbortSignal.any([stopHistory.signal, ...(opts.signal ? [opts.signal] : [])]);
    const feedSignal = AbortSignal.any([stopFeed.signal, ...(opts.signal ? [opts.signal] : [])]);
    const historyPart = runHistoryPart(
      {
        api: deps.api,
        store: deps.store,
        tenantId: deps.config.tenantId,
        now: () => deps.now().getTime(),
        waitMs: deps.config.historyWaitSeconds * 1000,
        schedule: deps.schedule,
        maxPages: deps.maxPages,
      },
      { start, end: historyEnd, filter: req.filter, resume: req.history },
      scan,
      {
        signal: historySignal,
        onEvent: opts.onEvent,
        onNotice: opts.onNotice,
        onStatus: (status, queryId, polls) => {
          historySteps++;
          report(`audit search query ${queryId}: ${status}${polls ? ` (poll ${polls})` : ""}`);
        },
      },
    ).finally(() => {
      historyOpen = false;
    });
    historyPart.catch(() => stopFeed.abort());
    const feedPart =
      end.getTime() > edge.getTime()
        ? feed.search(
            {
              ...req,
              startTime: edge.toISOString(),
              after: afterInFeed ? after : undefined,
              history: undefined,
            },
            {
              ...opts,
              signal: feedSignal,
              onProgress: (p) => {
                feedDone = p.done;
                feedTotal = p.total;
                report(p.message);
              },
            },
          )
        : Promise.resolve(emptyFeed(deps.config, end));
    feedPart.catch(() => stopHistory.abort());
    // Both settle before either's error is thrown: a failing part never leaves the other running unseen.
    const [h, f] = await Promise.allSettled([historyPart, feedPart]);
    // The first failure is the answer; the other part's CANCELLED is only its consequence.
    if (h.status === "rejected" && !stopHistory.signal.aborted) throw h.reason;
    if (f.status === "rejected") throw f.reason;
    if (h.status === "rejected") throw h.reason;
    const history = h.value;
    const feedResult = f.value;
    if (!history.complete) {
      opts.onNotice?.({
        level: "warning",
        message: `audit history incomplete: ${history.missing}`,
        data: { queryId: history.queryId },
      });
    }
    report(`audit search query ${history.queryId}: ${history.status}; merged`);
    return merge(scan, history, feedResult, capacity);
  }
  return { search, close: () => feed.close?.() };
}

function merge(
  scan: HistoryScan,
  history: HistoryCoverage,
  feed: AuditSearchResult,
  capacity: number,
): AuditSearchResult {
  const older = scan.matches.sorted().records;
  const seen = new Set(older.map((r) => r.Id));
  const newer = feed.matches.filter((r) => !seen.has(r.Id));
  const crossDuplicates = feed.matches.length - newer.length;
  const all = [...older, ...newer];
  const matches = all.slice(0, capacity);
  // One Aggregator counts both parts: distinct values seen in both are one value, as in one scan.
  scan.aggregates.absorb(feed.aggregates);
  const coverage: SearchCoverage = {
    ...feed.coverage,
    recordsScanned: feed.coverage.recordsScanned + scan.recordsRead,
    duplicatesDropped: feed.coverage.duplicatesDropped + scan.matches.duplicates + crossDuplicates,
    apiRequests: feed.coverage.apiRequests + history.apiRequests,
    history: { ...history, recordsRead: scan.recordsRead },
  };
  return {
    matches,
    totalMatches: scan.matches.total + feed.totalMatches - crossDuplicates,
    aggregates: scan.aggregates.result(),
    coverage,
    hasMore: all.length > capacity || scan.matches.overflow > 0 || feed.hasMore === true,
    skipped: scan.matches.skipped + (feed.skipped ?? 0),
  };
}

/** The feed's coverage when the whole window is older than the feed: nothing listed, nothing read. */
function emptyFeed(config: Config, end: Date): AuditSearchResult {
  return {
    matches: [],
    totalMatches: 0,
    aggregates: {},
    coverage: {
      windows: [],
      blobsListed: 0,
      blobsFetched: 0,
      blobsFromCache: 0,
      blobsExpired: 0,
      blobsFailed: 0,
      failures: [],
      recordsScanned: 0,
      duplicatesDropped: 0,
      arrivalHorizonHours: config.contentArrivalHours,
      listedUntil: end.toISOString(),
      apiRequests: 0,
    },
    hasMore: false,
    skipped: 0,
  };
}
