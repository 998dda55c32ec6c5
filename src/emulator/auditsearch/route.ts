// The Purview audit search API on the Graph listener (audit-search-api.md 1, 6): create, list, get and
// delete auditLogQuery, and page a query's records, on /beta and /v1.0, behind the token, permission,
// v1.0-availability (1.6) and submission-throttle (4.6) checks, in Graph's error envelope (4.7).
import { randomUUID } from "node:crypto";
import { grantedPermissions } from "../entra/access-token.js";
import { GraphError, graphErrorResponse, graphResponse } from "../graph/errors.js";
import type { EmuContext, EmuRequest, EmuResponse, RouteHandler } from "../routing.js";
import { auditLogRecord } from "./envelope.js";
import { page, pageRequest } from "./paging.js";
import { AUDIT_QUERY_PERMISSIONS, LEGACY_AUDIT_PERMISSION, visibilityOf } from "./permissions.js";
import { parseQueryBody } from "./query-body.js";
import { startGathering } from "./results.js";
import { type AuditQuery, type AuditQueryStore, statusOf } from "./store.js";

const ROUTE = /^\/(v1\.0|beta)\/security\/auditLog\/queries(?:\/([^/]+?)(\/records)?)?\/?$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const TOKEN_MESSAGES: Record<string, string> = {
  missing: "Access token is empty.",
  invalid: "IDX14100: JWT is not well formed, there are no dots (.).",
  expired: "Lifetime validation failed, the token is expired.",
  audience: "Invalid audience.",
};

/** True for the paths this module serves (the Graph listener sends them here). */
export function isAuditSearchPath(url: URL): boolean {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return false;
  }
  return /^\/(v1\.0|beta)\/security\/auditLog(\/|$)/i.test(path);
}

export interface AuditSearchRouteDeps {
  store: AuditQueryStore;
  retentionDays: number;
  /** Serve the Sept-2026 read-only limit properties (1.2) on the query entity. */
  limitProperties: boolean;
}

export function createAuditSearchRoute(deps: AuditSearchRouteDeps): RouteHandler {
  return async (req, ctx) => {
    const requestId = randomUUID();
    try {
      return handle(req, ctx, deps, requestId);
    } catch (err) {
      if (!(err instanceof GraphError)) throw err;
      return graphErrorResponse(req, requestId, err, ctx.now());
    }
  };
}

function handle(
  req: EmuRequest,
  ctx: EmuContext,
  deps: AuditSearchRouteDeps,
  requestId: string,
): EmuResponse {
  const path = decodeURIComponent(req.url.pathname);
  const route = ROUTE.exec(path);
  if (!route)
    throw new GraphError(400, "BadRequest", `Resource not found for the segment '${path.split("/").pop()}'.`);
  const [, version, id, records] = route;
  const permissions = admit(req, ctx);
  // Observed live 2026-07-16 with a valid token: v1.0 answered 404 UnknownError, beta 201 (1.6).
  if (version.toLowerCase() === "v1.0" && !deps.store.settings.v1Available)
    throw new GraphError(404, "UnknownError", "");
  const base = `${ctx.origins.graph}/${version}`;
  const now = ctx.now().getTime();
  const ok = (status: number, value: unknown): EmuResponse => graphResponse(req, requestId, status, value);

  if (id === undefined) {
    if (req.method === "POST") return create(req, ctx, deps, permissions, base, now, ok);
    if (req.method !== "GET") throw methodNotAllowed();
    const all = deps.store.list();
    const listed = page(all, pageRequest(req.url, 100), `${base}/security/auditLog/queries`);
    return ok(200, {
      "@odata.context": `${base}/$metadata#security/auditLog/queries`,
      value: listed.slice.map((q) => entity(q, deps, now)),
      ...(listed.nextLink ? { "@odata.nextLink": listed.nextLink } : {}),
    });
  }
  const query = GUID.test(id) ? deps.store.get(id) : undefined;
  if (!query) {
    // Undocumented (7.10); Graph's usual answer for an id that names nothing.
    throw new GraphError(404, "NotFound", `No audit log query with id '${id}' exists in this tenant.`);
  }
  if (records === undefined) {
    if (req.method === "DELETE") {
      deps.store.delete(query.id);
      return { status: 204, headers: { "request-id": requestId } };
    }
    if (req.method !== "GET") throw methodNotAllowed();
    return ok(200, {
      "@odata.context": `${base}/$metadata#security/auditLog/queries/$entity`,
      ...entity(query, deps, now),
    });
  }
  if (req.method !== "GET") throw methodNotAllowed();
  const status = statusOf(query, now);
  if (status !== "succeeded") {
    // Only one fixture shows this (1.5, UNCONFIRMED); a failed or cancelled query has no records either.
    throw new GraphError(
      400,
      "BadRequest",
      status === "notStarted" || status === "running"
        ? "The query is not ready."
        : `The query is ${status} and has no records.`,
    );
  }
  const result = query.result ?? { refs: [] };
  const paged = page(
    result.refs,
    pageRequest(req.url),
    `${base}/security/auditLog/queries/${query.id}/records`,
  );
  return ok(200, {
    "@odata.context": `${base}/$metadata#security/auditLog/queries('${query.id}')/records`,
    "@odata.count": paged.slice.length,
    value: paged.slice.map((ref) => auditLogRecord(ctx.tenant.history.record(ref))),
    ...(paged.nextLink ? { "@odata.nextLink": paged.nextLink } : {}),
  });
}

