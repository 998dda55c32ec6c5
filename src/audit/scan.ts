// Scans one blob's records at a time into the running state of a search: filter, dedupe, keep the page,
// count aggregates. Records that do not match are dropped as soon as they are tested.
import type { BlobRecords } from "../management/blob-records.js";
import type { AuditRecord } from "../management/types.js";
import { Aggregator } from "./aggregate.js";
import { compileFilter, filterSets, type RecordTest, recordTime } from "./filter.js";
import { MatchCollector } from "./matches.js";
import type { RecordSelection } from "./summary.js";
import type { AuditSearchRequest } from "./types.js";

/** Page size kept when the caller sets no maxMatches. */
const DEFAULT_MAX_MATCHES = 500;

export class SearchScan {
  private readonly test: RecordTest;
  /** The same filter less the free text, for cached lines whose text was already searched. */
  private readonly testParsedLine: RecordTest;
  private readonly contains: string | undefined;
  readonly matches: MatchCollector;
  readonly aggregates: Aggregator;
  recordsScanned = 0;

  constructor(req: AuditSearchRequest, range: { startMs: number; endMs: number }) {
    this.test = compileFilter(req.filter, range);
    this.testParsedLine = compileFilter({ ...req.filter, contains: undefined }, range);
    this.contains = filterSets(req.filter).contains;
    this.matches = new MatchCollector(req.maxMatches ?? DEFAULT_MAX_MATCHES, req.after);
    this.aggregates = new Aggregator(req.groupBy ?? []);
  }

  /** A blob ruled out as a whole (prefilter): its records count as scanned, none matched. */
  skip(count: number): void {
    this.recordsScanned += count;
  }

  /**
   * A fetched blob read from its bytes: only the selected records can match (its summary, summary.ts), so
   * only those are parsed, and the free text is searched in their lines (JSON.stringify's text of each).
   */
  addBlob(blob: BlobRecords, selection: RecordSelection): void {
    this.recordsScanned += blob.count;
    const contains = this.contains;
    const consider = (i: number) => {
      if (contains === undefined) this.consider(blob.record(i));
      else if (blob.line(i).toLowerCase().includes(contains))
        this.consider(blob.record(i), this.testParsedLine);
    };
    if (selection === "all") for (let i = 0; i < blob.count; i++) consider(i);
    else for (const i of selection) consider(i);
  }

  /**
   * A cached blob, one JSON text per record: only the selected records can match (summary.ts), and of those
   * only lines holding the free text (the line is exactly JSON.stringify of the record) are parsed, and the
   * record is not stringified again to search it.
   */
  addLines(lines: readonly (string | undefined)[], selection: RecordSelection): void {
    this.recordsScanned += lines.length;
    const consider = (line: string | undefined) => {
      if (line === undefined) return; // lines(selection) decompressed every selected record
      if (this.contains && !line.toLowerCase().includes(this.contains)) return;
      this.consider(JSON.parse(line) as AuditRecord, this.testParsedLine);
    };
    if (selection === "all") for (const line of lines) consider(line);
    else for (const i of selection) consider(lines[i]);
  }

  private consider(record: AuditRecord, test = this.test): void {
    if (record === null || typeof record !== "object") return;
    if (test(record) !== "match") return;
    if (this.matches.add(record, recordTime(record))) this.aggregates.add(record);
  }
}
