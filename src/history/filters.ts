// Maps search_audit_log's filter onto the audit search API's server-side filters (audit-search-api.md 1.2):
// operations, users, IPs, record types, one service, keyword. A server filter only narrows what is fetched;
// the same client-side filter (src/audit/filter.ts) still decides every match, so a mapping that could
// drop a record the feed would match is not sent (the test is then client-side only).

import { normalizeIp } from "../audit/filter.js";
import type { AuditFilter } from "../audit/types.js";
import { RECORD_TYPES } from "../management/record-types.js";

/**
 * Record type numbers whose Management API name differs from the Graph enum member, or whose numbering
 * drifts (audit-search-api.md Appendix A, the † entries, and 361 up): their names are not sent.
 */
const NAME_DRIFT = new Set([22, 44, 79, 103, 187, 216, 217, 219, 288, 291, 298, 299, 300, 301]);
const DRIFT_FROM = 361;

export interface QueryFilters {
  operationFilters?: string[];
  userPrincipalNameFilters?: string[];
  ipAddressFilters?: string[];
  recordTypeFilters?: string[];
  serviceFilter?: string;
  keywordFilter?: string;
}

export interface MappedFilters {
  body: QueryFilters;
  /** Which of the tool's filters the service applies (the client applies all of them again). */
  server: string[];
  /** Which ones only the client applies. */
  clientOnly: string[];
  /** Where the service's filter may be narrower than the feed's: history may miss such records. */
  caveats: string[];
}

function cleaned(values: string[] | undefined): string[] | undefined {
  const out = [...new Set((values ?? []).map((v) => v.trim()).filter((v) => v !== ""))].sort();
  return out.length ? out : undefined;
}

/** The wire name (PascalCase enum member, 3.5) of every number, or undefined when one cannot be named safely. */
function recordTypeNames(values: number[] | undefined): string[] | undefined {
  if (!values?.length) return undefined;
  const names: string[] = [];
  for (const value of values) {
    const known = RECORD_TYPES.find((t) => t.value === value);
    if (!known || NAME_DRIFT.has(value) || value >= DRIFT_FROM) return undefined;
    names.push(known.name);
  }
  return [...new Set(names)].sort();
}

export function mapFilters(filter: AuditFilter): MappedFilters {
  const body: QueryFilters = {};
  const server: string[] = [];
  const clientOnly: string[] = [];
  const caveats: string[] = [];
  const operations = cleaned(filter.operations);
  if (operations) {
    body.operationFilters = operations;
    server.push("operations");
  }
  // The service's Users filter is the acting user (backend "Users", 2.6); the feed filter also matches
  // MailboxOwnerUPN, which the service may not: said in coverage (caveats).
  const users = cleaned(filter.users);
  if (users) {
    body.userPrincipalNameFilters = users;
    server.push("users");
    caveats.push(
      "users: the audit search API matches the acting user; records that name the user only as MailboxOwnerUPN may be missing from history",
    );
  }
  const ips = cleaned(filter.clientIps?.map(normalizeIp));
  if (ips) {
    body.ipAddressFilters = ips;
    server.push("clientIps");
  }
  const types = recordTypeNames(filter.recordTypes);
  if (types) {
    body.recordTypeFilters = types;
    server.push("recordTypes");
  } else if (filter.recordTypes?.length) clientOnly.push("recordTypes");
  // Only the singular serviceFilter is proven to filter (1.2, 5): one workload goes to the service.
  const workloads = cleaned(filter.workloads);
  if (workloads?.length === 1) {
    body.serviceFilter = workloads[0];
    server.push("workloads");
  } else if (workloads) clientOnly.push("workloads");
  if (filter.resultStatus?.length) clientOnly.push("resultStatus");
  // keywordFilter is "free text to search non-indexed properties" (1.2): it may be narrower than "anywhere
  // in the record", which the client still checks.
  const keyword = filter.contains?.trim();
  if (keyword) {
    body.keywordFilter = keyword;
    server.push("contains");
    caveats.push(
      "contains: sent as keywordFilter, which Microsoft documents for non-indexed properties; history may miss records whose text is only in indexed fields",
    );
  }
  return { body, server, clientOnly, caveats };
}
