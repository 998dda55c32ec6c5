// Paging links of both message-trace backends: checked against the host allowlist before they are
// followed, because a bearer token goes with them (design.md section 3).
import type { Api } from "../config/types.js";
import { O365Error } from "../errors.js";
import type { HttpClient } from "../http/types.js";

export function assertFollowable(http: HttpClient, url: string, api: Api, what: string): string {
  let href: string | undefined;
  try {
    href = new URL(url).href;
  } catch {
    href = undefined;
  }
  if (href !== undefined && http.isAllowedUrl(href)) return url;
  throw new O365Error({
    api,
    code: "HOST_NOT_ALLOWED",
    message: `${what} points outside the allowed hosts (${href === undefined ? "not a URL" : new URL(href).origin}); it was not followed.`,
    hint: "Continue only with paging links this server returned for the same backend; check O365_GRAPH_URL / O365_REPORTING_URL.",
  });
}

/**
 * The legacy JSON-light odata.nextLink is relative and starts with ../../ (o365-api.md 2.4b); clients
 * resolve it against {reportingUrl}/ecp/. Absolute links are returned as they are.
 */
export function resolveReportingLink(link: string, reportingUrl: string): string {
  const base = `${reportingUrl.replace(/\/+$/, "")}/ecp/`;
  if (link.startsWith("../../")) return new URL(link.slice("../../".length), base).href;
  return new URL(link, base).href;
}
