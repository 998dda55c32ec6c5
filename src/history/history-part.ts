// The part of a search older than the feed's 7 days, through the Purview audit search API
// (audit-search-api.md 2): find a query this server made for the same question (or the cursor's), else
// create one; poll it within the bounded wait, reporting its status; page its records into the scan.
// Whatever is not read is named in coverage.history, never presented as complete.
import type { AuditFilter, HistoryCoverage, HistoryQueryRef, SearchNotice } from "../audit/types.js";
import { O365Error } from "../errors.js";
import type { CallOptions } from "../http/types.js";
import type { AuditQueryApi } from "./api.js";
import { historyError } from "./errors.js";
import { mapFilters } from "./filters.js";
import { type PollSchedule, waitForQuery } from "./poll.js";
import type { HistoryScan } from "./scan.js";
import { filterKey, type QueryStore } from "./store.js";
import { unwrapRecord } from "./unwrap.js";
import { type ApiVersion, type AuditLogQuery, auditLogRecordSchema, isResumable } from "./wire.js";

/** Pages read per call (of 1,000 records): the service's own record limit is 1,000,000 (4.6). */
export const MAX_HISTORY_PAGES = 300;
const HOUR_MS = 3_600_000;

export interface HistoryPartDeps {
  api: AuditQueryApi;
  store: QueryStore;
  tenantId: string;
  now: () => number;
  waitMs: number;
  schedule?: PollSchedule;
  maxPages?: number;
}

export interface HistoryPartRequest {
  start: Date;
  end: Date;
  filter: AuditFilter;
  resume?: HistoryQueryRef;
}

export type HistoryOptions = CallOptions & {
  onStatus?: (status: string, queryId: string, polls: number) => void;
  onNotice?: (n: SearchNotice) => void;
};

export async function runHistoryPart(
  deps: HistoryPartDeps,
  req: HistoryPartRequest,
  scan: HistoryScan,
  opts: HistoryOptions = {},
): Promise<HistoryCoverage> {
  try {
    return await readHistory(deps, req, scan, opts);
  } catch (e) {
    throw historyError(e);
  }
}

