// The audit side of a timeline: the involved users' records and the subject IP's records over the window,
// one search each (the engine's filters AND across fields; here it is users OR IPs), merged and deduped by
// Id (o365-api.md 1.9). The second search is answered from the content cache the first one filled.
import type { AuditSearch, AuditSearchResult, SearchNotice, SearchProgress } from "../audit/types.js";
import type { CallOptions } from "../http/types.js";
import type { AuditRecord, ContentType } from "../management/types.js";

/** Records kept per search; the timeline is paged from them and says when more matched. */
export const MAX_AUDIT_RECORDS = 2000;
/** Users whose records are searched (a sender's wave can reach many mailboxes). */
export const MAX_AUDIT_USERS = 25;

/** What the audit side read, summed over its searches (counts) and the narrowest horizon (times). */
export interface AuditCoverage {
  startTime: string;
  endTime: string;
  contentTypes: string[];
  searches: number;
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
  users: string[];
  ips: string[];
}

type SearchOpts = CallOptions & {
  onProgress?: (p: SearchProgress) => void;
  onNotice?: (n: SearchNotice) => void;
};

function addCoverage(total: AuditCoverage, result: AuditSearchResult): void {
  const c = result.coverage;
  total.searches++;
  total.matches += result.totalMatches;
  total.blobsListed += c.blobsListed;
  total.blobsFetched += c.blobsFetched;
  total.blobsFromCache += c.blobsFromCache;
  total.blobsExpired += c.blobsExpired;
  total.blobsFailed += c.blobsFailed;
  total.listingFailures += c.listingFailures?.length ?? 0;
  total.apiRequests += c.apiRequests;
  total.arrivalHorizonHours = c.arrivalHorizonHours;
  if (total.searches === 1 || c.listedUntil < total.listedUntil) total.listedUntil = c.listedUntil;
  if (c.contentMayArriveUntil && c.contentMayArriveUntil > (total.contentMayArriveUntil ?? "")) {
    total.contentMayArriveUntil = c.contentMayArriveUntil;
  }
}

export async function gatherAudit(
  search: AuditSearch,
  ask: AuditAsk,
  opts: SearchOpts,
): Promise<AuditFindings> {
  const coverage: AuditCoverage = {
    startTime: ask.startTime,
    endTime: ask.endTime,
    contentTypes: ask.contentTypes,
    searches: 0,
    matches: 0,
    blobsListed: 0,
    blobsFetched: 0,
    blobsFromCache: 0,
    blobsExpired: 0,
    blobsFailed: 0,
    listingFailures: 0,
    arrivalHorizonHours: 0,
    listedUntil: ask.endTime,
    apiRequests: 0,
  };
  const notes: string[] = [];
  const users = ask.users.slice(0, MAX_AUDIT_USERS);
  if (ask.users.length > users.length) {
    notes.push(
      `Audit records were searched for ${users.length} of ${ask.users.length} involved users; search_audit_log has the others.`,
    );
  }
  const filters = [...(users.length ? [{ users }] : []), ...(ask.ips.length ? [{ clientIps: ask.ips }] : [])];
  const byId = new Map<string, AuditRecord>();
  for (const filter of filters) {
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
    addCoverage(coverage, result);
    for (const record of result.matches) if (!byId.has(record.Id)) byId.set(record.Id, record);
    if (result.totalMatches > result.matches.length) {
      notes.push(
        `Audit: ${result.matches.length} of ${result.totalMatches} matching records are in the timeline (the earliest); narrow the window for the rest.`,
      );
    }
  }
  return { records: [...byId.values()], coverage, notes };
}
