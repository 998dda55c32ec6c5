// Graph v1.0 message trace backend (o365-api.md 3.2): list with $filter/$top and @odata.nextLink,
// details through the getDetailsByRecipient function.
import { z } from "zod";
import type { Config } from "../config/types.js";
import { O365Error } from "../errors.js";
import { createPageGuard } from "../http/page-guard.js";
import { parseBody } from "../http/response-body.js";
import type { ApiResponse, CallOptions } from "../http/types.js";
import { type BackendDeps, sortByDate } from "./backend.js";
import { decodeDetailData } from "./detail-data.js";
import { followPagingLink } from "./links.js";
import { andAll, assertGuid, isoSeconds, odataString } from "./odata.js";
import { isoFromService } from "./service-time.js";
import { graphStatus, normalizeStatus, statusFromService } from "./status.js";
import { resolveTraceWindow } from "./trace-window.js";
import type { MessageTraceDetailEvent, MessageTraceQuery, MessageTraceRow } from "./types.js";

const MAX_TOP = 5000;
/** Kept from Graph's "now" and its 90-day edge: our clock may run ahead of Graph's (o365-api.md 3.2). */
export const CLOCK_SKEW_MARGIN_MS = 2 * 60_000;
/** One delivery's events fit a page or two; more pages than this is a link gone wrong. */
const MAX_DETAIL_PAGES = 20;

const graphRowSchema = z.object({
  id: z.string(),
  senderAddress: z.string().nullish(),
  recipientAddress: z.string().nullish(),
  messageId: z.string().nullish(),
  receivedDateTime: z.string().nullish(),
  subject: z.string().nullish(),
  size: z.number().nullish(),
  fromIP: z.string().nullish(),
  toIP: z.string().nullish(),
  status: z.string().nullish(),
});

const graphListSchema = z.object({
  value: z.array(graphRowSchema),
  "@odata.nextLink": z.string().nullish(),
});

const graphDetailSchema = z.object({
  value: z.array(
    z.object({
      dateTime: z.string().nullish(),
      event: z.string().nullish(),
      action: z.string().nullish(),
      description: z.string().nullish(),
      data: z.string().nullish(),
    }),
  ),
  "@odata.nextLink": z.string().nullish(),
});

function graphRoot(config: Config): string {
  const graphUrl = config.endpoints.graphUrl;
  if (graphUrl === undefined) {
    throw new O365Error({
      api: "config",
      code: "GRAPH_UNAVAILABLE",
      message: `Graph message trace is not available for the ${config.cloud} cloud.`,
      hint: "Use the legacy backend (O365_MESSAGE_TRACE_BACKEND=reporting) or set O365_GRAPH_URL.",
    });
  }
  return `${graphUrl.replace(/\/+$/, "")}/v1.0/admin/exchange/tracing/messageTraces`;
}

/** $filter for the structured query; both time bounds are always present (o365-api.md 3.2). */
function buildGraphFilter(query: MessageTraceQuery, now: Date): string {
  const { start, end } = resolveTraceWindow(query.startTime, query.endTime, now, {
    maxDays: 10,
    lookbackDays: 90,
    skewMarginMs: CLOCK_SKEW_MARGIN_MS,
  });
  const clauses = [`receivedDateTime ge ${isoSeconds(start)}`, `receivedDateTime le ${isoSeconds(end)}`];
  const eq = (prop: string, value: string | undefined, field: string) => {
    if (value !== undefined && value !== "") clauses.push(`${prop} eq ${odataString(value, field)}`);
  };
  eq("senderAddress", query.senderAddress, "senderAddress");
  eq("recipientAddress", query.recipientAddress, "recipientAddress");
  eq("messageId", query.messageId, "messageId");
  if (query.messageTraceId) eq("id", assertGuid(query.messageTraceId, "messageTraceId"), "messageTraceId");
  eq("fromIP", query.fromIP, "fromIP");
  eq("toIP", query.toIP, "toIP");
  if (query.status) {
    const status = normalizeStatus(query.status);
    if (status === "None") {
      throw new O365Error({
        api: "input",
        code: "INVALID_STATUS",
        message: 'Graph message trace has no "None" status.',
        hint: 'Use the legacy backend (backend "reporting") for status None, or leave status out.',
      });
    }
    clauses.push(`status eq ${odataString(graphStatus(status), "status")}`);
  }
  if (query.subject) {
    const fn = query.subjectFilter ?? "contains";
    clauses.push(`${fn}(subject, ${odataString(query.subject, "subject")})`);
  }
  return andAll(clauses);
}

