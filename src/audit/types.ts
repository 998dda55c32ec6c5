import type { CallOptions } from "../http/types.js";
import type { AuditRecord, ContentType } from "../management/types.js";

/** Filters of search_audit_log (design.md section 6); all case-insensitive, AND across fields, OR within a list. */
export interface AuditFilter {
  operations?: string[];
  users?: string[];
  clientIps?: string[];
  /** RecordType numbers (names are resolved by the tool). */
  recordTypes?: number[];
  workloads?: string[];
  resultStatus?: string[];
  /** Free text searched over the whole record JSON. */
  contains?: string;
}

export interface BlobFailure {
  contentId: string;
  contentType: string;
  contentCreated: string;
  reason: string;
  code?: string;
}

export interface SearchCoverage {
  windows: { contentType: string; startTime: string; endTime: string }[];
  blobsListed: number;
  blobsFetched: number;
  blobsFromCache: number;
  blobsExpired: number;
  blobsFailed: number;
  failures: BlobFailure[];
  recordsScanned: number;
  duplicatesDropped: number;
  /** Hours after the window end whose blobs were listed (late content, o365-api.md 1.6). */
  arrivalHorizonHours: number;
  /** Blobs created before this time were listed: min(now, window end + horizon). */
  listedUntil: string;
  /** Set while window end + horizon is in the future: content for the window may still arrive until then. */
  contentMayArriveUntil?: string;
  apiRequests: number;
  /** Windows whose listing failed (e.g. AF20022 no subscription): their blobs are unknown. */
  listingFailures?: {
    contentType: string;
    startTime: string;
    endTime: string;
    reason: string;
    code?: string;
  }[];
  /** Listings answered from the closed-window listing cache (no request). */
  listingsFromCache?: number;
  /** Set when part of the window was read from the Purview audit search API (src/history). */
  history?: HistoryCoverage;
}

/** What the audit search API part of a search read, and what it did not (audit-search-api.md 2, 2.5). */
export type HistoryCoverage = {
  /** The part of the window read from the API; the feed reads the rest. */
  startTime: string;
  endTime: string;
  apiVersion?: "v1.0" | "beta";
  queryId?: string;
  /** The query's last status: notStarted, running, succeeded, failed, cancelled. */
  status: string;
  /** True when a query created earlier for the same question was used (no new submission). */
  reused: boolean;
  recordsRead: number;
  /** isRecordCountLimitExceeded: the service stopped generating records at its limit. */
  recordCountLimitExceeded: boolean;
  recordCountLimit?: number;
  /** False whenever something in the history part was not read; `missing` says what. */
  complete: boolean;
  missing?: string;
  /** Filters the service applied (the client applies every filter again). */
  serverFilters: string[];
  /** Where the service's filter may be narrower than the feed's. */
  caveats?: string[];
  apiRequests: number;
};

/** The audit search API query a search resumes (from a cursor): never a new submission. */
export interface HistoryQueryRef {
  queryId: string;
  apiVersion: "v1.0" | "beta";
}

/** Sort key of a match: CreationTime (epoch ms), then Id. A cursor resumes strictly after one. */
export interface MatchKey {
  time: number;
  id: string;
}

export interface SearchProgress {
  done: number;
  total: number;
  message: string;
}

/** Something the user should hear about while the search runs (a blob skipped or failed, a listing failed). */
export interface SearchNotice {
  level: "info" | "warning";
  message: string;
  data?: Record<string, unknown>;
}

/** A groupBy field, or a field with the fields whose distinct values are counted per key. */
export type GroupBySpec = string | { field: string; distinct: string[] };

/** One groupBy key: its matches and, when asked, how many distinct values each distinct field had. */
// A type, not an interface: it must fit the tool's loose output row ({key, count} plus any field).
export type AggregateRow = {
  key: string;
  count: number;
  distinct?: Record<string, number>;
  /** The distinct values themselves, when there are at most five. */
  values?: Record<string, string[]>;
  /** A distinct set reached its cap: the count is a floor. */
  distinctCapped?: boolean;
};

export interface AuditSearchRequest {
  startTime: string;
  endTime: string;
  contentTypes: ContentType[];
  filter: AuditFilter;
  /** Stop collecting matches after this many (aggregates still count all). */
  maxMatches?: number;
  groupBy?: GroupBySpec[];
  /** Only matches sorted strictly after this key go into `matches` (keyset paging; counts still cover all). */
  after?: MatchKey;
  /** The history query to resume (a cursor's), instead of finding or creating one. */
  history?: HistoryQueryRef;
}

export interface AuditSearchResult {
  /** Matches sorted by CreationTime, deduped by Id. */
  matches: AuditRecord[];
  totalMatches: number;
  aggregates: Record<string, AggregateRow[]>;
  coverage: SearchCoverage;
  /** True when more matches follow the returned ones (after `after`, beyond maxMatches). */
  hasMore?: boolean;
  /** Number of matches sorted at or before `after` (the offset of the first returned match). */
  skipped?: number;
}

export interface AuditSearch {
  search(
    req: AuditSearchRequest,
    opts?: CallOptions & { onProgress?: (p: SearchProgress) => void; onNotice?: (n: SearchNotice) => void },
  ): Promise<AuditSearchResult>;
  /** Stops background work (periodic disk-cache pruning); deps.close() should call it. */
  close?(): void;
}
