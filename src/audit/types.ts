import type { AuditRecord, CallOptions, ContentType } from "../management/types.js";

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
  /** Content for the window may still arrive until this time (content lands 60-90 min late). */
  contentMayArriveUntil?: string;
  apiRequests: number;
}

export interface SearchProgress {
  done: number;
  total: number;
  message: string;
}

export interface AuditSearchRequest {
  startTime: string;
  endTime: string;
  contentTypes: ContentType[];
  filter: AuditFilter;
  /** Stop collecting matches after this many (aggregates still count all). */
  maxMatches?: number;
  groupBy?: string[];
}

export interface AuditSearchResult {
  /** Matches sorted by CreationTime, deduped by Id. */
  matches: AuditRecord[];
  totalMatches: number;
  aggregates: Record<string, { key: string; count: number }[]>;
  coverage: SearchCoverage;
}

export interface AuditSearch {
  search(
    req: AuditSearchRequest,
    opts?: CallOptions & { onProgress?: (p: SearchProgress) => void },
  ): Promise<AuditSearchResult>;
}
