// The two Graph message-trace operations (o365-api.md 3.2): the list of traces with its $filter, $top and
// $skiptoken and the 10-day / 90-day / end <= now window rules, and getDetailsByRecipient.
import { nextPageQuery } from "../odata/next-page.js";
import type { EmuContext } from "../routing.js";
import type { EmuTrace } from "../tenant/types.js";
import { badRequest, GraphError } from "./errors.js";
import { type GraphClause, parseGraphFilter } from "./filter.js";
import {
  decodeSkipToken,
  encodeSkipToken,
  GRAPH_STATUS_VALUES,
  graphDetail,
  graphStatus,
  graphTraceRow,
  type ListCursor,
} from "./rows.js";

const DAY = 86_400_000;
// $format=json is undocumented here but production clients send it, so the service accepts it (o365-api.md 3.2).
const ALLOWED_OPTIONS = new Set(["$filter", "$top", "$skiptoken", "$format"]);

function queryOption(url: URL, name: string): string | undefined {
  for (const [key, value] of url.searchParams) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** The window from the receivedDateTime clauses, checked against o365-api.md 3.2's limits. */
function listWindow(clauses: GraphClause[], now: Date): { start: number; end: number } {
  const ge = clauses.filter((c) => c.kind === "received" && c.op === "ge");
  const le = clauses.filter((c) => c.kind === "received" && c.op === "le");
  if (ge.length === 0 && le.length === 0) return { start: now.getTime() - 2 * DAY, end: now.getTime() };
  if (ge.length !== 1 || le.length !== 1) {
    throw badRequest("Specify receivedDateTime with exactly one 'ge' and one 'le' bound.");
  }
  const start = (ge[0] as Extract<GraphClause, { kind: "received" }>).value.getTime();
  const end = (le[0] as Extract<GraphClause, { kind: "received" }>).value.getTime();
  if (start > end) throw badRequest("The start date must be earlier than the end date.");
  if (end - start > 10 * DAY) throw badRequest("The date range cannot exceed 10 days.");
  if (start < now.getTime() - 90 * DAY)
    throw badRequest("The start date cannot be more than 90 days in the past.");
  if (end > now.getTime()) throw badRequest("The end date cannot be later than the current date and time.");
  return { start, end };
}

function matches(row: EmuTrace, clause: GraphClause): boolean {
  const lower = (s: string | null): string => (s ?? "").toLowerCase();
  if (clause.kind === "received") return true;
  if (clause.kind === "subject") {
    const subject = lower(row.subject);
    const value = lower(clause.value);
    if (clause.fn === "contains") return subject.includes(value);
    return clause.fn === "startswith" ? subject.startsWith(value) : subject.endsWith(value);
  }
  const actual: Record<typeof clause.property, string> = {
    id: row.messageTraceId,
    messageId: row.messageId,
    senderAddress: row.senderAddress,
    recipientAddress: row.recipientAddress,
    fromIP: row.fromIP,
    toIP: row.toIP ?? "",
    status: graphStatus(row.status),
  };
  return lower(actual[clause.property]) === lower(clause.value);
}

export function listTraces(url: URL, ctx: EmuContext, includeUnknown: boolean): unknown {
  for (const [key] of url.searchParams) {
    if (key.startsWith("$") && !ALLOWED_OPTIONS.has(key.toLowerCase())) {
      throw badRequest(`Query option '${key}' is not supported on messageTraces.`);
    }
  }
  const format = queryOption(url, "$format");
  if (
    format !== undefined &&
    format.toLowerCase() !== "json" &&
    format.toLowerCase() !== "application/json"
  ) {
    throw badRequest(`Invalid $format value '${format}'; messageTraces answers JSON only.`);
  }
  const topText = queryOption(url, "$top");
  const top = topText === undefined ? 1000 : Number(topText);
  if (!/^\d+$/.test(topText ?? "1") || top < 1 || top > 5000) {
    throw badRequest(`Invalid value '${topText}' for $top; it must be an integer from 1 to 5000.`);
  }
  const filterText = queryOption(url, "$filter");
  const clauses = filterText?.trim() ? parseGraphFilter(filterText) : [];
  for (const c of clauses) {
    // Enum members compare case-insensitively (the beta docs returned "Delivered", o365-api.md 3.2).
    const isStatus = c.kind === "eq" && c.property === "status";
    if (isStatus && !GRAPH_STATUS_VALUES.some((s) => s.toLowerCase() === c.value.toLowerCase())) {
      throw badRequest(`The value '${c.value}' is not a valid exchangeMessageTraceStatus.`);
    }
  }
  const skipToken = queryOption(url, "$skiptoken");
  let cursor: ListCursor;
  if (skipToken !== undefined) {
    const decoded = decodeSkipToken(skipToken);
    if (!decoded) throw badRequest("The $skiptoken is invalid or has expired.");
    cursor = decoded;
  } else {
    cursor = { offset: 0, ...listWindow(clauses, ctx.now()) };
  }
  const hits: EmuTrace[] = [];
  const traces = ctx.tenant.traces;
  // Newest first, as message trace lists them.
  for (let i = traces.length - 1; i >= 0; i--) {
    const row = traces[i];
    const t = row.received.getTime();
    if (t < cursor.start || t > cursor.end) continue;
    if (clauses.every((c) => matches(row, c))) hits.push(row);
  }
  const page = hits.slice(cursor.offset, cursor.offset + top);
  const body: Record<string, unknown> = {
    "@odata.context": `${ctx.origins.graph}/v1.0/$metadata#admin/exchange/tracing/messageTraces`,
    value: page.map((row) => graphTraceRow(row, includeUnknown)),
  };
  if (cursor.offset + top < hits.length) {
    // Graph keeps the caller's query in nextLink.
    const next = encodeSkipToken({ ...cursor, offset: cursor.offset + top });
    body["@odata.nextLink"] = `${ctx.origins.graph}${url.pathname}?${nextPageQuery(url, next, true)}`;
  }
  return body;
}

export function traceDetails(id: string, argument: string, ctx: EmuContext): unknown {
  const match = /^\s*recipientAddress\s*=\s*'((?:[^']|'')*)'\s*$/i.exec(argument);
  if (!match)
    throw badRequest("The function getDetailsByRecipient requires the parameter 'recipientAddress'.");
  const recipient = match[1].replace(/''/g, "'").toLowerCase();
  const traceId = id.replace(/^'|'$/g, "").toLowerCase();
  const rows = ctx.tenant.traces.filter((r) => r.messageTraceId.toLowerCase() === traceId);
  if (rows.length === 0)
    throw new GraphError(404, "ResourceNotFound", `Message trace '${traceId}' was not found.`);
  const row = rows.find((r) => r.recipientAddress.toLowerCase() === recipient);
  return {
    "@odata.context": `${ctx.origins.graph}/v1.0/$metadata#Collection(microsoft.graph.exchangeMessageTraceDetail)`,
    value: row ? row.details.map((d, i) => graphDetail(row, d, i)) : [],
  };
}
