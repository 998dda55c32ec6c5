// Collects the history part's records the way the feed engine collects blob records: the same client-side
// filter (src/audit/filter.ts) over the exact time range, dedupe by Id (re-paging a query can repeat rows,
// audit-search-api.md 1.5), the page after the cursor key, and groupBy counts.
import { Aggregator } from "../audit/aggregate.js";
import { compileFilter, type RecordTest, recordTime } from "../audit/filter.js";
import { MatchCollector } from "../audit/matches.js";
import type { AuditSearchRequest } from "../audit/types.js";
import type { AuditRecord } from "../management/types.js";

const DEFAULT_MAX_MATCHES = 500;

export class HistoryScan {
  private readonly test: RecordTest;
  readonly matches: MatchCollector;
  readonly aggregates: Aggregator;
  recordsRead = 0;

  constructor(req: AuditSearchRequest, range: { startMs: number; endMs: number }) {
    this.test = compileFilter(req.filter, range);
    this.matches = new MatchCollector(req.maxMatches ?? DEFAULT_MAX_MATCHES, req.after);
    this.aggregates = new Aggregator(req.groupBy ?? []);
  }

  add(record: AuditRecord): void {
    this.recordsRead++;
    if (this.test(record) !== "match") return;
    if (this.matches.add(record, recordTime(record))) this.aggregates.add(record);
  }
}
