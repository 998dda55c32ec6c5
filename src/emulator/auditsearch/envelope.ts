// auditLogRecord as the service writes it (audit-search-api.md 3.1, 3.3): the envelope with its observed
// quirks (PascalCase enums, clientIp always null, administrativeUnits [""], userId holding the classic
// UserKey and userPrincipalName the classic UserId) around auditData, the classic record re-serialised as
// the open type #microsoft.graph.security.defaultAuditData with its OData annotations.
import { recordTypeName } from "./record-types.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type ClassicRecord = Record<string, unknown>;

const DEFAULT_AUDIT_DATA = "#microsoft.graph.security.defaultAuditData";
const COLLECTION_OF_DEFAULT = "#Collection(microsoft.graph.security.defaultAuditData)";

/** auditLogUserType members by Management API UserType number (3.1; PascalCase on the wire). */
const USER_TYPES = [
  "Regular",
  "Reserved",
  "Admin",
  "DcAdmin",
  "System",
  "Application",
  "ServicePrincipal",
  "CustomPolicy",
  "SystemPolicy",
  "PartnerTechnician",
  "Guest",
];

/** The classic CreationTime (zone-less UTC) with the `Z` Graph writes (3.4). */
function zoned(creationTime: unknown): string {
  const text = String(creationTime);
  return /[zZ]$|[+-]\d\d:\d\d$/.test(text) ? text : `${text}Z`;
}

export function auditLogRecord(record: ClassicRecord): Record<string, Json> {
  const str = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));
  const userType = typeof record.UserType === "number" ? record.UserType : 0;
  return {
    id: String(record.Id),
    createdDateTime: zoned(record.CreationTime),
    auditLogRecordType: recordTypeName(Number(record.RecordType)),
    operation: str(record.Operation),
    organizationId: str(record.OrganizationId),
    userType: USER_TYPES[userType] ?? String(userType),
    userId: str(record.UserKey),
    service: str(record.Workload),
    objectId: str(record.ObjectId),
    userPrincipalName: str(record.UserId),
    clientIp: null,
    administrativeUnits: [""],
    auditData: auditData(record),
  };
}

/** The classic record with Graph's annotations: `@odata.type` first, `X@odata.type` before each X. */
export function auditData(record: ClassicRecord): Record<string, Json> {
  const out: Record<string, Json> = { "@odata.type": DEFAULT_AUDIT_DATA };
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    if (key === "CreationTime") {
      out[key] = zoned(value);
      continue;
    }
    annotateInto(out, key, value);
  }
  return out;
}

function annotateInto(out: Record<string, Json>, key: string, value: unknown): void {
  if (typeof value === "number") {
    out[`${key}@odata.type`] = Number.isInteger(value) ? "#Int64" : "#Double";
    out[key] = value;
  } else if (Array.isArray(value)) {
    const objects = value.length === 0 || value.some((v) => typeof v === "object" && v !== null);
    out[`${key}@odata.type`] = objects ? COLLECTION_OF_DEFAULT : "#Collection(String)";
    out[key] = value.map((item) => (isObject(item) ? annotatedObject(item, false) : (item as Json)));
  } else if (isObject(value)) {
    // Nested objects carry their own @odata.type (PAX flattens AppAccessContext.@odata.type, 3.3).
    out[key] = annotatedObject(value, true);
  } else {
    out[key] = value as Json;
  }
}

function annotatedObject(value: Record<string, unknown>, typed: boolean): Record<string, Json> {
  const out: Record<string, Json> = typed ? { "@odata.type": DEFAULT_AUDIT_DATA } : {};
  for (const [key, inner] of Object.entries(value)) if (inner !== undefined) annotateInto(out, key, inner);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
