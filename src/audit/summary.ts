// Per-blob summary kept beside each cache entry: for every structured filter field, the blob's distinct
// values (as the filter compares them: lower-cased, addresses normalized) and which of them each record
// has. A warm search with structured filters picks the records that can match from the summary alone, so
// a blob with none is skipped without being decompressed, and only candidate records are JSON.parse'd.
// The values mirror compileFilter (filter.ts) exactly; the full filter still runs on every candidate.
import { z } from "zod";
import { clientIpsOf, type FilterSets, filterSets } from "./filter.js";
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
}

function lower(value: unknown): string[] {
  return typeof value === "string" ? [value.toLowerCase()] : [];
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
    status: lower(r.ResultStatus),
    recordType: [String(Number(r.RecordType))],
  };
}

export function summarize(records: readonly unknown[]): BlobSummary {
  const seen = SUMMARY_FIELDS.map(() => new Map<string, number>());
  const fields = {} as Record<SummaryField, FieldIndex>;
  for (const f of SUMMARY_FIELDS) fields[f] = { values: [], of: new Uint32Array(records.length) };
  records.forEach((record, i) => {
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
  return { count: records.length, fields };
}

const fieldJsonSchema = z.object({ v: z.array(z.array(z.string())), r: z.array(z.number().int().min(0)) });
const summaryJsonSchema = z.object(
  Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, fieldJsonSchema])) as Record<
    SummaryField,
    typeof fieldJsonSchema
  >,
);

export function summaryToJson(summary: BlobSummary): unknown {
  return Object.fromEntries(
    SUMMARY_FIELDS.map((f) => [f, { v: summary.fields[f].values, r: [...summary.fields[f].of] }]),
  );
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
  return { count, fields };
}

/** Which records of a blob can match: "all", or the indices (possibly none) of the candidates. */
export type RecordSelection = "all" | number[];

type ValueTest = (values: string[]) => boolean;

function tests(sets: FilterSets): [SummaryField, ValueTest][] {
  const anyIn =
    (set: Set<string> | undefined): ValueTest =>
    (values) =>
      set !== undefined && values.some((v) => set.has(v));
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

/** Compiles the structured part of a filter into a selection over a blob summary. */
export function compileSelector(filter: AuditFilter): (summary: BlobSummary) => RecordSelection {
  const fieldTests = tests(filterSets(filter));
  if (fieldTests.length === 0) return () => "all";
  return (summary) => {
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
