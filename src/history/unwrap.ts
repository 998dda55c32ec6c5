// An auditLogRecord's auditData is the feed's record, re-serialised by OData (audit-search-api.md 3.3, 3.4):
// the "@odata.type" and "X@odata.type" annotations go (at every depth), CreationTime loses the "Z" the feed
// never writes, and the fields a sparse auditData lacks come from the envelope (userId there is the
// classic UserKey and userPrincipalName the classic UserId, 3.1). The result equals the feed's record.

import { RECORD_TYPES } from "../management/record-types.js";
import type { AuditRecord } from "../management/types.js";
import type { AuditLogRecord } from "./wire.js";

const ANNOTATION = "@odata.";

function stripAnnotations(value: unknown, depth = 0): unknown {
  if (depth > 64 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => stripAnnotations(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith(ANNOTATION) || key.includes(`@${ANNOTATION.slice(1)}`)) continue;
    out[key] = stripAnnotations(v, depth + 1);
  }
  return out;
}

/** "2026-07-17T08:28:17Z" → "2026-07-17T08:28:17": the Management API's zone-less UTC form (3.4). */
function feedTime(text: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(text) ? text.slice(0, -1) : text;
}

export function unwrapRecord(row: AuditLogRecord): AuditRecord | undefined {
  const data = (stripAnnotations(row.auditData ?? {}) ?? {}) as Record<string, unknown>;
  const record: Record<string, unknown> = { ...data };
  const fill = (key: string, value: unknown) => {
    if ((record[key] === undefined || record[key] === null) && value !== undefined && value !== null)
      record[key] = value;
  };
  fill("Id", row.id);
  fill("CreationTime", row.createdDateTime);
  fill("Operation", row.operation);
  fill("OrganizationId", row.organizationId);
  fill("UserId", row.userPrincipalName);
  fill("UserKey", row.userId);
  fill("Workload", row.service);
  fill("ObjectId", row.objectId);
  if (record.RecordType === undefined && row.auditLogRecordType) {
    const known = RECORD_TYPES.find((t) => t.name.toLowerCase() === row.auditLogRecordType?.toLowerCase());
    if (known) record.RecordType = known.value;
  }
  if (typeof record.Id !== "string" || record.Id === "") return undefined;
  if (typeof record.CreationTime === "string") record.CreationTime = feedTime(record.CreationTime);
  return record as AuditRecord;
}
