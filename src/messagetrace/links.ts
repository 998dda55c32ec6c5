// Paging links of both message-trace backends: checked against the host allowlist before they are
// followed, because a bearer token goes with them (design.md section 3).
import type { Api } from "../config/types.js";
import { assertFollowable } from "../http/links.js";
import type { HttpClient } from "../http/types.js";

/** `url` when a token may go to it, for either backend; `what` names the link in the refusal. */
export function followPagingLink(http: HttpClient, url: string, api: Api, what: string): string {
  return assertFollowable(http, url, {
    api,
    message: (origin) => `${what} points outside the allowed hosts (${origin}); it was not followed.`,
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
