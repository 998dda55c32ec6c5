// The Management Activity API listener: path parsing, bearer/tenant/permission checks, the per-minute tenant
// throttle, then one operation (o365-api.md section 1).
import { randomBytes } from "node:crypto";
import { grantedPermissions } from "../entra/access-token.js";
import { type EmuRequest, type EmuResponse, jsonResponse, type RouteHandler } from "../routing.js";
import { CONTENT_TYPES } from "../tenant/index.js";
import { retrieveContent } from "./blob.js";
import { listContent, listNotifications } from "./content.js";
import { listDlpSensitiveTypes } from "./dlp-types.js";
import type { ManagementEnv } from "./env.js";
import { AfError, af, afResponse } from "./errors.js";
import { requireContentTypePermission } from "./permissions.js";
import { queryParam } from "./query.js";
import type { ManagementState } from "./state.js";
import { listSubscriptions, startSubscription, stopSubscription } from "./subscriptions.js";

const ROOT_PATTERN = /^\/api\/v1(?:\.0)?\/([^/]+)\/activity\/feed\/(.+)$/;
const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ANONYMOUS_PUBLISHER = "00000000-0000-0000-0000-000000000000";

interface Operation {
  method: "GET" | "POST";
  name: string;
  needsContentType: boolean;
  run(env: ManagementEnv, contentType: string): EmuResponse | Promise<EmuResponse>;
}

const OPERATIONS: Record<string, Operation> = {
  "subscriptions/start": {
    method: "POST",
    name: "StartSubscription",
    needsContentType: true,
    run: startSubscription,
  },
  "subscriptions/stop": {
    method: "POST",
    name: "StopSubscription",
    needsContentType: true,
    run: stopSubscription,
  },
  "subscriptions/list": {
    method: "GET",
    name: "ListSubscriptions",
    needsContentType: false,
    run: listSubscriptions,
  },
  "subscriptions/content": { method: "GET", name: "ListContent", needsContentType: true, run: listContent },
  "subscriptions/notifications": {
    method: "GET",
    name: "ListNotifications",
    needsContentType: true,
    run: listNotifications,
  },
  "resources/dlpSensitiveTypes": {
    method: "GET",
    name: "GetDlpSensitiveTypes",
    needsContentType: false,
    run: listDlpSensitiveTypes,
  },
};

// Own keys only: a path segment such as "constructor" must not find Object.prototype's members.
function operationAt(rest: string): Operation | undefined {
  return Object.hasOwn(OPERATIONS, rest) ? OPERATIONS[rest] : undefined;
}

export interface ManagementRouteInput {
  state: ManagementState;
  webhookCa: string;
}

export function createManagementRoute(input: ManagementRouteInput): RouteHandler {
  const pageSecret = randomBytes(16).toString("hex");
  return async (req, ctx) => {
    const match = ROOT_PATTERN.exec(req.url.pathname);
    if (!match) return notFound(req);
    const [, pathTenant, rest] = match;
    const blobId = rest.startsWith("audit/") ? rest.slice("audit/".length) : undefined;
    const op = operationAt(rest);
    if (!op && (blobId === undefined || blobId === "" || blobId.includes("/"))) return notFound(req);
    const method = op ? op.method : "GET";
    if (req.method !== method) {
      return jsonResponse(
        405,
        {
          error: {
            code: "MethodNotAllowed",
            message: `The requested resource does not support http method '${req.method}'.`,
          },
        },
        { Allow: method },
      );
    }
    const env: ManagementEnv = {
      req,
      ctx,
      state: input.state,
      pathTenant,
      webhookCa: input.webhookCa,
      pageSecret,
      permissions: [],
      appId: "",
    };
    try {
      authorize(env);
      countRequest(env);
      if (!op) return retrieveContent(env, blobId as string);
      const contentType = op.needsContentType ? contentTypeOf(req) : "";
      requireContentTypePermission(env, contentType);
      return await op.run(env, contentType);
    } catch (err) {
      if (err instanceof AfError) return afResponse(err);
      throw err;
    }
  };
}

/** The fault route a request counts under: blob GETs are "content", every other call "management". */
export function managementFaultRoute(req: EmuRequest): "content" | "management" {
  return req.url.pathname.includes("/activity/feed/audit/") ? "content" : "management";
}

/** The AF429 a throttled request to this URL gets, naming its operation and publisher (o365-api.md 1.8). */
export function throttledError(url: URL, headers: Record<string, string> = {}): AfError {
  const rest = ROOT_PATTERN.exec(url.pathname)?.[2] ?? "";
  const method = operationAt(rest)?.name ?? (rest.startsWith("audit/") ? "GetBlob" : "ListContent");
  return af.throttled(method, queryParam(url, "PublisherIdentifier") || ANONYMOUS_PUBLISHER, headers);
}

function authorize(env: ManagementEnv): void {
  if (!GUID_PATTERN.test(env.pathTenant)) throw af.badTenant(env.pathTenant);
  const check = env.ctx.checkToken(env.req, "management");
  if (!check.ok) {
    throw new AfError(check.status, "AF10001", unauthorizedMessage(check.reason), {
      "WWW-Authenticate": `Bearer error="invalid_token", error_description="${check.reason}"`,
    });
  }
  const tid = String(check.claims.tid ?? "");
  if (tid.toLowerCase() !== env.pathTenant.toLowerCase()) throw af.tenantMismatch(env.pathTenant, tid);
  env.permissions = grantedPermissions(check.claims);
  env.appId = String(check.claims.appid ?? "");
  if (!env.permissions.includes("ActivityFeed.Read")) throw af.noPermission(env.permissions);
}

function unauthorizedMessage(reason: string): string {
  const why: Record<string, string> = {
    missing: "no bearer token was sent",
    invalid: "the bearer token is not valid",
    expired: "the bearer token has expired",
    audience: "the bearer token was issued for another resource (audience)",
  };
  return `Authorization has been denied for this request: ${why[reason] ?? reason}.`;
}

// The 2,000 requests/minute/tenant budget, as a fixed minute (o365-api.md 1.8). 0 turns it off.
function countRequest(env: ManagementEnv): void {
  const limit = env.ctx.options.managementThrottlePerMinute;
  if (limit <= 0) return;
  const minute = Math.floor(env.ctx.now().getTime() / 60_000);
  const t = env.state.throttle;
  if (t.minute !== minute) {
    t.minute = minute;
    t.count = 0;
  }
  t.count += 1;
  if (t.count > limit) throw throttledError(env.req.url);
}

/** The content type named in the query, canonical: the service matches it case-insensitively (o365-api.md 5). */
function contentTypeOf(req: EmuRequest): string {
  const contentType = queryParam(req.url, "contentType");
  if (contentType === null || contentType === "") throw af.missing("contentType");
  const canonical = CONTENT_TYPES.find((ct) => ct.toLowerCase() === contentType.toLowerCase());
  if (canonical === undefined) throw af.badContentType();
  return canonical;
}

function notFound(req: EmuRequest): EmuResponse {
  return jsonResponse(404, {
    error: {
      code: "NotFound",
      message: `No HTTP resource was found that matches the request URI '${req.url.pathname}'.`,
    },
  });
}
