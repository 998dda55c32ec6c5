// One report query (o365-api.md 2.3 to 2.7): the OData options $filter/$select/$orderby/$top/$skiptoken,
// the 48-hour default window within 30 days of data, server paging and the chosen wire format.
import { nextPageQuery } from "../odata/next-page.js";
import type { EmuContext, EmuRequest, EmuResponse } from "../routing.js";
import { badRequest } from "./errors.js";
import type { ReportingClause } from "./filter.js";
import { parseReportingFilter } from "./filter.js";
import { type LegacyFormat, type PageView, renderAtom, renderLight, renderVerbose } from "./format.js";
import { type LegacyRow, type ReportDefinition, sortRows } from "./rows.js";

const DAY = 86_400_000;
/** Server page size; `$skiptoken=1999` in the wild suggests 2,000 rows (UNCONFIRMED, o365-api.md 2.3). */
export const REPORTING_PAGE_SIZE = 2000;
const OPTIONS = new Set(["$filter", "$select", "$orderby", "$top", "$skiptoken", "$format"]);

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

export function runReport(
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
    nextQuery: to < limit ? nextPageQuery(url, String(to - 1), false) : undefined,
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