function create(
  req: EmuRequest,
  ctx: EmuContext,
  deps: AuditSearchRouteDeps,
  permissions: string[],
  base: string,
  now: number,
  ok: (status: number, value: unknown) => EmuResponse,
): EmuResponse {
  const visibility = visibilityOf(permissions);
  if (!visibility) throw forbidden(permissions);
  const filters = parseQueryBody(req.body, headerText(req.headers["content-type"]));
  if (!ctx.options.auditLoggingEnabled) {
    // Unified audit ingestion off: 400 UnknownError whose message is stringified JSON (4.8, observed live).
    throw new GraphError(
      400,
      "UnknownError",
      JSON.stringify({
        Status: "AuditingDisabledTenant",
        Message:
          "Auditing is not enabled for this tenant. Turn on audit log ingestion (UnifiedAuditLogIngestionEnabled) and retry after it propagates.",
      }),
    );
  }
  const admission = deps.store.admit(now);
  if (!admission.ok) {
    // The generic Graph 429 (4.7); no body from this API was ever captured.
    throw new GraphError(
      429,
      "TooManyRequests",
      `Please retry again later. Query submission is throttled: ${admission.reason}.`,
      admission.retryAfterSeconds === null ? {} : { "Retry-After": String(admission.retryAfterSeconds) },
    );
  }
  const query = deps.store.create(filters, visibility, now);
  startGathering(query, ctx.tenant, deps.retentionDays);
  return ok(201, {
    "@odata.context": `${base}/$metadata#security/auditLog/queries/$entity`,
    ...entityFields(query, deps, statusOf(query, now)),
  });
}

function entity(query: AuditQuery, deps: AuditSearchRouteDeps, now: number): Record<string, unknown> {
  return entityFields(query, deps, statusOf(query, now));
}

function entityFields(
  query: AuditQuery,
  deps: AuditSearchRouteDeps,
  status: string,
): Record<string, unknown> {
  const f = query.filters;
  const fields: Record<string, unknown> = {
    "@odata.type": "#microsoft.graph.security.auditLogQuery",
    id: query.id,
    displayName: f.displayName,
    filterStartDateTime: f.filterStartDateTime,
    filterEndDateTime: f.filterEndDateTime,
    recordTypeFilters: f.recordTypeFilters,
    keywordFilter: f.keywordFilter,
    serviceFilter: f.serviceFilter,
    serviceFilters: f.serviceFilters,
    operationFilters: f.operationFilters,
    userPrincipalNameFilters: f.userPrincipalNameFilters,
    ipAddressFilters: f.ipAddressFilters,
    objectIdFilters: f.objectIdFilters,
    administrativeUnitIdFilters: f.administrativeUnitIdFilters,
    status,
  };
  if (deps.limitProperties) {
    fields.isRecordCountLimitExceeded = query.result?.limitExceeded ?? false;
    fields.recordCountLimit = query.recordCountLimit;
    fields.approximateReturnedRecordCount = query.result?.approximateCount ?? 0;
  }
  return fields;
}

/** Token and tenant, as Graph checks them; returns the token's permissions (roles or scp). */
function admit(req: EmuRequest, ctx: EmuContext): string[] {
  const check = ctx.checkToken(req, "graph");
  if (!check.ok) {
    throw new GraphError(401, "InvalidAuthenticationToken", TOKEN_MESSAGES[check.reason], {
      "WWW-Authenticate":
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
    });
  }
  if (check.claims.tid !== ctx.tenant.tenantId)
    throw new GraphError(
      401,
      "InvalidAuthenticationToken",
      "Access token validation failure. Invalid tenant.",
    );
  return grantedPermissions(check.claims);
}

/** 403 without any audit query permission (4.8: the exact body is UNCONFIRMED; Graph's directory-style one). */
function forbidden(permissions: string[]): GraphError {
  return new GraphError(
    403,
    "Authorization_RequestDenied",
    `Insufficient privileges to complete the operation. The audit log query API requires one of ${[...AUDIT_QUERY_PERMISSIONS, LEGACY_AUDIT_PERMISSION].map((p) => `'${p}'`).join(", ")}; the token has '${permissions.join(",")}'.`,
  );
}

const methodNotAllowed = (): GraphError =>
  new GraphError(405, "Request_BadRequest", "The HTTP method is not allowed.");

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
