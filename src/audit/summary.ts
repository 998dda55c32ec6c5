// Per-blob summary kept beside each cache entry: for every structured filter field, the blob's distinct
// values (as the filter compares them: lower-cased, addresses normalized) and which of them each record
// has. A warm search with structured filters picks the records that can match from the summary alone, so
// a blob with none is skipped without being decompressed, and only candidate records are JSON.parse'd.
// The values mirror compileFilter (filter.ts) exactly; the full filter still runs on every candidate. The
// summary also keeps the blob's event-time range: a search lists blobs created up to a day after its window
// (late content, o365-api.md 1.6), and a cached blob whose events all fall outside the window is skipped
// from the summary alone.
import { z } from "zod";
import type { BlobRecords } from "../management/blob-records.js";
import {
  clientIpsOf,
  comparable,
  type FilterSets,
  filterSets,
  numberOf,
  recordTime,
  resultStatusesOf,
  type TimeRange,
} from "./filter.js";
import type { AuditFilter } from "./types.js";

const SUMMARY_FIELDS = ["operation", "user", "ip", "workload", "status", "recordType"] as const;
type SummaryField = (typeof SUMMARY_FIELDS)[number];

/** The distinct value lists of one field in a blob, and per record the index of its list. */
export interface FieldIndex {
  values: string[][];
  of: Uint32Array;
}

export interface BlobSummary {
  count: number;
  fields: Record<SummaryField, FieldIndex>;
  /** Earliest and latest valid CreationTime (epoch ms); undefined when no record has one. */
  times?: { earliest: number; latest: number };
}

function lower(value: unknown): string[] {
  return typeof value === "string" ? [comparable(value)] : [];
}

/** What compileFilter compares, per field, for one record (RecordType as String(Number(x))). */
function fieldValues(record: unknown): Record<SummaryField, string[]> {
  if (record === null || typeof record !== "object") {
    return { operation: [], user: [], ip: [], workload: [], status: [], recordType: [] };
  }
  const r = record as Record<string, unknown>;
  return {
    operation: lower(r.Operation),
    user: [...lower(r.UserId), ...lower(r.MailboxOwnerUPN)],
    ip: clientIpsOf(r as Parameters<typeof clientIpsOf>[0]),
    workload: lower(r.Workload),
    status: resultStatusesOf(r),
    recordType: [String(numberOf(r.RecordType))],
  };
}

/**
 * The record keys the summary reads (fieldValues, recordTime, resultStatusesOf, clientIpsOf): a blob read
 * from its bytes picks just these from every record (blob-records.ts), and the rest is parsed only for
 * records that can match. test/audit/summary.test.ts checks a summary of picked keys equals one of records.
 */
export const SUMMARY_KEYS = [
  "CreationTime",
  "Operation",
  "RecordType",
  "UserId",
  "MailboxOwnerUPN",
  "ClientIP",
  "ActorIpAddress",
  "ClientIPAddress",
  "Workload",
  "ResultStatus",
  "ErrorNumber",
  "ErrorCode",
  "LogonError",
] as const;

/** The summary of a blob read from its bytes, from its records' picked SUMMARY_KEYS. */
export function summarizeBlob(blob: Pick<BlobRecords, "count" | "picked">): BlobSummary {
  return summarize(Array.from({ length: blob.count }, (_, i) => blob.picked(i)));
}

export function summarize(records: readonly unknown[]): BlobSummary {
  const seen = SUMMARY_FIELDS.map(() => new Map<string, number>());
  const fields = {} as Record<SummaryField, FieldIndex>;
  for (const f of SUMMARY_FIELDS) fields[f] = { values: [], of: new Uint32Array(records.length) };
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  records.forEach((record, i) => {
    const time =
      record !== null && typeof record === "object"
        ? recordTime(record as Parameters<typeof recordTime>[0])
        : Number.NaN;
    if (Number.isFinite(time)) {
      earliest = Math.min(earliest, time);
      latest = Math.max(latest, time);
    }
    const values = fieldValues(record);
    SUMMARY_FIELDS.forEach((field, f) => {
      const list = values[field];
      const key = list.join("\n");
      let index = seen[f].get(key);
      if (index === undefined) {
        index = fields[field].values.length;
        fields[field].values.push(list);
        seen[f].set(key, index);
      }
      fields[field].of[i] = index;
    });
  });
  const times = latest >= earliest ? { earliest, latest } : undefined;
  return { count: records.length, fields, ...(times ? { times } : {}) };
}

