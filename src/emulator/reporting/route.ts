// Legacy Exchange Online Reporting Web Service: MessageTrace and MessageTraceDetail (o365-api.md 2):
// OData $filter/$select/$orderby/$top/$skiptoken, verbose JSON, JSON light and Atom, the 48-hour default
// window, 30 days of data, the IIS 401 page, the "No permission" 403 and the new-tenant switch.
import { grantedPermissions } from "../entra/access-token.js";
import { ODataSyntaxError } from "../odata/lexer.js";
import type { EmuContext, EmuRequest, EmuResponse, RouteHandler } from "../routing.js";
import { parseReportingFilter, type ReportingClause } from "./filter.js";
import { type LegacyFormat, type PageView, renderAtom, renderLight, renderVerbose } from "./format.js";
import { type LegacyRow, type ReportDefinition, reportByName, sortRows } from "./rows.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Server page size; `$skiptoken=1999` in the wild suggests 2,000 rows (UNCONFIRMED, o365-api.md 2.3). */
export const REPORTING_PAGE_SIZE = 2000;
const ROUTE = /^\/ecp\/reportingwebservice\/reporting\.svc\/([^/?]+)\/?$/i;
const OPTIONS = new Set(["$filter", "$select", "$orderby", "$top", "$skiptoken", "$format"]);
const PERMISSIONS = ["ReportingWebService.Read.All", "ReportingWebService.Read"];

const IIS_401 = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>401 - Unauthorized: Access is denied due to invalid credentials.</title>
</head>
<body>
<div id="header"><h1>Server Error</h1></div>
<div id="content">
 <div class="content-container"><fieldset>
  <h2>401 - Unauthorized: Access is denied due to invalid credentials.</h2>
  <h3>You do not have permission to view this directory or page using the credentials that you supplied.</h3>
 </fieldset></div>
