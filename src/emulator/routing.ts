// The seam between the emulator's server (listeners, faults, recording) and its per-service routes.
// Route modules are pure request -> response functions so they can be tested without sockets.
import type { IncomingHttpHeaders } from "node:http";
import type { Tenant } from "./tenant/types.js";
import type { EmulatorOptions } from "./types.js";

export interface EmuRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
  remoteAddress: string;
}

export interface EmuResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type TokenCheck =
  | { ok: true; claims: Record<string, unknown> }
  | { ok: false; status: number; reason: "missing" | "invalid" | "expired" | "audience" };

/** The options every route may read, with defaults filled in. */
export type EmuOptions = Required<
  Pick<
    EmulatorOptions,
    | "seed"
    | "days"
    | "latencyMs"
    | "contentPageSize"
    | "managementThrottlePerMinute"
    | "graphThrottlePer5Min"
    | "graphServicePrincipalProvisioned"
    | "legacyReportingAvailable"
    | "allowLongWindows"
    | "bodyCacheBytes"
  >
>;

export interface EmuOrigins {
  login: string;
  management: string;
  graph: string;
  reporting: string;
}

export interface EmuContext {
  tenant: Tenant;
  now(): Date;
  options: EmuOptions;
  /** Verifies the request's bearer token (signature, expiry, audience = the service origin). */
  checkToken(req: EmuRequest, audienceOrigin: string): TokenCheck;
  origins: EmuOrigins;
}

export type RouteHandler = (req: EmuRequest, ctx: EmuContext) => Promise<EmuResponse>;

/** JSON response with the charset Microsoft's services send. */
export function jsonResponse(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): EmuResponse {
  return {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(value),
  };
}
