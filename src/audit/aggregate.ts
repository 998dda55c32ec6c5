// groupBy counts over the deduped matches of a search: by Operation, UserId, ClientIP, Workload, RecordType
// or any (dotted) field, optionally with the number of distinct values of other fields per key ("distinct
// ClientIP per SessionId", "distinct UserId per ClientIP"). Keys past a cap fold into "(other)" and distinct
// sets stop growing at a cap (marked), so a groupBy on Id cannot exhaust memory.
import type { AuditRecord } from "../management/types.js";
import { clientIpsOf } from "./filter.js";
import type { AggregateRow, GroupBySpec } from "./types.js";

const NONE_KEY = "(none)";
const OTHER_KEY = "(other)";
const MAX_KEYS_PER_GROUP = 10_000;
/** Distinct values kept per key and field; past it the count is a floor and the row says so. */
export const MAX_DISTINCT_VALUES = 1_000;
/** The values themselves are listed when there are this few (the IPs of one session). */
const LISTED_VALUES = 5;

/** Reads a field by name (case-insensitive) or dotted path ("AppAccessContext.ClientAppName"). */
export function fieldValue(record: Record<string, unknown>, path: string): unknown {
  let current: unknown = record;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    const obj = current as Record<string, unknown>;
    // Own keys only: a field named constructor or toString is data, never Object.prototype's.
    if (Object.hasOwn(obj, part)) {
      current = obj[part];
      continue;
    }
    const lower = part.toLowerCase();
    const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
    current = key === undefined ? undefined : obj[key];
  }
  return current;
}

/**
 * The value a record has for a field, as a key. ClientIP means "the client address", wherever the
 * workload put it (Entra: ActorIpAddress); SessionId also finds Entra's session in DeviceProperties
 * (Name/Value pairs, o365-api.md 1.9) and AADSessionId in AppAccessContext.
 */