</div>
</body>
</html>
`;

class ReportingError extends Error {
  constructor(
    readonly response: EmuResponse,
    message = "",
  ) {
    super(message);
  }
}

function json(status: number, value: unknown): EmuResponse {
  return {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8" },
    body: JSON.stringify(value),
  };
}

/** The service's own fault shape, OBSERVED on 403 (o365-api.md 2.2, 2.8). */
const fault = (status: number, message: string): ReportingError =>
  new ReportingError(json(status, { ErrorCode: "", Message: message }));

/** WCF Data Services' error for bad OData (field names UNCONFIRMED for this service, o365-api.md 2.8). */
const badRequest = (message: string): ReportingError =>
  new ReportingError(json(400, { error: { code: "", message: { lang: "en-US", value: message } } }), message);

function admit(req: EmuRequest, ctx: EmuContext): void {
  const check = ctx.checkToken(req, ctx.origins.reporting);
  if (!check.ok || check.claims.tid !== ctx.tenant.tenantId) {
    throw new ReportingError({
      status: 401,
      headers: {
        "Content-Type": "text/html",
        "WWW-Authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/common"',
      },
      body: IIS_401,
    });
  }
  if (!ctx.options.legacyReportingAvailable) {
    // New Exchange Online organizations never had message trace here (o365-api.md 2.9). The real answer is
    // UNCONFIRMED: we use the 403 a caller gets for a report it may not see (2.8), in the observed JSON shape.
    throw fault(
      403,
      "The MessageTrace and MessageTraceDetail reports are not available to this organization in the Reporting Web Service; they are deprecated. Use the Microsoft Graph message trace API (admin/exchange/tracing/messageTraces).",
    );
  }
  const granted = grantedPermissions(check.claims);
  const wids = Array.isArray(check.claims.wids) ? check.claims.wids : [];
  const permitted = PERMISSIONS.some((p) => granted.includes(p));
  // Both the API permission and an admin directory role are needed (o365-api.md 2.2).
  if (!permitted || wids.length === 0)
    throw fault(403, "No permission to access the report for the organization .");
}

function chooseFormat(req: EmuRequest): LegacyFormat {
  const format = req.url.searchParams.get("$format");
  if (format !== null) {
    if (format.toLowerCase() === "json") return "verbose";
    if (format.toLowerCase() === "atom" || format.toLowerCase() === "xml") return "atom";
    throw badRequest(`The $format query option value '${format}' is not supported.`);
  }
  const accept = String(req.headers.accept ?? "").toLowerCase();
  if (accept.includes("odata=verbose")) return "verbose";
  return accept.includes("application/json") ? "light" : "atom";
}

function checkVersion(req: EmuRequest): void {
  const version = req.headers["x-rws-version"] ?? req.url.searchParams.get("rws-version");
  if (version !== undefined && version !== null && String(version).toLowerCase() !== "2013-v1") {
    throw new ReportingError({
      status: 400,
      headers: { "Content-Type": "application/xml; charset=utf-8" },
      body: '<?xml version="1.0" encoding="utf-8"?><ServiceFault xmlns="http://schemas.microsoft.com/exchange/services/2006/errors"><Message>The version specified in the request is unsupported.</Message></ServiceFault>',
    });
  }
}

function integerOption(url: URL, name: string): number | undefined {
  const text = url.searchParams.get(name);
  if (text === null) return undefined;
  if (!/^\d+$/.test(text.trim())) throw badRequest(`The value '${text}' of ${name} is not a valid integer.`);
  return Number(text);
}

function fieldList(report: ReportDefinition, text: string | null, what: string): string[] {
  if (text === null || text.trim() === "" || text.trim() === "*") return report.order;
  return text.split(",").map((part) => {
    const field = part.trim();
    if (!Object.hasOwn(report.fields, field))
      throw badRequest(`No property '${field}' exists in type 'TenantReporting.${report.name}' (${what}).`);
    return field;
  });
}

function orderTerms(report: ReportDefinition, text: string | null): Array<{ field: string; desc: boolean }> {
  if (text === null || text.trim() === "") return [report.defaultOrderBy];
  return text.split(",").map((part) => {
    const match = /^\s*(\w+)(?:\s+(asc|desc))?\s*$/.exec(part);
    if (!match) throw badRequest(`Syntax error in $orderby at '${part.trim()}'.`);
    fieldList(report, match[1], "$orderby");
    return { field: match[1], desc: match[2] === "desc" };
  });
}

/** StartDate/EndDate set the window: both or neither, within the last 30 days (o365-api.md 2.3, 2.7). */
function reportWindow(clauses: ReportingClause[], now: Date): { start: Date; end: Date } {
  const start = clauses.filter((c) => c.field === "StartDate");
  const end = clauses.filter((c) => c.field === "EndDate");
  if (start.length === 0 && end.length === 0) return { start: new Date(now.getTime() - 2 * DAY), end: now };
  if (start.length !== 1 || end.length !== 1) {
    throw badRequest("Both StartDate and EndDate must be specified, once each, when either is used.");
  }
  const window = { start: start[0].value as Date, end: end[0].value as Date };
  if (window.start.getTime() > window.end.getTime())
    throw badRequest("StartDate must be earlier than EndDate.");
  if (window.start.getTime() < now.getTime() - 30 * DAY) {
    throw badRequest("StartDate is out of range: message trace data is available for the last 30 days only.");
  }
  return window;
}

function matches(row: LegacyRow, clause: ReportingClause): boolean {
  const actual = row[clause.field];
  if (clause.value instanceof Date)
    return actual instanceof Date && actual.getTime() === clause.value.getTime();
  return String(actual ?? "").toLowerCase() === clause.value.toLowerCase();
}

/** The request's query without $skiptoken, re-encoded, plus the new one. */
function nextQuery(url: URL, skipToken: number): string {
  const parts: string[] = [];
  for (const [key, value] of url.searchParams) {
    if (key === "$skiptoken") continue;
    parts.push(`${encodeURIComponent(key).replace(/%24/g, "$")}=${encodeURIComponent(value)}`);
  }
  parts.push(`$skiptoken=${skipToken}`);
  return parts.join("&");
}

function runReport(
  req: EmuRequest,
  ctx: EmuContext,
  report: ReportDefinition,
  format: LegacyFormat,
): EmuResponse {
  const url = req.url;
  for (const [key] of url.searchParams) {
    if (key.startsWith("$") && !OPTIONS.has(key))
      throw badRequest(`The query parameter '${key}' is not supported.`);
  }
  const filterText = url.searchParams.get("$filter");
  const clauses = filterText?.trim() ? parseReportingFilter(filterText, report.fields) : [];
  if (clauses.some((c) => c.field === "Index")) throw badRequest("Index cannot be used in $filter.");
  const window = reportWindow(clauses, ctx.now());
  const fields = fieldList(report, url.searchParams.get("$select"), "$select");
  const order = orderTerms(report, url.searchParams.get("$orderby"));
  const top = integerOption(url, "$top");
  const skipToken = integerOption(url, "$skiptoken");

  const rowFilters = clauses.filter((c) => c.field !== "StartDate" && c.field !== "EndDate");
  const rows = sortRows(
    report.rows(ctx.tenant.traces, window).filter((row) => rowFilters.every((c) => matches(row, c))),
    order,
  );
  // $skiptoken is the Index of the last row already returned; $top caps the whole result.
  const from = skipToken === undefined ? 0 : skipToken + 1;
  const limit = Math.min(rows.length, top ?? rows.length);
  const to = Math.min(limit, from + REPORTING_PAGE_SIZE);
  const view: PageView = {
    report,
    serviceRoot: `${ctx.origins.reporting}/ecp/ReportingWebService/Reporting.svc`,
    rows: rows.slice(from, to).map((row, i) => ({ index: from + i, row })),
    fields,
    nextQuery: to < limit ? nextQuery(url, to - 1) : undefined,
  };
  if (format === "verbose") {
    return {
      status: 200,
      headers: { "Content-Type": "application/json;odata=verbose;charset=utf-8", DataServiceVersion: "2.0;" },
      body: renderVerbose(view),
    };
  }
  if (format === "light") {
    return {
      status: 200,
      headers: {
        "Content-Type": "application/json;odata=minimalmetadata;streaming=true;charset=utf-8",
        DataServiceVersion: "3.0;",
      },
      body: renderLight(view),
    };
  }
  return {
    status: 200,
    headers: { "Content-Type": "application/atom+xml;type=feed;charset=utf-8", DataServiceVersion: "2.0;" },
    body: renderAtom(view, ctx.now()),
  };
}

export const handleReporting: RouteHandler = async (req, ctx) => {
  try {
    const route = ROUTE.exec(req.url.pathname);
    admit(req, ctx);
    const report = route ? reportByName(route[1]) : undefined;
    // An unknown report is 404 (o365-api.md 2.8).
    if (!report) throw fault(404, `The report '${route?.[1] ?? req.url.pathname}' was not found.`);
    if (req.method !== "GET") throw fault(405, "The HTTP method is not allowed.");
    checkVersion(req);
    return runReport(req, ctx, report, chooseFormat(req));
  } catch (err) {
    if (err instanceof ODataSyntaxError) return badRequest(err.message).response;
    if (err instanceof ReportingError) return err.response;
    throw err;
  }
};
