// DNS-rebinding defence for the HTTP transport (mcp-notes.md 1.11: servers MUST validate Origin, 403 when
// invalid). A browser page on evil.example that resolves its name to 127.0.0.1 sends Host: evil.example and
// Origin: http://evil.example, so both headers are checked against what a local client really sends.
// Not the SDK's hostHeaderValidation/originValidation (@modelcontextprotocol/node 2.1): they match hostnames
// only, so they would accept any port on the Host and loosen allowedOrigins to any scheme and port.

import { isLoopbackHost } from "../identifiers.js";

const LOOPBACK_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** "::1" -> "[::1]" so the host can sit in a URL or a Host header. */
export function hostForUrl(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/** Splits a Host header value into hostname (lower case, IPv6 in brackets) and port. */
function parseHostHeader(value: string): { hostname: string; port?: number } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!m) return undefined;
  return { hostname: m[1].toLowerCase(), port: m[2] === undefined ? undefined : Number(m[2]) };
}

/**
 * Host check for a server bound to `boundHost:port`: the loopback names plus the bound host, with the port.
 * A server bound to a non-loopback address (token required, checked at start) sits behind names we cannot
 * know (load balancers, DNS), so there the bearer token is the defence and any Host is accepted.
 */
export function createHostCheck(
  boundHost: string,
  port: number,
): (hostHeader: string | undefined) => boolean {
  if (!isLoopbackHost(boundHost)) return () => true;
  const names = new Set(LOOPBACK_HOSTNAMES);
  names.add(hostForUrl(boundHost).toLowerCase());
  return (hostHeader) => {
    if (hostHeader === undefined) return false;
    const parsed = parseHostHeader(hostHeader);
    if (!parsed || !names.has(parsed.hostname)) return false;
    return parsed.port === port || (parsed.port === undefined && port === 80);
  };
}

function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, "").toLowerCase();
}

/**
 * Origin check: absent is fine (non-browser clients send none); http(s) origins on a loopback name with any
 * port are fine; anything else only when listed in config.http.allowedOrigins (exact match).
 */
export function createOriginCheck(allowedOrigins: string[]): (origin: string | undefined) => boolean {
  const allowed = new Set(allowedOrigins.map(normalizeOrigin));
  return (origin) => {
    if (origin === undefined) return true;
    if (allowed.has(normalizeOrigin(origin))) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // includes the opaque "null" origin of sandboxed frames and file:// pages
    }
    return (url.protocol === "http:" || url.protocol === "https:") && LOOPBACK_HOSTNAMES.has(url.hostname);
  };
}
