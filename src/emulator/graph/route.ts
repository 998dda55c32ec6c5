// Graph message trace v1.0 (o365-api.md 3.2): the list of traces and getDetailsByRecipient, with the
// token, service-principal and permission checks, the 10-day / 90-day / end <= now window rules, paging
// and the shared 100-per-5-minutes throttle. Errors use Graph's {"error":{code,message,innerError}} shape.
import { randomUUID } from "node:crypto";
import { grantedPermissions } from "../entra/access-token.js";
import { ODataSyntaxError } from "../odata/lexer.js";
import type { EmuContext, EmuRequest, EmuResponse, RouteHandler } from "../routing.js";
import type { EmuTrace } from "../tenant/types.js";
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
import type { MessageTraceThrottle } from "./throttle.js";

const DAY = 86_400_000;
const PERMISSION = "ExchangeMessageTrace.Read.All";
/** Microsoft's first-party app whose service principal a tenant must provision (o365-api.md 3.2). */
export const MESSAGE_TRACE_APP_ID = "8bd644d1-64a1-4d4b-ae52-2e0cbf64e373";
const ROUTE =
  /^\/(v1\.0|beta)\/admin\/exchange\/tracing\/messagetraces(?:\/([^/]+)\/(?:microsoft\.graph\.)?getdetailsbyrecipient\((.*)\))?\/?$/i;
const ALLOWED_OPTIONS = new Set(["$filter", "$top", "$skiptoken"]);
const GRAPH_JSON =
  "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const badRequest = (message: string): GraphError => new GraphError(400, "BadRequest", message);

function respond(
  req: EmuRequest,
  requestId: string,
  status: number,
  value: unknown,
  headers = {},
): EmuResponse {
  const clientRequestId = req.headers["client-request-id"];
  return {
    status,
    headers: {
      "Content-Type": GRAPH_JSON,
      "request-id": requestId,
      "client-request-id": typeof clientRequestId === "string" ? clientRequestId : requestId,
      ...headers,
    },
    body: JSON.stringify(value),
  };
}

function errorBody(err: GraphError, requestId: string, now: Date): unknown {
  return {
    error: {
      code: err.code,
      message: err.message,
      innerError: {
        date: now.toISOString().slice(0, 19),
        "request-id": requestId,
        "client-request-id": requestId,
      },
    },
  };
}

const TOKEN_MESSAGES: Record<string, string> = {
  missing: "Access token is empty.",
  invalid: "IDX14100: JWT is not well formed, there are no dots (.).",
  expired: "Lifetime validation failed, the token is expired.",
  audience: "Invalid audience.",
};

/** Token, tenant switch, permission and throttle, in the order Graph applies them. */
function admit(req: EmuRequest, ctx: EmuContext, throttle: MessageTraceThrottle): void {
  const check = ctx.checkToken(req, ctx.origins.graph);
  if (!check.ok) {
    throw new GraphError(401, "InvalidAuthenticationToken", TOKEN_MESSAGES[check.reason], {
      "WWW-Authenticate":
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
    });
  }
  if (check.claims.tid !== ctx.tenant.tenantId) {
    throw new GraphError(
      401,
      "InvalidAuthenticationToken",
      "Access token validation failure. Invalid tenant.",
    );
  }
  if (!ctx.options.graphServicePrincipalProvisioned) {
    // Wording UNCONFIRMED; the docs say 401 until the principal exists and Elastic says it names the app id.
    throw new GraphError(
      401,
      "Unauthorized",
      `The message trace service principal is not provisioned in this tenant. Provision the service principal for application ${MESSAGE_TRACE_APP_ID} (New-MgServicePrincipal -AppId ${MESSAGE_TRACE_APP_ID}) and allow a few hours for it to propagate.`,
    );
  }
  if (!grantedPermissions(check.claims).includes(PERMISSION)) {
    const roles = Array.isArray(check.claims.roles) ? check.claims.roles : [];
    throw new GraphError(
      403,
      "Forbidden",
      `Missing role permissions on the request. API requires one of '${PERMISSION}'. Roles on the request '${roles.join(",")}'.`,
    );
  }
  const slot = throttle.take(ctx.now().getTime(), ctx.options.graphThrottlePer5Min);
  if (!slot.ok) {
    throw new GraphError(
      429,
      "TooManyRequests",
      "Too many requests. Please retry after the time in the Retry-After header.",
      {
        "Retry-After": String(slot.retryAfterSeconds),
      },
    );
  }
}

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

/** The original query without its skiptoken, re-encoded (Graph keeps the caller's query in nextLink). */
function nextLink(ctx: EmuContext, url: URL, token: string): string {
  const parts: string[] = [];
  for (const [key, value] of url.searchParams) {
    if (key.toLowerCase() === "$skiptoken") continue;
    parts.push(`${encodeURIComponent(key).replace(/%24/g, "$")}=${encodeURIComponent(value)}`);
  }
  parts.push(`$skiptoken=${token}`);
  return `${ctx.origins.graph}${url.pathname}?${parts.join("&")}`;
}

function listTraces(url: URL, ctx: EmuContext): unknown {
  for (const [key] of url.searchParams) {
    if (key.startsWith("$") && !ALLOWED_OPTIONS.has(key.toLowerCase())) {
      throw badRequest(`Query option '${key}' is not supported on messageTraces.`);
    }
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
    value: page.map(graphTraceRow),
  };
  if (cursor.offset + top < hits.length) {
    body["@odata.nextLink"] = nextLink(ctx, url, encodeSkipToken({ ...cursor, offset: cursor.offset + top }));
  }
  return body;
}

function traceDetails(id: string, argument: string, ctx: EmuContext): unknown {
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

/** The Graph listener's handler; the throttle is shared by the list and detail calls. */
export function createGraphRoute(throttle: MessageTraceThrottle): RouteHandler {
  return async (req, ctx) => {
    const requestId = randomUUID();
    try {
      let path: string;
      try {
        path = decodeURIComponent(req.url.pathname);
      } catch {
        throw badRequest("The request URI is not valid.");
      }
      const route = ROUTE.exec(path);
      if (!route)
        throw new GraphError(
          400,
          "BadRequest",
          `Resource not found for the segment '${path.split("/").pop()}'.`,
        );
      if (req.method !== "GET")
        throw new GraphError(405, "Request_BadRequest", "The HTTP method is not allowed.");
      admit(req, ctx, throttle);
      const body = route[2] === undefined ? listTraces(req.url, ctx) : traceDetails(route[2], route[3], ctx);
      return respond(req, requestId, 200, body);
    } catch (err) {
      if (err instanceof ODataSyntaxError) {
        return respond(
          req,
          requestId,
          400,
          errorBody(badRequest(`Invalid $filter: ${err.message}`), requestId, ctx.now()),
        );
      }
      if (!(err instanceof GraphError)) throw err;
      return respond(req, requestId, err.status, errorBody(err, requestId, ctx.now()), err.headers);
    }
  };
}