const fieldJsonSchema = z.object({ v: z.array(z.array(z.string())), r: z.array(z.number().int().min(0)) });
const summaryJsonSchema = z.object({
  ...(Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, fieldJsonSchema])) as Record<
    SummaryField,
    typeof fieldJsonSchema
  >),
  /** [earliest, latest] CreationTime, epoch ms; null when no record has a valid one. */
  t: z.tuple([z.number(), z.number()]).nullable(),
});

export function summaryToJson(summary: BlobSummary): unknown {
  return {
    ...Object.fromEntries(
      SUMMARY_FIELDS.map((f) => [f, { v: summary.fields[f].values, r: [...summary.fields[f].of] }]),
    ),
    t: summary.times ? [summary.times.earliest, summary.times.latest] : null,
  };
}

/** Reads a stored summary; undefined when it does not describe exactly `count` records. */
export function summaryFromJson(json: unknown, count: number): BlobSummary | undefined {
  const parsed = summaryJsonSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const fields = {} as Record<SummaryField, FieldIndex>;
  for (const f of SUMMARY_FIELDS) {
    const { v, r } = parsed.data[f];
    if (r.length !== count || r.some((i) => i >= v.length)) return undefined;
    fields[f] = { values: v, of: Uint32Array.from(r) };
  }
  const t = parsed.data.t;
  return { count, fields, ...(t ? { times: { earliest: t[0], latest: t[1] } } : {}) };
}

/** Which records of a blob can match: "all", or the indices (possibly none) of the candidates. */
export type RecordSelection = "all" | number[];

type ValueTest = (values: string[]) => boolean;

function tests(sets: FilterSets): [SummaryField, ValueTest][] {
  // Trimmed again here: a summary stored before values were trimmed still selects what the filter matches.
  const anyIn =
    (set: Set<string> | undefined): ValueTest =>
    (values) =>
      set !== undefined && values.some((v) => set.has(v) || set.has(v.trim()));
  const out: [SummaryField, ValueTest][] = [];
  if (sets.operations) out.push(["operation", anyIn(sets.operations)]);
  if (sets.users) out.push(["user", anyIn(sets.users)]);
  if (sets.ips) out.push(["ip", anyIn(sets.ips)]);
  if (sets.workloads) out.push(["workload", anyIn(sets.workloads)]);
  if (sets.statuses) out.push(["status", anyIn(sets.statuses)]);
  const types = sets.recordTypes;
  if (types) out.push(["recordType", (values) => values.some((v) => types.has(Number(v)))]);
  return out;
}

/** No record of the blob has a CreationTime in [startMs, endMs): none can match. */
function outsideRange(summary: BlobSummary, range: TimeRange | undefined): boolean {
  if (!range) return false;
  const t = summary.times;
  return t === undefined || t.latest < range.startMs || t.earliest >= range.endMs;
}

/**
 * Compiles the structured part of a filter (and the search's event-time range) into a selection over a
 * blob summary.
 */
export function compileSelector(
  filter: AuditFilter,
  range?: TimeRange,
): (summary: BlobSummary) => RecordSelection {
  const fieldTests = tests(filterSets(filter));
  return (summary) => {
    if (outsideRange(summary, range)) return [];
    if (fieldTests.length === 0) return "all";
    const allowed: [Uint32Array, boolean[]][] = [];
    for (const [field, test] of fieldTests) {
      const index = summary.fields[field];
      const ok = index.values.map(test);
      if (!ok.includes(true)) return [];
      allowed.push([index.of, ok]);
    }
    const out: number[] = [];
    for (let i = 0; i < summary.count; i++) {
      if (allowed.every(([of, ok]) => ok[of[i]])) out.push(i);
    }
    return out;
  };
}
