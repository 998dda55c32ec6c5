// Wire formats of the Reporting Web Service (o365-api.md 2.4): OData v2 verbose JSON ($format=json),
// OData v3 JSON light (Accept: application/json) and the Atom XML default.
import type { LegacyRow, ReportDefinition } from "./rows.js";

export type LegacyFormat = "verbose" | "light" | "atom";

export interface PageView {
  report: ReportDefinition;
  /** https://host/ecp/ReportingWebService/Reporting.svc (the casing responses use). */
  serviceRoot: string;
  rows: Array<{ index: number; row: LegacyRow }>;
  fields: string[];
  /** Query string (without "?") of the next page, or undefined on the last page. */
  nextQuery?: string;
}

/** JSON light writes Edm.DateTime without an offset (WCF behaviour; exact format UNCONFIRMED). */
function lightDate(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith(".000Z") ? iso.slice(0, 19) : iso.slice(0, 23);
}

function project(
  row: LegacyRow,
  index: number,
  fields: string[],
  date: (d: Date) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = field === "Index" ? index : row[field];
    out[field] = value instanceof Date ? date(value) : (value ?? null);
  }
  return out;
}

export function renderVerbose(view: PageView): string {
  const results = view.rows.map(({ index, row }) => {
    const uri = `${view.serviceRoot}/${view.report.name}(${index})`;
    return {
      __metadata: { id: uri, uri, type: `TenantReporting.${view.report.name}` },
      ...project(row, index, view.fields, (d) => `/Date(${d.getTime()})/`),
    };
  });
  const d: Record<string, unknown> = { results };
  if (view.nextQuery) d.__next = `${view.serviceRoot}/${view.report.name}?${view.nextQuery}`;
  // MS-JSON escapes the slashes of dates: "\/Date(1659020996164)\/".
  return JSON.stringify({ d }).replace(/"\/Date\((-?\d+)\)\/"/g, '"\\/Date($1)\\/"');
}

export function renderLight(view: PageView): string {
  const body: Record<string, unknown> = {
    "odata.metadata": `${view.serviceRoot}/$metadata#${view.report.name}`,
    value: view.rows.map(({ index, row }) => project(row, index, view.fields, lightDate)),
  };
  // Relative to the request URL, as the service writes it (o365-api.md 2.4 b).
  if (view.nextQuery)
    body["odata.nextLink"] = `../../ReportingWebService/Reporting.svc/${view.report.name}?${view.nextQuery}`;
  return JSON.stringify(body);
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function atomProperty(report: ReportDefinition, field: string, value: unknown): string {
  if (value === null || value === undefined) return `<d:${field} m:null="true" />`;
  const type = report.fields[field];
  const edm = { datetime: "Edm.DateTime", guid: "Edm.Guid", int: "Edm.Int32", string: "" }[type ?? "string"];
  const attr = edm ? ` m:type="${edm}"` : "";
  return `<d:${field}${attr}>${xmlEscape(String(value))}</d:${field}>`;
}

export function renderAtom(view: PageView, now: Date): string {
  const updated = now.toISOString();
  const name = view.report.name;
  const entries = view.rows.map(({ index, row }) => {
    const props = project(row, index, view.fields, lightDate);
    return [
      `<entry><id>${view.serviceRoot}/${name}(${index})</id>`,
      `<category term="TenantReporting.${name}" scheme="http://schemas.microsoft.com/ado/2007/08/dataservices/scheme" />`,
      `<link rel="edit" title="${name}" href="${name}(${index})" /><title /><updated>${updated}</updated><author><name /></author>`,
      `<content type="application/xml"><m:properties>`,
      ...Object.entries(props).map(([field, value]) => atomProperty(view.report, field, value)),
      `</m:properties></content></entry>`,
    ].join("");
  });
  const next = view.nextQuery
    ? `<link rel="next" href="${xmlEscape(`${view.serviceRoot}/${name}?${view.nextQuery}`)}" />`
    : "";
  return [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xml:base="${view.serviceRoot}/" xmlns="http://www.w3.org/2005/Atom" xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">`,
    `<id>${view.serviceRoot}/${name}</id><title type="text">${name}</title><updated>${updated}</updated>`,
    `<link rel="self" title="${name}" href="${name}" />`,
    ...entries,
    next,
    `</feed>`,
  ].join("");
}
