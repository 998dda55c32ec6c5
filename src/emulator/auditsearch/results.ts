// Gathers a query's records from the tenant's history while it runs (audit-search-api.md 2.2, 2.5, 3.4):
// the filters, the token's silent workload scoping (4.2) and the retention, then the record-count limit,
// past which the query still succeeds with isRecordCountLimitExceeded. The scan goes one blob at a time
// and yields to the event loop every few milliseconds, so a long window costs time, not responsiveness;
// a query whose gathering outlasts its running time simply stays running longer, as real ones do.
// Records come back oldest first; the real order is undocumented (1.5).
import type { RecordRef } from "../tenant/history.js";
import { CONTENT_TYPES } from "../tenant/index.js";
import type { Tenant } from "../tenant/types.js";
import { contentTypesFor, recordMatcher } from "./filters.js";
import type { AuditQuery } from "./store.js";

const DAY = 86_400_000;
/** CPU time one turn of the scan may take before it yields. */
const TURN_MS = 8;

export function startGathering(query: AuditQuery, tenant: Tenant, retentionDays: number): void {
  const { filters, visibility } = query;
  if (query.outcome !== "succeeded") return;
  if (visibility.kind === "none") {
    query.result = { refs: [], limitExceeded: false, approximateCount: 0 };
    return;
  }
  const matches = recordMatcher(filters);
  // Older than retention the service no longer holds records (4.4): the window is clipped, not refused.
  const finishedAt = query.createdAt + query.runningMs;
  const from = Math.max(filters.start, finishedAt - retentionDays * DAY);
  const slices = tenant.history.slices(
    new Date(from),
    new Date(filters.end),
    contentTypesFor(filters, CONTENT_TYPES),
  );
  const found: Array<{ ref: RecordRef; time: number; id: string }> = [];
  const visit = (ref: RecordRef, record: Record<string, unknown>, time: number): boolean => {
    if (visibility.kind === "workloads" && !visibility.workloads.has(String(record.Workload).toLowerCase()))
      return true;
    if (matches(record, () => JSON.stringify(record))) found.push({ ref, time, id: String(record.Id) });
    return true;
  };
  let next = 0;
  const turn = (): void => {
    if (query.abandoned) return;
    const started = performance.now();
    while (next < slices.length && performance.now() - started < TURN_MS) slices[next++].visit(visit);
    if (next < slices.length) {
      setImmediate(turn);
      return;
    }
    found.sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const limitExceeded = found.length > query.recordCountLimit;
    if (limitExceeded) found.length = query.recordCountLimit;
    query.result = { refs: found.map((f) => f.ref), limitExceeded, approximateCount: found.length };
  };
  setImmediate(turn);
}
