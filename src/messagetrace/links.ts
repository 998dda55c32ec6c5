// Paging links of both message-trace backends. A bearer token goes with them, so a link is followed only
// on its own API's host and documented path (design.md section 3; o365-api.md 2.4b, 3.2): a link (or a
// cursor holding one) can never make the server GET another resource, such as a mailbox under /v1.0/users,
// with the app's token, nor send one API's token to another API behind a shared gateway host.
import type { Api, Config } from "../config/types.js";
import { O365Error } from "../errors.js";
import { assertFollowable } from "../http/links.js";
import type { HttpClient } from "../http/types.js";

type TraceApi = Extract<Api, "graph" | "reporting">;

const API_NAMES: Record<TraceApi, string> = {
  graph: "Microsoft Graph message trace",
  reporting: "legacy Reporting Web Service",
};

/** The documented resource paths, below the configured URL's own path (o365-api.md 2.3, 3.2). */
const DOCUMENTED_PATHS: Record<TraceApi, RegExp> = {
  graph: /^\/v1\.0\/admin\/exchange\/tracing\/messageTraces(?:\/[^/]+\/getDetailsByRecipient\([^/]*\))?$/i,
  reporting: /^\/ecp\/reportingwebservice\/reporting\.svc\/MessageTrace(?:Detail)?$/i,
};

function configuredUrl(config: Config, api: TraceApi): URL | undefined {
  const url = api === "graph" ? config.endpoints.graphUrl : config.endpoints.reportingUrl;
  try {
    return url === undefined ? undefined : new URL(url);
  } catch {
    return undefined;
  }
}

/** True when `url` is on `api`'s configured origin and path: the check that decides which token it gets. */
export function isTraceLinkOf(config: Config, api: TraceApi, url: string): boolean {
  const root = configuredUrl(config, api);
  let link: URL;
  try {
    link = new URL(url);
  } catch {
    return false;
  }
  if (root === undefined || link.origin !== root.origin) return false;
  const prefix = root.pathname.replace(/\/+$/, "");
  if (prefix !== "" && !link.pathname.toLowerCase().startsWith(`${prefix.toLowerCase()}/`)) return false;
  return DOCUMENTED_PATHS[api].test(link.pathname.slice(prefix.length));
}

/** `url` when `api`'s token may go to it; `what` names the link in the refusal. No request otherwise. */
export function followPagingLink(
  deps: { config: Config; http: HttpClient },
  url: string,
  api: TraceApi,
  what: string,
): string {
  assertFollowable(deps.http, url, {
    api,
    message: (origin) => `${what} points outside the allowed hosts (${origin}); it was not followed.`,
    hint: "Continue only with paging links this server returned for the same backend; check O365_GRAPH_URL / O365_REPORTING_URL.",
  });
  if (isTraceLinkOf(deps.config, api, url)) return url;
  throw new O365Error({
    api,
    code: "LINK_NOT_FOLLOWED",
    message: `${what} is not a ${API_NAMES[api]} page on its configured URL; it was not followed.`,
    hint:
      api === "graph"
        ? "Graph next links must stay under {O365_GRAPH_URL}/v1.0/admin/exchange/tracing/messageTraces; repeat the call without cursor."
        : "Legacy next links must stay under {O365_REPORTING_URL}/ecp/reportingwebservice/reporting.svc/; repeat the call without cursor.",
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
