// Which records a query's filters select (audit-search-api.md 1.2, backend field names from 2.6): every
// given filter must match (AND), any value of a list may (OR); string matching ignores case (the
// lowercase operation names that worked in 1.2). The window is half-open, [start, end): whether the end is
// inclusive is UNCONFIRMED (7.12) and half-open keeps a window split in two from counting a record twice.
import type { QueryFilters } from "./query-body.js";

type ClassicRecord = Record<string, unknown>;

/** The content types a query needs to scan: a service filter narrows them (the feed's workloads). */
const CONTENT_TYPES_BY_SERVICE: Record<string, string[]> = {
  azureactivedirectory: ["Audit.AzureActiveDirectory"],
  exchange: ["Audit.Exchange", "DLP.All"],
  sharepoint: ["Audit.SharePoint", "DLP.All"],
  onedrive: ["Audit.SharePoint", "DLP.All"],
};

export function contentTypesFor(filters: QueryFilters, all: readonly string[]): string[] {
  const services = serviceValues(filters);
  if (services.length === 0) return [...all];
  const wanted = new Set<string>();
  for (const s of services) for (const ct of CONTENT_TYPES_BY_SERVICE[s] ?? all) wanted.add(ct);
  return all.filter((ct) => wanted.has(ct));
}

function serviceValues(filters: QueryFilters): string[] {
  const values = [...filters.serviceFilters];
  if (filters.serviceFilter) values.push(filters.serviceFilter);
  return values.map((v) => v.toLowerCase());
}

const lower = (v: unknown): string => (typeof v === "string" ? v.toLowerCase() : "");

/** An IP as the feed writes it may carry a port ("1.2.3.4:5678", "[2001:db8::1]:443"); compare the address. */
function bareIp(value: unknown): string {
  const text = lower(value);
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) return bracketed[1];
  const v4 = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(text);
  return v4 ? v4[1] : text;
}

/** Builds the predicate once per query; `text` is the record's JSON (for keywordFilter's free text). */
export function recordMatcher(filters: QueryFilters): (record: ClassicRecord, text: () => string) => boolean {
  const set = (values: string[]): Set<string> => new Set(values.map((v) => v.toLowerCase()));
  const recordTypes = new Set(filters.recordTypes);
  const services = new Set(serviceValues(filters));
  const operations = set(filters.operationFilters);
  const users = set(filters.userPrincipalNameFilters);
  const ips = new Set(filters.ipAddressFilters.map(bareIp));
  // A trailing * is a prefix match (one client sends "{site}*" for SharePoint URLs, 1.2; UNCONFIRMED).
  const objectIds = filters.objectIdFilters.map((v) => v.toLowerCase());
  const units = set(filters.administrativeUnitIdFilters);
  const keyword = filters.keywordFilter ? filters.keywordFilter.toLowerCase() : "";
  return (record, text) => {
    if (recordTypes.size > 0 && !recordTypes.has(Number(record.RecordType))) return false;
    if (services.size > 0 && !services.has(lower(record.Workload))) return false;
    if (operations.size > 0 && !operations.has(lower(record.Operation))) return false;
    if (users.size > 0 && !users.has(lower(record.UserId))) return false;
    // Directory audit records keep ClientIP null and the address in ActorIpAddress (records/entra.ts).
    if (ips.size > 0 && !ips.has(bareIp(record.ClientIP)) && !ips.has(bareIp(record.ActorIpAddress)))
      return false;
    if (objectIds.length > 0) {
      const id = lower(record.ObjectId);
      const hit = objectIds.some((f) => (f.endsWith("*") ? id.startsWith(f.slice(0, -1)) : id === f));
      if (!hit) return false;
    }
    if (units.size > 0) {
      const tagged = Array.isArray(record.AssociatedAdminUnits) ? record.AssociatedAdminUnits : [];
      if (!tagged.some((u) => units.has(lower(u)))) return false;
    }
    if (keyword && !text().toLowerCase().includes(keyword)) return false;
    return true;
  };
}
