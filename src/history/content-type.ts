// Which feed content type a history record would have come from (o365-api.md 1.3): the audit search API
// has no content types, so search_audit_log's contentTypes are applied to history records by workload,
// with DLP policy matches in DLP.All. An inference from the documented split (UNCONFIRMED per record
// type), so coverage says when it was applied.
import type { AuditRecord, ContentType } from "../management/types.js";
import { CONTENT_TYPES } from "../management/types.js";

const BY_WORKLOAD: Record<string, ContentType> = {
  azureactivedirectory: "Audit.AzureActiveDirectory",
  exchange: "Audit.Exchange",
  sharepoint: "Audit.SharePoint",
  onedrive: "Audit.SharePoint",
};

/** DLP rule matches (RecordType 11 ComplianceDLPSharePoint, 13 ComplianceDLPExchange, 33 ... 'Dlp*'). */
function isDlp(record: AuditRecord): boolean {
  const op = String(record.Operation ?? "").toLowerCase();
  return (
    op.startsWith("dlp") || record.RecordType === 11 || record.RecordType === 13 || record.RecordType === 33
  );
}

export function feedContentTypeOf(record: AuditRecord): ContentType {
  if (isDlp(record)) return "DLP.All";
  return BY_WORKLOAD[String(record.Workload ?? "").toLowerCase()] ?? "Audit.General";
}

/** A test for history records, or undefined when all (or no particular) content types are asked for. */
export function contentTypeScope(types: readonly ContentType[]): ((r: AuditRecord) => boolean) | undefined {
  const wanted = new Set(types);
  if (wanted.size === 0 || CONTENT_TYPES.every((t) => wanted.has(t))) return undefined;
  return (record) => wanted.has(feedContentTypeOf(record));
}