export function graphRow(raw: z.infer<typeof graphRowSchema>): MessageTraceRow {
  return {
    received: isoFromService(raw.receivedDateTime),
    senderAddress: raw.senderAddress ?? "",
    recipientAddress: raw.recipientAddress ?? "",
    subject: raw.subject ?? null,
    status: statusFromService(raw.status),
    size: raw.size ?? null,
    messageId: raw.messageId ?? null,
    messageTraceId: raw.id,
    fromIP: raw.fromIP || null,
    // Graph sends "" for inbound mail (o365-api.md 3.2); null like the legacy service.
    toIP: raw.toIP || null,
  };
}

export async function graphTracePage(
  deps: BackendDeps,
  req: { query?: MessageTraceQuery; nextPageUri?: string },
  opts?: CallOptions,
): Promise<{ rows: MessageTraceRow[]; nextPageUri?: string }> {
  const query = req.query ?? {};
  const url =
    req.nextPageUri === undefined
      ? graphRoot(deps.config)
      : followPagingLink(deps, req.nextPageUri, "graph", "nextPageUri");
  const res = await deps.http.request({
    api: "graph",
    method: "GET",
    url,
    headers: GRAPH_HEADERS,
    query:
      req.nextPageUri === undefined
        ? {
            $filter: buildGraphFilter(query, deps.now()),
            $top: query.top === undefined ? undefined : String(clampTop(query.top)),
          }
        : undefined,
    signal: opts?.signal,
    onEvent: opts?.onEvent,
  });
  const body = parseBody(graphListSchema, res.body, "Graph messageTraces", "graph");
  const next = body["@odata.nextLink"] ?? undefined;
  const rows = body.value.map(graphRow);
  if (!next) return { rows };
  return {
    rows,
    nextPageUri: followPagingLink(deps, next, "graph", "The @odata.nextLink returned by Graph"),
  };
}

/** Code of Graph's 404 on getDetailsByRecipient: the trace id is unknown, which says nothing about access. */
export const TRACE_NOT_FOUND = "TRACE_NOT_FOUND";

// Without this header Graph sends the evolvable enum's newer members (recalled) as unknownFutureValue
// (o365-api.md 3.2).
const GRAPH_HEADERS = { Prefer: "include-unknown-enum-members" };

export async function graphDetail(
  deps: BackendDeps,
  req: { messageTraceId: string; recipientAddress: string },
  opts?: CallOptions,
): Promise<MessageTraceDetailEvent[]> {
  try {
    return await graphDetailEvents(deps, req, opts);
  } catch (e) {
    if (!(e instanceof O365Error) || e.api !== "graph" || e.status !== 404) throw e;
    throw new O365Error({
      api: "graph",
      status: 404,
      code: TRACE_NOT_FOUND,
      message: `Graph has no message trace ${req.messageTraceId} (${e.message.slice(0, 200)}).`,
      hint: "Take messageTraceId and recipientAddress from a message_trace row of the last 90 days; an unknown id says nothing about whether Graph message trace works for the tenant.",
      requestId: e.requestId,
    });
  }
}

async function graphDetailEvents(
  deps: BackendDeps,
  req: { messageTraceId: string; recipientAddress: string },
  opts?: CallOptions,
): Promise<MessageTraceDetailEvent[]> {
  const id = assertGuid(req.messageTraceId, "messageTraceId");
  const recipient = odataString(req.recipientAddress, "recipientAddress");
  let url: string | undefined =
    `${graphRoot(deps.config)}/${id}/getDetailsByRecipient(recipientAddress=${encodeURIComponent(recipient)})`;
  const events: MessageTraceDetailEvent[] = [];
  const guard = createPageGuard("graph", "getDetailsByRecipient paging", {
    startLink: url,
    maxPages: MAX_DETAIL_PAGES,
  });
  while (url !== undefined) {
    const res: ApiResponse = await deps.http.request({
      api: "graph",
      method: "GET",
      url,
      headers: GRAPH_HEADERS,
      signal: opts?.signal,
      onEvent: opts?.onEvent,
    });
    const body = parseBody(graphDetailSchema, res.body, "Graph getDetailsByRecipient", "graph");
    for (const e of body.value) {
      const data = decodeDetailData(e.data);
      events.push({
        date: isoFromService(e.dateTime),
        event: e.event ?? "",
        action: e.action || null,
        description: e.description ?? "",
        ...(data ? { data } : {}),
      });
    }
    const next: string | null | undefined = body["@odata.nextLink"];
    url = next ? followPagingLink(deps, next, "graph", "The @odata.nextLink returned by Graph") : undefined;
    if (url !== undefined) guard.follow(url, body.value.length);
  }
  return sortByDate(events);
}

function clampTop(top: number): number {
  return Math.min(MAX_TOP, Math.max(1, Math.floor(top)));
}
