// What each injected fault looks like on the wire, in the error shape of the service it hits.

import { af, afResponse } from "../management/errors.js";
import { throttledError } from "../management/route.js";
import { type EmuResponse, jsonResponse } from "../routing.js";
import type { FaultRule } from "../types.js";
import type { ServiceRoute } from "./book.js";

/** Faults answered without running the route; undefined for faults that alter the route's real answer. */
export function faultResponse(rule: FaultRule, route: ServiceRoute, url: URL): EmuResponse | undefined {
  const retryAfter = (fallback: number | null): Record<string, string> => {
    const seconds = rule.retryAfterSeconds === undefined ? fallback : rule.retryAfterSeconds;
    return seconds === null ? {} : { "Retry-After": String(seconds) };
  };
  switch (rule.kind) {
    case "429":
      return jsonResponse(
        429,
        errorBody(route, "TooManyRequests", "Too many requests. Please retry after the time in Retry-After."),
        retryAfter(1),
      );
    case "af429":
      return afResponse(throttledError(url, retryAfter(null)));
    case "500":
      return route === "management" || route === "content"
        ? afResponse(af.internal())
        : jsonResponse(500, errorBody(route, "InternalServerError", "An internal server error occurred."));
    case "503":
      return jsonResponse(
        503,
        errorBody(route, "ServiceUnavailable", "The service is temporarily unavailable."),
        retryAfter(null),
      );
    default:
      return undefined;
  }
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
