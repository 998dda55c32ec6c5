// Token endpoint errors in Entra's documented shape (o365-api.md 4.4): `error` + AADSTS code in
// `error_codes`, and Trace/Correlation/Timestamp lines in the description separated by \r\n.
import { randomUUID } from "node:crypto";
import { type EmuResponse, jsonResponse } from "../routing.js";

export type OAuthError =
  | "invalid_request"
  | "invalid_grant"
  | "unauthorized_client"
  | "invalid_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "invalid_resource"
  | "temporarily_unavailable";

/** Thrown inside the token route; turned into an AADSTS response at its edge. */
export class AadstsError extends Error {
  constructor(
    readonly status: number,
    readonly error: OAuthError,
    readonly code: number,
    readonly description: string,
  ) {
    super(`AADSTS${code}: ${description}`);
  }
}

function entraTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

export function aadstsResponse(err: AadstsError, now: Date, loginOrigin: string): EmuResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = entraTimestamp(now);
  return jsonResponse(
    err.status,
    {
      error: err.error,
      error_description: `AADSTS${err.code}: ${err.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [err.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${loginOrigin}/error?code=${err.code}`,
    },
    { "Cache-Control": "no-store, no-cache", Pragma: "no-cache" },
  );
}

export const missingParameter = (name: string): AadstsError =>
  new AadstsError(
    400,
    "invalid_request",
    900144,
    `The request body must contain the following parameter: '${name}'.`,
  );
