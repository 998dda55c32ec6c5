// The audit side of a timeline: the records of the involved users (a message's recipients, or the user
// asked about), or of the IP asked about, over the window: one search, paged from by the timeline.
import type { AuditSearch, SearchNotice, SearchProgress } from "../audit/types.js";
import type { CallOptions } from "../http/types.js";
import type { AuditRecord, ContentType } from "../management/types.js";

/** Records kept per search; the timeline is paged from them and says when more matched. */
export const MAX_AUDIT_RECORDS = 2000;
/** Users whose records are searched (a sender's wave can reach many mailboxes). */
export const MAX_AUDIT_USERS = 25;

/** What the audit search read. */
export interface AuditCoverage {
  startTime: string;
  endTime: string;
  contentTypes: string[];
  matches: number;
  blobsListed: number;
  blobsFetched: number;
  blobsFromCache: number;
  blobsExpired: number;
  blobsFailed: number;
  listingFailures: number;
  arrivalHorizonHours: number;
  /** Blobs created before this were read. */
  listedUntil: string;
  /** Set while content for the window may still arrive. */
  contentMayArriveUntil?: string;
  apiRequests: number;
}

export interface AuditFindings {
  records: AuditRecord[];
  coverage: AuditCoverage;
  notes: string[];
}

export interface AuditAsk {
  startTime: string;
  endTime: string;
  contentTypes: ContentType[];
  /** Whose records: users (a message's recipients, a user), or an IP's. */
  who: { users: string[] } | { clientIps: string[] };
}

type SearchOpts = CallOptions & {
  onProgress?: (p: SearchProgress) => void;
  onNotice?: (n: SearchNotice) => void;
};

export async function gatherAudit(
  search: AuditSearch,
  ask: AuditAsk,
  opts: SearchOpts,
): Promise<AuditFindings> {
  const notes: string[] = [];
  let filter = ask.who;
  if ("users" in filter && filter.users.length > MAX_AUDIT_USERS) {
    notes.push(
      `Audit records were searched for ${MAX_AUDIT_USERS} of ${filter.users.length} involved users; search_audit_log has the others.`,
    );
    filter = { users: filter.users.slice(0, MAX_AUDIT_USERS) };
  }
  const result = await search.search(
    {
      startTime: ask.startTime,
      endTime: ask.endTime,
      contentTypes: ask.contentTypes,
      filter,
      maxMatches: MAX_AUDIT_RECORDS,
    },
    opts,
  );
  if (result.totalMatches > result.matches.length) {
    notes.push(
      `Audit: ${result.matches.length} of ${result.totalMatches} matching records are in the timeline (the earliest); narrow the window for the rest.`,
    );
  }
  const c = result.coverage;
  const coverage: AuditCoverage = {
    startTime: ask.startTime,
    endTime: ask.endTime,
    contentTypes: ask.contentTypes,
    matches: result.totalMatches,
    blobsListed: c.blobsListed,
    blobsFetched: c.blobsFetched,
    blobsFromCache: c.blobsFromCache,
    blobsExpired: c.blobsExpired,
    blobsFailed: c.blobsFailed,
    listingFailures: c.listingFailures?.length ?? 0,
    arrivalHorizonHours: c.arrivalHorizonHours,
    listedUntil: c.listedUntil,
    ...(c.contentMayArriveUntil ? { contentMayArriveUntil: c.contentMayArriveUntil } : {}),
    apiRequests: c.apiRequests,
  };
  return { records: result.matches, coverage, notes };
}
