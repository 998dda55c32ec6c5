// Legacy Exchange Online Reporting Web Service backend (o365-api.md section 2): MessageTrace and
// MessageTraceDetail with OData v2 $filter (eq/and only), $format=json and X-RWS-Version 2013-V1.
import { O365Error } from "../errors.js";
import { createPageGuard } from "../http/page-guard.js";
import type { CallOptions } from "../http/types.js";
import { type BackendDeps, sortByDate } from "./backend.js";
import { legacyDetailEvent, legacyRow, parseLegacyBody } from "./legacy-rows.js";
import { followPagingLink } from "./links.js";
import { andAll, odataDateTime, odataGuid, odataString } from "./odata.js";
import { normalizeStatus } from "./status.js";
import { resolveTraceWindow } from "./trace-window.js";
import type {
  LegacyODataQuery,
  MessageTraceDetailEvent,
  MessageTraceQuery,
  MessageTraceRow,
} from "./types.js";

const RWS_HEADERS = { "X-RWS-Version": "2013-V1" };
/** One delivery's events fit a page or two; more pages than this is a link gone wrong. */
const MAX_DETAIL_PAGES = 20;
/** Detail lookups cover more than the 48 h default so an older message is still found. */
const DETAIL_DEFAULT_HOURS = 10 * 24;

function reportingUrl(deps: BackendDeps): string {
  const url = deps.config.endpoints.reportingUrl;
  if (url === undefined) {
    throw new O365Error({
      api: "config",
      code: "REPORTING_UNAVAILABLE",
      message: "No Reporting Web Service URL is configured for this cloud.",
      hint: "Set O365_REPORTING_URL, or use the Graph backend.",
    });
  }
  return url.replace(/\/+$/, "");
}

function reportUrl(deps: BackendDeps, report: "MessageTrace" | "MessageTraceDetail"): string {
  return `${reportingUrl(deps)}/ecp/reportingwebservice/reporting.svc/${report}`;
}

/** Recalled exists in Graph's enum only (o365-api.md 2.6, 3.2). */
function legacyStatus(value: string): string {
  const status = normalizeStatus(value);
  if (status === "Recalled") {
    throw new O365Error({
      api: "input",
      code: "INVALID_STATUS",
      message: 'The legacy Reporting Web Service has no "Recalled" status.',
      hint: 'Use the Graph backend (backend "graph") for recalled messages, or leave status out.',
    });
  }
  return status;
}

/** $filter for the structured query. The service documents eq/and on its fields and no substring
 * functions (o365-api.md 2.3), so the subject filter runs here on the returned rows (matchesLocally). */
function buildLegacyFilter(query: MessageTraceQuery, now: Date): string {
  const { start, end } = resolveTraceWindow(query.startTime, query.endTime, now, { lookbackDays: 30 });
  const clauses = [`StartDate eq ${odataDateTime(start)}`, `EndDate eq ${odataDateTime(end)}`];
  if (query.senderAddress)
    clauses.push(`SenderAddress eq ${odataString(query.senderAddress, "senderAddress")}`);
  if (query.recipientAddress) {
    clauses.push(`RecipientAddress eq ${odataString(query.recipientAddress, "recipientAddress")}`);
  }
  if (query.messageTraceId)
    clauses.push(`MessageTraceId eq ${odataGuid(query.messageTraceId, "messageTraceId")}`);
  if (query.messageId) clauses.push(`MessageId eq ${odataString(query.messageId, "messageId")}`);
  if (query.status) clauses.push(`Status eq ${odataString(legacyStatus(query.status), "status")}`);
  if (query.fromIP) clauses.push(`FromIP eq ${odataString(query.fromIP, "fromIP")}`);
  if (query.toIP) clauses.push(`ToIP eq ${odataString(query.toIP, "toIP")}`);
  return andAll(clauses);
}

/** The filters applied to the returned rows: subject (which the service cannot do) and, defensively, the
 * eq filters whose support on the real service is UNCONFIRMED (IPs, status). */
function matchesLocally(row: MessageTraceRow, query: MessageTraceQuery): boolean {
  const same = (a: string | null, b: string) => (a ?? "").toLowerCase() === b.toLowerCase();
  if (query.fromIP && !same(row.fromIP, query.fromIP)) return false;
  if (query.toIP && !same(row.toIP, query.toIP)) return false;
  if (query.status && row.status && !same(row.status, normalizeStatus(query.status))) return false;
  if (query.subject) {
    const subject = (row.subject ?? "").toLowerCase();
    const wanted = query.subject.toLowerCase();
    const mode = query.subjectFilter ?? "contains";
    if (mode === "contains" && !subject.includes(wanted)) return false;
    if (mode === "startsWith" && !subject.startsWith(wanted)) return false;
    if (mode === "endsWith" && !subject.endsWith(wanted)) return false;
  }
  return true;
}

