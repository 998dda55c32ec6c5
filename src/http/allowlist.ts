// Bearer tokens go only to the origins of the configured endpoints (design.md section 3): a planted
// contentUri or next link to any other origin is refused before a token is attached or a socket opened.
import type { Endpoints } from "../config/types.js";

export function allowedOrigins(endpoints: Endpoints): Set<string> {
  const urls = [endpoints.managementUrl, endpoints.graphUrl, endpoints.reportingUrl];
  return new Set(urls.filter((u): u is string => Boolean(u)).map((u) => new URL(u).origin));
}

export function isAllowedOrigin(origins: Set<string>, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // URL.origin normalizes case and default ports, so https://MANAGE.office.com:443 matches.
  return parsed.protocol === "https:" && !parsed.username && !parsed.password && origins.has(parsed.origin);
}
