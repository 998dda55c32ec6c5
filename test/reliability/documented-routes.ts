// What the client may send to each emulated service: the documented routes (o365-api.md 1.x Management
// Activity API, 2.x legacy Reporting Web Service, 3.x Graph message trace, 4.x token endpoint), their query
// options, and $filter strings whose only quotes are those of well-formed OData string literals.
import type { RecordedRequest } from "../../src/emulator/types.js";

const CONTENT_TYPES = [
  "Audit.AzureActiveDirectory",
  "Audit.Exchange",
  "Audit.SharePoint",
  "Audit.General",
  "DLP.All",
];

const QUERY_KEYS: Record<string, string[]> = {
  token: ["client-request-id"],
  management: ["PublisherIdentifier", "contentType", "startTime", "endTime", "nextPage"],
  content: ["PublisherIdentifier"],
  graph: ["$filter", "$top", "$skiptoken"],
  reporting: ["$filter", "$format", "$top", "$orderby", "$select", "$skiptoken"],
  auditsearch: ["$top", "$skiptoken"],
};

/** A string literal of OData: quotes inside are doubled. */
const LITERAL = /'(?:[^']|'')*'/g;

/** Undefined when the $filter's structure is only what a filter builder makes; otherwise the problem. */
export function filterProblem(filter: string): string | undefined {
  const skeleton = filter.replace(LITERAL, "''");
  const outside = skeleton.replace(/''/g, "");
  if (outside.includes("'")) return "unbalanced quote outside a string literal";
  if (!/^[A-Za-z0-9_ ().,:+\-/]*$/.test(outside))
    return `unexpected characters outside literals: ${skeleton}`;
  if (/\b1 eq 1\b|'' eq ''/.test(skeleton)) return "injected tautology";
  return undefined;
}

function pathProblem(r: RecordedRequest, tenantId: string): string | undefined {
  const feed = `/api/v1.0/${tenantId}/activity/feed`;
  const is = (method: string, re: RegExp) => r.method === method && re.test(r.path);
  switch (r.route) {
    case "token":
      return is("POST", new RegExp(`^/${tenantId}/oauth2/v2\\.0/token$`))
        ? undefined
        : "not the token endpoint";
    case "management":
      return is("GET", new RegExp(`^${feed}/subscriptions/(list|content|notifications)$`)) ||
        is("POST", new RegExp(`^${feed}/subscriptions/(start|stop)$`))
        ? undefined
        : "not a documented Management API operation";
    case "content": {
      const m = new RegExp(`^${feed}/audit/([^/]+)$`).exec(r.path);
      if (r.method !== "GET" || !m) return "not a content blob URI";
      // An id that a server could decode into another path (encoded slash, backslash or dot-dot).
      if (/%2f|%5c|\.\.|%2e%2e/i.test(m[1])) return "blob id that could traverse the path";
      return undefined;
    }
    case "graph": {
      if (is("GET", /^\/v1\.0\/admin\/exchange\/tracing\/messageTraces$/)) return undefined;
      const m =
        /^\/v1\.0\/admin\/exchange\/tracing\/messageTraces\/([0-9a-fA-F-]{36})\/getDetailsByRecipient\(recipientAddress='(.*)'\)$/.exec(
          r.path,
        );
      if (r.method !== "GET" || !m) return "not a documented Graph message trace route";
      const address = decodeURIComponent(m[2]);
      if (/(?<!')'(?!')/.test(address.replace(/''/g, ""))) return "unescaped quote in recipientAddress";
      return undefined;
    }
    // The Purview audit search API (audit-search-api.md 1.1): list/create, get, records.
    case "auditsearch":
      return is("GET", /^\/(v1\.0|beta)\/security\/auditLog\/queries(\/[0-9a-fA-F-]{36}(\/records)?)?$/) ||
        is("POST", /^\/(v1\.0|beta)\/security\/auditLog\/queries$/)
        ? undefined
        : "not a documented audit search API operation";
    case "reporting":
      return is("GET", /^\/ecp\/reportingwebservice\/reporting\.svc\/(MessageTrace|MessageTraceDetail)$/)
        ? undefined
        : "not a Reporting Web Service report";
    default:
      return `unknown route ${r.route}`;
  }
}

/**
 * Problems with one recorded request: off the documented routes, an unknown query option, a content type that
 * is not one, or an injected $filter (unless the caller passed the raw $filter on purpose).
 */
export function requestProblems(r: RecordedRequest, tenantId: string, rawFilterPassed: boolean): string[] {
  const problems: string[] = [];
  const where = `${r.method} ${r.path}`;
  const path = pathProblem(r, tenantId);
  if (path) problems.push(`${where}: ${path}`);
  const allowed = QUERY_KEYS[r.route] ?? [];
  for (const key of Object.keys(r.query)) {
    if (!allowed.includes(key)) problems.push(`${where}: unexpected query option ${JSON.stringify(key)}`);
  }
  const ct = r.query.contentType;
  if (ct !== undefined && !CONTENT_TYPES.includes(ct))
    problems.push(`${where}: contentType ${JSON.stringify(ct)}`);
  const filter = r.query.$filter;
  if (filter !== undefined && !(rawFilterPassed && r.route === "reporting")) {
    const problem = filterProblem(filter);
    if (problem) problems.push(`${where}: $filter ${problem}: ${filter.slice(0, 300)}`);
  }
  return problems;
}
