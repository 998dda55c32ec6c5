// Graph message trace v1.0 (o365-api.md 3.2): the list of traces and getDetailsByRecipient behind the
// token, service-principal, permission and 100-per-5-minutes throttle checks, in the order Graph applies them.
import { randomUUID } from "node:crypto";
import { grantedPermissions } from "../entra/access-token.js";
import { ODataSyntaxError } from "../odata/lexer.js";
import type { EmuContext, EmuRequest, RouteHandler } from "../routing.js";
import { badRequest, GraphError, graphErrorResponse, graphResponse } from "./errors.js";
import { includesUnknownEnumMembers } from "./rows.js";
import type { MessageTraceThrottle } from "./throttle.js";
import { listTraces, traceDetails } from "./traces.js";

const PERMISSION = "ExchangeMessageTrace.Read.All";
/** Microsoft's first-party app whose service principal a tenant must provision (o365-api.md 3.2). */
export const MESSAGE_TRACE_APP_ID = "8bd644d1-64a1-4d4b-ae52-2e0cbf64e373";
const ROUTE =
  /^\/(v1\.0|beta)\/admin\/exchange\/tracing\/messagetraces(?:\/([^/]+)\/(?:microsoft\.graph\.)?getdetailsbyrecipient\((.*)\))?\/?$/i;

const TOKEN_MESSAGES: Record<string, string> = {
  missing: "Access token is empty.",
  invalid: "IDX14100: JWT is not well formed, there are no dots (.).",
  expired: "Lifetime validation failed, the token is expired.",
  audience: "Invalid audience.",
};

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
      const body =
        route[2] === undefined
          ? listTraces(req.url, ctx, includesUnknownEnumMembers(req.headers.prefer))
          : traceDetails(route[2], route[3], ctx);
      return graphResponse(req, requestId, 200, body);
    } catch (err) {
      if (err instanceof ODataSyntaxError) {
        return graphErrorResponse(req, requestId, badRequest(`Invalid $filter: ${err.message}`), ctx.now());
      }
      if (!(err instanceof GraphError)) throw err;
      return graphErrorResponse(req, requestId, err, ctx.now());
    }
  };
}

/** Token, tenant switch, permission and throttle, in the order Graph applies them. */
function admit(req: EmuRequest, ctx: EmuContext, throttle: MessageTraceThrottle): void {
  const check = ctx.checkToken(req, "graph");
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
