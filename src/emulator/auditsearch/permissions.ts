// Who may query what (audit-search-api.md 4.1, 4.2): AuditLogsQuery.Read.All sees every workload, an
// AuditLogsQuery-{workload}.Read.All permission only its workload's records (silently: scoping filters,
// it never refuses), AuditLog.Read.All alone still gets succeeded queries with 0 records (enforced since
// April 2026), and a token with none of them is refused.
import type { Visibility } from "./store.js";

export const ALL_AUDIT_QUERY_PERMISSION = "AuditLogsQuery.Read.All";
export const LEGACY_AUDIT_PERMISSION = "AuditLog.Read.All";

/** Per-workload permissions and the record Workload values they cover. */
const WORKLOAD_PERMISSIONS: Record<string, string[]> = {
  "AuditLogsQuery-Entra.Read.All": ["AzureActiveDirectory"],
  "AuditLogsQuery-Exchange.Read.All": ["Exchange"],
  "AuditLogsQuery-SharePoint.Read.All": ["SharePoint"],
  "AuditLogsQuery-OneDrive.Read.All": ["OneDrive"],
  "AuditLogsQuery-Endpoint.Read.All": ["Endpoint"],
  "AuditLogsQuery-CRM.Read.All": ["CRM"],
};

export const AUDIT_QUERY_PERMISSIONS = [ALL_AUDIT_QUERY_PERMISSION, ...Object.keys(WORKLOAD_PERMISSIONS)];

/** undefined: the token may not use the API at all. */
export function visibilityOf(permissions: readonly string[]): Visibility | undefined {
  if (permissions.includes(ALL_AUDIT_QUERY_PERMISSION)) return { kind: "all" };
  const workloads = new Set(
    permissions.flatMap((p) => WORKLOAD_PERMISSIONS[p] ?? []).map((w) => w.toLowerCase()),
  );
  if (workloads.size > 0) return { kind: "workloads", workloads };
  if (permissions.includes(LEGACY_AUDIT_PERMISSION)) return { kind: "none" };
  return undefined;
}