async function readHistory(
  deps: HistoryPartDeps,
  req: HistoryPartRequest,
  scan: HistoryScan,
  opts: HistoryOptions,
): Promise<HistoryCoverage> {
  let apiRequests = 0;
  const call: CallOptions = {
    signal: opts.signal,
    onEvent: (e) => {
      if (e.type === "request") apiRequests++;
      opts.onEvent?.(e);
    },
  };
  const deadline = deps.now() + deps.waitMs;
  const mapped = mapFilters(req.filter);
  const caveats = scan.scopedByContentType
    ? [
        ...mapped.caveats,
        "contentTypes: the audit search API has no content types; history records were kept by workload (Exchange, AzureActiveDirectory, SharePoint/OneDrive, the rest Audit.General) and DLP matches as DLP.All",
      ]
    : mapped.caveats;
  const key = filterKey(mapped.body);
  // Whole hours: a repeat of "the last 30 days" within the hour fits the same query; the client-side
  // filter cuts the records to the exact range.
  const queryStart = Math.floor(req.start.getTime() / HOUR_MS) * HOUR_MS;
  const queryEnd = Math.ceil(req.end.getTime() / HOUR_MS) * HOUR_MS;
  const base = {
    startTime: req.start.toISOString(),
    endTime: req.end.toISOString(),
    serverFilters: mapped.server,
    ...(caveats.length ? { caveats } : {}),
  };

  let version: ApiVersion;
  let query: AuditLogQuery;
  let reused = true;
  const found = req.resume ?? (await storedQuery());
  if (found) {
    version = found.apiVersion;
    try {
      query = await deps.api.get(found.queryId, version, call);
    } catch (e) {
      if (!(e instanceof O365Error && e.status === 404)) throw e;
      await deps.store.forget(found.queryId);
      if (req.resume) throw goneError(found.queryId);
      ({ query, version } = await create());
      reused = false;
    }
    // Failed or cancelled since it was stored or put in a cursor: resuming it would fail on every call.
    if (reused && !isResumable(query.status)) {
      await deps.store.update(query.id, query.status ?? "unknown");
      ({ query, version } = await create());
      reused = false;
    }
  } else {
    ({ query, version } = await create());
    reused = false;
  }

  const cov = (extra: Partial<HistoryCoverage>): HistoryCoverage => ({
    ...base,
    apiVersion: version,
    queryId: query.id,
    status: query.status ?? "unknown",
    reused,
    recordsRead: scan.recordsRead,
    recordCountLimitExceeded: query.isRecordCountLimitExceeded === true,
    ...(typeof query.recordCountLimit === "number" ? { recordCountLimit: query.recordCountLimit } : {}),
    complete: false,
    apiRequests,
    ...extra,
  });

  opts.onStatus?.(query.status ?? "unknown", query.id, 0);
  let outcome: Awaited<ReturnType<typeof waitForQuery>>;
  try {
    outcome = await waitForQuery(deps.api, query, version, {
      ...call,
      deadline,
      now: deps.now,
      schedule: deps.schedule,
      onStatus: (q, polls) => opts.onStatus?.(q.status ?? "unknown", q.id, polls),
    });
  } catch (e) {
    if (opts.signal?.aborted) {
      opts.onNotice?.({
        level: "info",
        message: `stopped waiting for audit search query ${query.id}; it keeps running on the service (there is no cancel), and the same question asked again reuses it`,
        data: { queryId: query.id },
      });
    }
    throw e;
  }
  query = outcome.query;
  await deps.store.update(query.id, query.status ?? "unknown");

  if (!outcome.finished) {
    return cov({
      missing: `every record from ${base.startTime} to ${base.endTime}: the audit search query is still ${query.status ?? "running"}; call again with nextCursor to resume the same query`,
    });
  }
  if (query.status !== "succeeded") {
    return cov({
      missing: `every record from ${base.startTime} to ${base.endTime}: the audit search query ended ${query.status} (the service gives no reason); asking again creates a new query`,
    });
  }

  const maxPages = deps.maxPages ?? MAX_HISTORY_PAGES;
  let page = await deps.api.records(query.id, version, undefined, call);
  const guard = deps.api.pageGuard(`records of ${query.id}`);
  let pages = 1;
  for (;;) {
    for (const row of page.rows) {
      const parsed = auditLogRecordSchema.safeParse(row);
      const record = parsed.success ? unwrapRecord(parsed.data) : undefined;
      if (record) scan.add(record);
    }
    if (!page.next) break;
    if (pages >= maxPages) {
      return cov({
        missing: `records after the first ${pages} pages (${scan.recordsRead} records) were not read: narrow the window or add filters`,
      });
    }
    guard.follow(page.next, page.rows.length);
    page = await deps.api.records(query.id, version, page.next, call);
    pages++;
  }
  if (query.isRecordCountLimitExceeded === true) {
    return cov({
      missing: `the service stopped at its record limit${typeof query.recordCountLimit === "number" ? ` (${query.recordCountLimit})` : ""}: later records of the history part are missing; narrow the window or add filters`,
    });
  }
  return cov({ complete: true });

  async function storedQuery(): Promise<HistoryQueryRef | undefined> {
    const hit = await deps.store.find(deps.tenantId, key, queryStart, queryEnd);
    return hit ? { queryId: hit.queryId, apiVersion: hit.version } : undefined;
  }

  async function create(): Promise<{ query: AuditLogQuery; version: ApiVersion }> {
    const made = await deps.api.create(
      {
        displayName: `office365-mcp ${new Date(queryStart).toISOString()}..${new Date(queryEnd).toISOString()}`,
        start: new Date(queryStart),
        end: new Date(queryEnd),
        filters: mapped.body,
      },
      call,
    );
    await deps.store.put({
      tenantId: deps.tenantId,
      filterKey: key,
      start: queryStart,
      end: queryEnd,
      queryId: made.query.id,
      version: made.version,
      createdAt: deps.now(),
      status: made.query.status ?? "notStarted",
    });
    return made;
  }
}

function goneError(queryId: string): O365Error {
  return new O365Error({
    api: "graph",
    status: 404,
    code: "HISTORY_QUERY_GONE",
    message: `The audit search query ${queryId} that the cursor resumes no longer exists on the service.`,
    hint: "Run the search again without cursor: a new query is created.",
  });
}
