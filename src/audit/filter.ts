// Record filtering for search_audit_log: compiled once per search into lower-cased sets, then applied to
// every record of every blob. AND across fields, OR within a list, all case-insensitive.
import type { AuditRecord } from "../management/types.js";
import { numberOf, resultStatusesOf } from "./outcome.js";
import type { AuditFilter } from "./types.js";

export { numberOf, resultStatusesOf } from "./outcome.js";

/** The fields that can carry the client address, by workload (o365-api.md 1.9). */
const IP_FIELDS = ["ClientIP", "ActorIpAddress", "ClientIPAddress"] as const;

/** CreationTime as epoch ms. The schema's samples have no zone ("2015-06-29T20:03:19"): that is UTC. */
export function recordTime(record: AuditRecord): number {
  const text = record.CreationTime;
  if (typeof text !== "string") return Number.NaN;
  const hasZone = text.endsWith("Z") || text.endsWith("z") || /[+-]\d\d:?\d\d$/.test(text);
  return Date.parse(hasZone ? text : `${text}Z`);
}

/**
 * Normalizes an address as records write it: "1.2.3.4:5678" and "[2001:db8::1]:443" lose the port,
 * brackets go, case folds. A bare IPv6 address (several colons) is kept as is.
 */
export function normalizeIp(value: string): string {
  let ip = value.trim().toLowerCase();
  if (ip.startsWith("[")) {
    const close = ip.indexOf("]");
    ip = close > 0 ? ip.slice(1, close) : ip.slice(1);
  } else if (ip.indexOf(":") > 0 && ip.indexOf(":") === ip.lastIndexOf(":")) {
    ip = ip.slice(0, ip.indexOf(":"));
  }
  return ip;
}

/** Every client address a record carries, normalized (Entra records have ClientIP null and ActorIpAddress set). */
export function clientIpsOf(record: AuditRecord): string[] {
  const out: string[] = [];
  for (const field of IP_FIELDS) {
    const value = record[field];
    if (typeof value === "string" && value !== "") out.push(normalizeIp(value));
  }
  return out;
}

function lowerSet(values: string[] | undefined): Set<string> | undefined {
  if (values === undefined || values.length === 0) return undefined;
  return new Set(values.map(comparable));
}

/** A record's text as the filter compares it. Trimmed: Microsoft writes some operation names with a
 * trailing space ("Update application – Certificates and secrets management "). */
export function comparable(value: string): string {
  return value.trim().toLowerCase();
}

function hasLower(set: Set<string>, value: unknown): boolean {
  return typeof value === "string" && set.has(comparable(value));
}

export interface TimeRange {
  startMs: number;
  endMs: number;
}

export type RecordTest = (record: AuditRecord) => "match" | "no-match" | "outside-window";

/** The filter's values as compared with records: lower-cased (addresses normalized); undefined = no test. */
export interface FilterSets {
  operations?: Set<string>;
  users?: Set<string>;
  ips?: Set<string>;
  recordTypes?: Set<number>;
  workloads?: Set<string>;
  statuses?: Set<string>;
  contains?: string;
}

export function filterSets(filter: AuditFilter): FilterSets {
  return {
    operations: lowerSet(filter.operations),
    users: lowerSet(filter.users),
    ips: filter.clientIps?.length ? new Set(filter.clientIps.map(normalizeIp)) : undefined,
    recordTypes: filter.recordTypes?.length ? new Set(filter.recordTypes) : undefined,
    workloads: lowerSet(filter.workloads),
    statuses: lowerSet(filter.resultStatus),
    contains: filter.contains?.trim() ? filter.contains.trim().toLowerCase() : undefined,
  };
}

/** Compiles the filter once; the returned test is called for every record scanned. */
export function compileFilter(filter: AuditFilter, range: TimeRange): RecordTest {
  const { operations, users, ips, recordTypes, workloads, statuses, contains } = filterSets(filter);

  return (record) => {
    const time = recordTime(record);
    if (!(time >= range.startMs && time < range.endMs)) return "outside-window";
    if (operations && !hasLower(operations, record.Operation)) return "no-match";
    if (recordTypes && !recordTypes.has(numberOf(record.RecordType))) return "no-match";
    if (workloads && !hasLower(workloads, record.Workload)) return "no-match";
    if (statuses && !resultStatusesOf(record).some((v) => statuses.has(v))) return "no-match";
    if (users && !hasLower(users, record.UserId) && !hasLower(users, record.MailboxOwnerUPN))
      return "no-match";
    if (ips && !clientIpsOf(record).some((ip) => ips.has(ip))) return "no-match";
    // Costliest test last: the whole record as text.
    if (contains && !JSON.stringify(record).toLowerCase().includes(contains)) return "no-match";
    return "match";
  };
}