/** The seed's raw OData options, passed through; only JSON output can be read back. */
function rawOptions(odata: LegacyODataQuery): Record<string, string | undefined> {
  if (odata.$format !== undefined && !/^json$/i.test(odata.$format.trim())) {
    throw new O365Error({
      api: "input",
      code: "INVALID_FORMAT",
      message: `$format "${odata.$format.slice(0, 20)}" is not supported; results are read as JSON.`,
      hint: "Leave $format out or set it to json.",
    });
  }
  if (odata.$top !== undefined && !(Number.isInteger(odata.$top) && odata.$top > 0)) {
    throw new O365Error({
      api: "input",
      code: "INVALID_TOP",
      message: "$top must be a positive whole number.",
      hint: "Give $top like 100, or leave it out.",
    });
  }
  return {
    $filter: odata.$filter || undefined,
    $select: odata.$select || undefined,
    $orderby: odata.$orderby || undefined,
    $top: odata.$top === undefined ? undefined : String(odata.$top),
    $format: odata.$format?.trim() || "json",
  };
}

export async function reportingTracePage(
  deps: BackendDeps,
  req: { query?: MessageTraceQuery; odata?: LegacyODataQuery; nextPageUri?: string },
  opts?: CallOptions,
): Promise<{ rows: MessageTraceRow[]; scanned: number; nextPageUri?: string }> {
  const query = req.query ?? {};
  let url: string;
  let params: Record<string, string | undefined> | undefined;
  if (req.nextPageUri !== undefined) {
    url = followPagingLink(deps, req.nextPageUri, "reporting", "nextPageUri");
  } else if (req.odata !== undefined) {
    url = reportUrl(deps, "MessageTrace");
    params = rawOptions(req.odata);
  } else {
    url = reportUrl(deps, "MessageTrace");
    params = {
      $filter: buildLegacyFilter(query, deps.now()),
      $top: query.top === undefined ? undefined : String(Math.max(1, Math.floor(query.top))),
      $format: "json",
    };
  }
  const { entities, next } = await legacyPage(deps, url, params, opts);
  const rows = entities.map(legacyRow).filter((row) => req.odata !== undefined || matchesLocally(row, query));
  const scanned = entities.length;
  return next === undefined ? { rows, scanned } : { rows, scanned, nextPageUri: next };
}

/** One GET of a report page: its entities and the allowlist-checked next link, if any. */
async function legacyPage(
  deps: BackendDeps,
  url: string,
  params: Record<string, string | undefined> | undefined,
  opts?: CallOptions,
): Promise<{ entities: ReturnType<typeof parseLegacyBody>["entities"]; next?: string }> {
  const res = await deps.http.request({
    api: "reporting",
    method: "GET",
    url,
    query: params,
    headers: RWS_HEADERS,
    signal: opts?.signal,
    onEvent: opts?.onEvent,
  });
  const { entities, next } = parseLegacyBody(res.body, reportingUrl(deps));
  if (!next) return { entities };
  return {
    entities,
    next: followPagingLink(deps, next, "reporting", "The next-page link returned by the service"),
  };
}

export async function reportingDetail(
  deps: BackendDeps,
  req: {
    messageTraceId: string;
    recipientAddress: string;
    senderAddress?: string;
    startTime?: string;
    endTime?: string;
  },
  opts?: CallOptions,
): Promise<MessageTraceDetailEvent[]> {
  const { start, end } = resolveTraceWindow(req.startTime, req.endTime, deps.now(), {
    lookbackDays: 30,
    defaultHours: DETAIL_DEFAULT_HOURS,
  });
  const clauses = [
    `MessageTraceId eq ${odataGuid(req.messageTraceId, "messageTraceId")}`,
    `RecipientAddress eq ${odataString(req.recipientAddress, "recipientAddress")}`,
  ];
  if (req.senderAddress) clauses.push(`SenderAddress eq ${odataString(req.senderAddress, "senderAddress")}`);
  clauses.push(`StartDate eq ${odataDateTime(start)}`, `EndDate eq ${odataDateTime(end)}`);
  let url: string | undefined = reportUrl(deps, "MessageTraceDetail");
  let params: Record<string, string> | undefined = { $filter: andAll(clauses), $format: "json" };
  const events: MessageTraceDetailEvent[] = [];
  const guard = createPageGuard("reporting", "MessageTraceDetail paging", { maxPages: MAX_DETAIL_PAGES });
  while (url !== undefined) {
    const { entities, next } = await legacyPage(deps, url, params, opts);
    events.push(...entities.map(legacyDetailEvent));
    if (next !== undefined) guard.follow(next, entities.length);
    url = next;
    params = undefined;
  }
  return sortByDate(events);
}
