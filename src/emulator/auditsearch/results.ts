// Gathers a finished query's records from the tenant's history (audit-search-api.md 2.5, 3.4): the
// filters, the token's silent workload scoping (4.2) and the retention, then stops at the record-count
// limit, when the query still succeeds with isRecordCountLimitExceeded. Records come back oldest first;
// the real order is undocumented (1.5).

import type { RecordRef } from "../tenant/history.js";
import { CONTENT_TYPES } from "../tenant/index.js";
import type { Tenant } from "../tenant/types.js";
import { contentTypesFor, recordMatcher } from "./filters.js";
import type { AuditQuery } from "./store.js";

const DAY = 86_400_000;

export function gatherResults(
  query: AuditQuery,
  tenant: Tenant,
  retentionDays: number,
  now: number,
): NonNullable<AuditQuery["result"]> {
  const { filters, visibility } = query;
  if (visibility.kind === "none") return { refs: [], limitExceeded: false, approximateCount: 0 };
  const matches = recordMatcher(filters);
  // Older than retention the service no longer holds records (4.4): the window is clipped, not refused.
  const from = Math.max(filters.start, now - retentionDays * DAY);
  const found: Array<{ ref: RecordRef; time: number; id: string }> = [];
  let limitExceeded = false;
  const cap = query.recordCountLimit;
  tenant.history.scan(
    new Date(from),
    new Date(filters.end),
    contentTypesFor(filters, CONTENT_TYPES),
    (ref, record, time) => {
      if (visibility.kind === "workloads" && !visibility.workloads.has(String(record.Workload).toLowerCase()))
        return true;
      if (!matches(record, () => JSON.stringify(record))) return true;
      found.push({ ref, time, id: String(record.Id) });
      return true;
    },
  );
  found.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (found.length > cap) {
    limitExceeded = true;
    found.length = cap;
  }
  return { refs: found.map((f) => f.ref), limitExceeded, approximateCount: found.length };
}
