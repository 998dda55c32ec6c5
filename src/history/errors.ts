// The audit search API's failures in its own words (audit-search-api.md 4.1-4.8): the HTTP layer maps a
// Graph status to a generic hint; here the hint names what fixes it for this API.
import { O365Error } from "../errors.js";

export const AUDIT_SEARCH_PERMISSION = "AuditLogsQuery.Read.All";
export const PERMISSION_FIX =
  "In Entra ID > App registrations > API permissions, add the Microsoft Graph application permission AuditLogsQuery.Read.All (or the per-service AuditLogsQuery-Exchange/-Entra/-SharePoint/-OneDrive.Read.All) and grant admin consent; it can take 15-30 minutes to apply. AuditLog.Read.All alone is not enough (queries succeed with 0 records).";

export function historyError(e: unknown): unknown {
  if (!(e instanceof O365Error) || e.api !== "graph" || e.status === undefined) return e;
  const wrap = (code: string, message: string, hint: string) =>
    new O365Error({
      api: "graph",
      status: e.status,
      code,
      message,
      hint,
      retryable: e.retryable,
      retryAfterMs: e.retryAfterMs,
      requestId: e.requestId,
      cause: e,
    });
  const quoted = e.message.slice(0, 300);
  if (e.status === 401 || e.status === 403) {
    return wrap(
      e.code,
      `The Purview audit search API refused the app (HTTP ${e.status}): ${quoted}`,
      `${PERMISSION_FIX} A delegated sign-in also needs the Purview Audit Reader or Audit Manager role.`,
    );
  }
  if (e.status === 429) {
    const wait =
      e.retryAfterMs === undefined ? "" : ` Microsoft asked to wait ${Math.ceil(e.retryAfterMs / 1000)}s.`;
    return wrap(
      e.code,
      `The Purview audit search API is throttling this tenant's queries (HTTP 429).${wait}`,
      "Tenants get at least 200 query submissions per 24 h and 50 queued or running queries (other tools and portal searches count too): wait and ask again, and reuse the question's nextCursor instead of starting new searches.",
    );
  }
  if (e.status === 400 && /AuditingDisabledTenant/i.test(e.message)) {
    return wrap(
      "AuditingDisabledTenant",
      "The audit search API says unified audit logging is off for this tenant (AuditingDisabledTenant).",
      "Turn on unified audit logging (Purview portal > Audit > Start recording user and admin activity, or Set-AdminAuditLogConfig -UnifiedAuditLogIngestionEnabled $true); it can take hours to take effect.",
    );
  }
  if (e.status >= 500) {
    return wrap(
      e.code,
      `The Purview audit search API failed (HTTP ${e.status}): ${quoted}`,
      "Usually transient: ask again; the query already created is reused.",
    );
  }
  return e;
}
