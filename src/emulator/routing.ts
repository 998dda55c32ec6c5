// The seam between the emulator's server (listeners, faults, recording) and its per-service routes.
// Route modules are pure request -> response functions so they can be tested without sockets.
import type { IncomingHttpHeaders } from "node:http";
import type { EmuOptions } from "./options.js";
import type { Tenant } from "./tenant/types.js";

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
  /** Verifies the request's bearer token (signature, expiry, audience = one of the service's resources). */
  checkToken(req: EmuRequest, service: "management" | "graph" | "reporting"): TokenCheck;
  origins: EmuOrigins;
}

export type RouteHandler = (req: EmuRequest, ctx: EmuContext) => Promise<EmuResponse>;

/** A coded error a route throws; each service subclasses it and writes its own error shape at its edge. */
export class RouteError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

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