export function keyOf(record: AuditRecord, field: string): string {
  const lower = field.toLowerCase();
  if (lower === "clientip") return clientIpsOf(record)[0] ?? NONE_KEY;
  let value = fieldValue(record, field);
  if ((value === undefined || value === "") && lower === "sessionid") value = sessionIdOf(record);
  if (value === undefined || value === null || value === "") return NONE_KEY;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** SessionId, DeviceProperties' SessionId (Entra sign-ins) or AppAccessContext.AADSessionId. */
export function sessionIdOf(record: AuditRecord): string | undefined {
  const own = record.SessionId;
  if (typeof own === "string" && own !== "") return own;
  const device = record.DeviceProperties;
  if (Array.isArray(device)) {
    const pair = device.find(
      (p) =>
        p &&
        typeof p === "object" &&
        typeof (p as { Name?: unknown }).Name === "string" &&
        (p as { Name: string }).Name.toLowerCase() === "sessionid",
    ) as { Value?: unknown } | undefined;
    if (typeof pair?.Value === "string" && pair.Value !== "") return pair.Value;
  }
  const aad = fieldValue(record, "AppAccessContext.AADSessionId");
  return typeof aad === "string" && aad !== "" ? aad : undefined;
}

interface Group {
  field: string;
  distinct: string[];
  counts: Map<string, Entry>;
}

interface Entry {
  count: number;
  sets: Set<string>[];
  /** Absorbed from a row whose values were not all known: the distinct counts are floors. */
  floor?: boolean;
  /** Per distinct field, the largest count of such a row (the floor). */
  atLeast?: number[];
}

/**
 * The value sets behind a result row's distinct counts, out of sight of JSON and spreads: another
 * Aggregator absorbs the row exactly (a search over feed and history counts one IP seen in both once).
 */
const VALUE_SETS = Symbol("distinctValueSets");
type RowWithSets = AggregateRow & { [VALUE_SETS]?: Record<string, ReadonlySet<string>> };

export class Aggregator {
  private readonly groups: Group[];

  constructor(specs: readonly GroupBySpec[]) {
    this.groups = specs.map((s) =>
      typeof s === "string"
        ? { field: s, distinct: [], counts: new Map() }
        : { field: s.field, distinct: s.distinct, counts: new Map() },
    );
  }

  add(record: AuditRecord): void {
    for (const group of this.groups) {
      const entry = entryOf(group, keyOf(record, group.field));
      entry.count++;
      group.distinct.forEach((field, i) => {
        // "(none)" is not a value: a record without a ClientIP adds no address to its session.
        addValue(entry.sets[i], keyOf(record, field));
      });
    }
  }

  /**
   * Folds in the rows of another part of the same search (another Aggregator's result() with the same
   * specs): counts add up, distinct values are united, so the merged rows are what one scan would give.
   */
  absorb(rows: Record<string, readonly AggregateRow[]>): void {
    for (const group of this.groups) {
      for (const row of rows[group.field] ?? []) {
        const entry = entryOf(group, row.key);
        entry.count += row.count;
        const sets = (row as RowWithSets)[VALUE_SETS];
        if (row.distinctCapped) entry.floor = true;
        group.distinct.forEach((field, i) => {
          const values = sets?.[field] ?? row.values?.[field] ?? [];
          for (const value of values) addValue(entry.sets[i], value);
          // A row from elsewhere lists at most five values: more than that are counted, not known.
          const counted = row.distinct?.[field] ?? 0;
          if (!sets?.[field] && counted > (row.values?.[field]?.length ?? 0)) {
            entry.floor = true;
            entry.atLeast ??= group.distinct.map(() => 0);
            entry.atLeast[i] = Math.max(entry.atLeast[i], counted);
          }
        });
      }
    }
  }

  /** Rows per field: most distinct values first (of the first distinct field), then largest count, then key. */
  result(): Record<string, AggregateRow[]> {
    const out: Record<string, AggregateRow[]> = {};
    for (const group of this.groups) {
      const rows = [...group.counts].map(([key, { count, sets, floor, atLeast }]) => {
        const row: RowWithSets = { key, count };
        if (group.distinct.length === 0) return row;
        row.distinct = {};
        if (floor) row.distinctCapped = true;
        Object.defineProperty(row, VALUE_SETS, {
          value: Object.fromEntries(group.distinct.map((field, i) => [field, sets[i]])),
        });
        group.distinct.forEach((field, i) => {
          const set = sets[i];
          const shown = Math.max(Math.min(set.size, MAX_DISTINCT_VALUES), atLeast?.[i] ?? 0);
          (row.distinct as Record<string, number>)[field] = shown;
          if (set.size > MAX_DISTINCT_VALUES) row.distinctCapped = true;
          // Listed only when they are all the values counted (a floor's known few are not the list).
          if (set.size > 0 && set.size <= LISTED_VALUES && set.size === shown) {
            row.values ??= {};
            row.values[field] = [...set].sort();
          }
        });
        return row;
      });
      const first = group.distinct[0];
      const spread = (r: AggregateRow) => (first === undefined ? 0 : (r.distinct?.[first] ?? 0));
      out[group.field] = rows.sort(
        (a, b) => spread(b) - spread(a) || b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
      );
    }
    return out;
  }
}

/** The key's entry; keys past the cap fold into "(other)". */
function entryOf(group: Group, asked: string): Entry {
  const key = !group.counts.has(asked) && group.counts.size >= MAX_KEYS_PER_GROUP ? OTHER_KEY : asked;
  let entry = group.counts.get(key);
  if (!entry) {
    entry = { count: 0, sets: group.distinct.map(() => new Set<string>()) };
    group.counts.set(key, entry);
  }
  return entry;
}

function addValue(set: Set<string>, value: string): void {
  if (value !== NONE_KEY && set.size < MAX_DISTINCT_VALUES + 1) set.add(value);
}
