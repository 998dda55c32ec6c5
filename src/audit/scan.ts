// Scans one blob's records at a time into the running state of a search: filter, dedupe, keep the page,
// count aggregates. Records that do not match are dropped as soon as they are tested.
import type { AuditRecord } from "../management/types.js";
import { Aggregator } from "./aggregate.js";
import { compileFilter, type RecordTest, recordTime } from "./filter.js";
import { MatchCollector } from "./matches.js";
import type { AuditSearchRequest } from "./types.js";

/** Page size kept when the caller sets no maxMatches. */
const DEFAULT_MAX_MATCHES = 500;

export class SearchScan {
  private readonly test: RecordTest;
  readonly matches: MatchCollector;
  readonly aggregates: Aggregator;
  recordsScanned = 0;

  constructor(req: AuditSearchRequest, range: { startMs: number; endMs: number }) {
    this.test = compileFilter(req.filter, range);
    this.matches = new MatchCollector(req.maxMatches ?? DEFAULT_MAX_MATCHES, req.after);
    this.aggregates = new Aggregator(req.groupBy ?? []);
  }

  /** A blob ruled out as a whole (prefilter): its records count as scanned, none matched. */
  skip(count: number): void {
    this.recordsScanned += count;
  }

  add(records: readonly AuditRecord[]): void {
    for (const record of records) {
      this.recordsScanned++;
      if (record === null || typeof record !== "object") continue;
      if (this.test(record) !== "match") continue;
      if (this.matches.add(record, recordTime(record))) this.aggregates.add(record);
    }
  }
}
