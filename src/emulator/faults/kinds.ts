// The fault-kind table: every kind of fault the emulator can inject and what it does to the one request it
// hits. The listener's handling comes from this table; the rule schema (rule.ts) names the same kinds, and
// `satisfies Record<FaultKind, ...>` fails to compile while a name has no row or a row has no name.
import { af, afResponse } from "../management/errors.js";
import { throttledError } from "../management/route.js";
import { type EmuResponse, jsonResponse } from "../routing.js";
import type { FaultKind, FaultParams, ServiceRoute } from "./rule.js";

/** What an armed fault does. The listener applies the stages a kind has, in this order. */
export interface FaultEffect {
  /** Destroy the socket without an answer; the route does not run. */
  dropConnection?: true;
  /** Answer in place of the route, in the error shape of the service hit; the route does not run. */
  answer?(fault: FaultParams, route: ServiceRoute, url: URL): EmuResponse;
  /** Rewrite the route's real answer. */
  alter?(res: EmuResponse): EmuResponse;
  /** Write the body in pieces over this many ms (a slow or stalled backend) instead of at once. */
  trickleMs?(fault: FaultParams): number;
}

export const FAULT_KINDS = {
  /** HTTP 429 (Graph style), with Retry-After (1 s) unless retryAfterSeconds is null. */
  "429": {
    answer: (fault, route) =>
      jsonResponse(
        429,
        errorBody(route, "TooManyRequests", "Too many requests. Please retry after the time in Retry-After."),
        retryAfter(fault, 1),
      ),
  },
  /** The Management API's AF429 on HTTP 403, naming the request's operation (o365-api.md 1.8). */
  af429: { answer: (fault, _route, url) => afResponse(throttledError(url, retryAfter(fault, null))) },
  /** AF50000 on 500 for the Management API and its blobs, a plain 500 elsewhere. */
  "500": {
    answer: (_fault, route) =>
      route === "management" || route === "content"
        ? afResponse(af.internal())
        : jsonResponse(500, errorBody(route, "InternalServerError", "An internal server error occurred.")),
  },
  "503": {
    answer: (fault, route) =>
      jsonResponse(
        503,
        errorBody(route, "ServiceUnavailable", "The service is temporarily unavailable."),
        retryAfter(fault, null),
      ),
  },
  reset: { dropConnection: true },
  /** 200 with the route's JSON body cut in half. */
  truncated: {
    alter: (res) => {
      const text = Buffer.from(res.body ?? "[]");
      return { ...res, status: 200, body: text.subarray(0, Math.floor(text.length / 2)) };
    },
  },
  /** 200 with a body that is not JSON, as a proxy's error page would be. */
  malformed: {
    alter: () => ({
      status: 200,
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: "<html><body>Service temporarily unavailable</body></html>",
    }),
  },
  /** 200 whose body trickles out over slowMs (default 2 s). */
  "slow-body": { trickleMs: (fault) => fault.slowMs ?? 2000 },
} satisfies Record<FaultKind, FaultEffect>;

export { FAULT_KIND_NAMES, type FaultKind } from "./rule.js";

export function faultEffect(kind: FaultKind): FaultEffect {
  return FAULT_KINDS[kind];
}

function retryAfter(fault: FaultParams, fallback: number | null): Record<string, string> {
  const seconds = fault.retryAfterSeconds === undefined ? fallback : fault.retryAfterSeconds;
  return seconds === null ? {} : { "Retry-After": String(seconds) };
}

function errorBody(route: ServiceRoute, code: string, message: string): unknown {
  if (route === "token") {
    return {
      error: "temporarily_unavailable",
      error_description: `AADSTS90055: ${message}`,
      error_codes: [90055],
    };
  }
  return { error: { code, message } };
}
