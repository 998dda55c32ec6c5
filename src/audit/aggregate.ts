// groupBy counts over the deduped matches of a search: by Operation, UserId, ClientIP, Workload, RecordType
// or any (dotted) field. Keys past a cap fold into "(other)" so a groupBy on Id cannot exhaust memory.
import type { AuditRecord } from "../management/types.js";
import { clientIpsOf } from "./filter.js";

const NONE_KEY = "(none)";
const OTHER_KEY = "(other)";
const MAX_KEYS_PER_GROUP = 10_000;

/** Reads a field by name (case-insensitive) or dotted path ("AppAccessContext.ClientAppName"). */
function fieldValue(record: Record<string, unknown>, path: string): unknown {
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

function keyOf(record: AuditRecord, field: string): string {
  // ClientIP means "the client address", wherever the workload put it (Entra: ActorIpAddress).
  if (field.toLowerCase() === "clientip") return clientIpsOf(record)[0] ?? NONE_KEY;
  const value = fieldValue(record, field);
  if (value === undefined || value === null || value === "") return NONE_KEY;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export class Aggregator {
  private readonly groups = new Map<string, Map<string, number>>();

  constructor(readonly fields: string[]) {
    for (const field of fields) this.groups.set(field, new Map());
  }

  add(record: AuditRecord): void {
    for (const [field, counts] of this.groups) {
      let key = keyOf(record, field);
      if (!counts.has(key) && counts.size >= MAX_KEYS_PER_GROUP) key = OTHER_KEY;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }

  /** Counts per field, largest first (ties by key). */
  result(): Record<string, { key: string; count: number }[]> {
    const out: Record<string, { key: string; count: number }[]> = {};
    for (const [field, counts] of this.groups) {
      out[field] = [...counts]
        .map(([key, count]) => ({ key, count }))
        .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }
    return out;
  }
}
