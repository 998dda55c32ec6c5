// Collects the history part's records the way the feed engine collects blob records: the same client-side
// filter (src/audit/filter.ts) over the exact time range, dedupe by Id (re-paging a query can repeat rows,
// audit-search-api.md 1.5), the page after the cursor key, and groupBy counts.
import { Aggregator } from "../audit/aggregate.js";
import { compileFilter, type RecordTest, recordTime } from "../audit/filter.js";
import { MatchCollector } from "../audit/matches.js";
import type { AuditSearchRequest } from "../audit/types.js";
import type { AuditRecord } from "../management/types.js";
import { contentTypeScope } from "./content-type.js";

const DEFAULT_MAX_MATCHES = 500;

export class HistoryScan {
  private readonly test: RecordTest;
  /** The asked content types, applied by workload (content-type.ts); undefined when all five are asked. */
  private readonly inScope: ((r: AuditRecord) => boolean) | undefined;
  readonly matches: MatchCollector;
  readonly aggregates: Aggregator;
  recordsRead = 0;

  /** True when contentTypes narrowed the history records (coverage says how). */
  get scopedByContentType(): boolean {
    return this.inScope !== undefined;
  }

  constructor(req: AuditSearchRequest, range: { startMs: number; endMs: number }) {
    this.test = compileFilter(req.filter, range);
    this.inScope = contentTypeScope(req.contentTypes);
    this.matches = new MatchCollector(req.maxMatches ?? DEFAULT_MAX_MATCHES, req.after);
    this.aggregates = new Aggregator(req.groupBy ?? []);
  }

  add(record: AuditRecord): void {
    this.recordsRead++;
    if (this.inScope && !this.inScope(record)) return;
    if (this.test(record) !== "match") return;
    if (this.matches.add(record, recordTime(record))) this.aggregates.add(record);
  }
}
