// Default projections (design.md section 8): what an investigator needs from an audit record or a
// message-trace row, nothing else. `fields` picks exact fields; ["*"] keeps everything.

import { recordTypeName } from "../management/record-types.js";
import type { AuditRecord } from "../management/types.js";
import type { MessageTraceRow } from "../messagetrace/types.js";

/** Always shown when present (o365-api.md 1.9 common schema). */
const AUDIT_BASE = [
  "CreationTime",
  "Operation",
  "UserId",
  "ClientIP",
  "Workload",
  "RecordType",
  "ResultStatus",
  "ObjectId",
];

/** Per-workload fields worth their bytes (Exchange mailbox, SharePoint file, Entra logon, Exchange admin). */
const AUDIT_EXTRAS = [
  "MailboxOwnerUPN",
  "ClientInfoString",
  "LogonType",
  "SiteUrl",
  "SourceFileName",
  "LogonError",
  "UserAgent",
  "Parameters",
  "ModifiedObjectResolvedName",
  "OperationCount",
];

/** Exchange's LogonType enum (o365-api.md 1.9). */
const LOGON_TYPES: Record<number, string> = {
  0: "Owner",
  1: "Admin",
  2: "Delegated",
  3: "Transport",
  4: "SystemService",
  5: "BestAccess",
  6: "DelegatedAdmin",
};

/** Exchange admin Parameters [{Name, Value}] -> "Name=Value; ..." (inbox rules: ForwardTo, DeleteMessage...). */
function compactParameters(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value
    .map((p) =>
      p && typeof p === "object" && "Name" in p
        ? `${String(p.Name)}=${String((p as { Value?: unknown }).Value ?? "")}`
        : JSON.stringify(p),
    )
    .join("; ");
}

/** ClientIP is null for Entra events; ActorIpAddress / ClientIPAddress carry the address there. */
function clientIp(record: AuditRecord): unknown {
  return record.ClientIP ?? record.ActorIpAddress ?? record.ClientIPAddress ?? undefined;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

function sameUser(a: unknown, b: unknown): boolean {
  return typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();
}

/**
 * `withId` adds the record's Id to the default projection, after CreationTime: a search match must say
 * which record it is, to be fetched whole (a blob's records are already named by their blob).
 */
export function projectAuditRecord(
  record: AuditRecord,
  fields?: string[],
  opts: { withId?: boolean } = {},
): Record<string, unknown> {
  if (fields?.includes("*")) return { ...record, RecordType: recordTypeName(record.RecordType) };
  const out: Record<string, unknown> = {};
  if (fields && fields.length > 0) {
    for (const field of fields) {
      // Own keys only: a requested field named toString is data, never Object.prototype's.
      const value =
        field === "ClientIP" ? clientIp(record) : Object.hasOwn(record, field) ? record[field] : undefined;
      if (value === undefined) continue;
      out[field] = field === "RecordType" ? recordTypeName(value) : value;
    }
    return out;
  }
  const base = opts.withId ? ["CreationTime", "Id", ...AUDIT_BASE.slice(1)] : AUDIT_BASE;
  for (const field of base) {
    const value = field === "ClientIP" ? clientIp(record) : record[field];
    if (!present(value)) continue;
    out[field] = field === "RecordType" ? recordTypeName(value) : value;
  }
  for (const field of AUDIT_EXTRAS) {
    const value = record[field];
    if (!present(value)) continue;
    // The owner's own mailbox says nothing UserId does not; another user's mailbox (delegate or admin
    // access, o365-api.md 1.9) is the finding, so MailboxOwnerUPN shows only when it differs.
    if (field === "MailboxOwnerUPN" && sameUser(value, record.UserId)) continue;
    if (field === "Parameters") out[field] = compactParameters(value);
    else if (field === "LogonType" && typeof value === "number") out[field] = LOGON_TYPES[value] ?? value;
    else out[field] = value;
  }
  return out;
}

/** How to get shortened audit values whole: name them in `fields` (structuredContent has them too). */
export function wholeFieldsHint(keys: string[]): string {
  return `call again with fields=${JSON.stringify(["Id", "CreationTime", ...keys])} (fields named there are never shortened), or read the record's blob with retrieve_content.`;
}

/** Message-trace row: the normalized fields plus whatever $select brought back on the legacy backend. */
export function projectTraceRow(row: MessageTraceRow): Record<string, unknown> {
  const { extra, ...base } = row;
  return extra ? { ...base, ...extra } : { ...base };
}
