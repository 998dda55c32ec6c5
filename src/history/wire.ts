// The Purview audit search API's resources as they arrive (audit-search-api.md 1.2, 1.5, 3.1), parsed at the
// edge. Enums are open strings: the service sends PascalCase and members newer than any SDK (3.5).
import { z } from "zod";

export type ApiVersion = "v1.0" | "beta";

/** auditLogQueryStatus (2.1); anything else (PAX saw "queued") means "keep polling". */
export const TERMINAL_STATUSES = ["succeeded", "failed", "cancelled"] as const;

export const auditLogQuerySchema = z.looseObject({
  id: z.string().min(1).max(200),
  status: z.string().nullish(),
  // Read-only limit properties, new in Sept 2026 and optional on older deployments (1.2, 2.5).
  isRecordCountLimitExceeded: z.boolean().nullish(),
  recordCountLimit: z.number().nullish(),
  approximateReturnedRecordCount: z.number().nullish(),
});
export type AuditLogQuery = z.infer<typeof auditLogQuerySchema>;

export const auditLogRecordSchema = z.looseObject({
  id: z.string().nullish(),
  createdDateTime: z.string().nullish(),
  auditLogRecordType: z.string().nullish(),
  operation: z.string().nullish(),
  organizationId: z.string().nullish(),
  userType: z.string().nullish(),
  userId: z.string().nullish(),
  service: z.string().nullish(),
  objectId: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  auditData: z.record(z.string(), z.unknown()).nullish(),
});
export type AuditLogRecord = z.infer<typeof auditLogRecordSchema>;

export const recordsPageSchema = z.object({
  value: z.array(z.unknown()),
  "@odata.nextLink": z.string().nullish(),
});

export const queriesPageSchema = z.object({ value: z.array(z.unknown()) });

export function isTerminal(status: string | null | undefined): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status ?? "");
}

/** A failed or cancelled query has no records to give (the service says no more, 2.1): never resumed. */
export function isResumable(status: string | null | undefined): boolean {
  return status !== "failed" && status !== "cancelled";
}
