// Effective endpoints and scopes: cloud preset, overridden by explicit URLs (design.md section 3).
import { PRESETS } from "./presets.js";
import type { RawConfig } from "./schema.js";
import type { Api, Cloud, Endpoints } from "./types.js";

const TOKEN_PATH = "/oauth2/v2.0/token";
const EXCHANGE_ONLINE_SCOPE = PRESETS.commercial.scopes.reporting as string;

/** A host root such as https://manage.office.com: https, no path, query or credentials. */
function parseHostRoot(value: string, what: string, problems: string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${what} is not a valid URL`);
    return undefined;
  }
  if (url.protocol !== "https:") problems.push(`${what} must use https://`);
  else if (url.username || url.password) problems.push(`${what} must not carry credentials`);
  else if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash)
    problems.push(`${what} must be a host root without a path (e.g. https://manage.office.com)`);
  else return url.origin;
  return undefined;
}

export function resolveEndpoints(
  raw: RawConfig,
  cloud: Cloud,
  tenantId: string,
  problems: string[],
): { endpoints?: Endpoints; scopes: Record<Api, string[]> } {
  const preset = cloud === "custom" ? undefined : PRESETS[cloud];
  if (cloud === "custom") {
    if (!raw.managementUrl) problems.push("cloud custom needs O365_MANAGEMENT_URL (--management-url)");
    if (!raw.tokenUrl) problems.push("cloud custom needs O365_TOKEN_URL (--token-url)");
  }
  const managementUrl = raw.managementUrl
    ? parseHostRoot(raw.managementUrl, "management URL (O365_MANAGEMENT_URL)", problems)
    : preset?.managementUrl;
  const graphUrl = raw.graphUrl
    ? parseHostRoot(raw.graphUrl, "graph URL (O365_GRAPH_URL)", problems)
    : preset?.graphUrl;
  const reportingUrl = raw.reportingUrl
    ? parseHostRoot(raw.reportingUrl, "reporting URL (O365_REPORTING_URL)", problems)
    : preset?.reportingUrl;
  const tokenUrl = raw.tokenUrl
    ? parseTokenUrl(raw.tokenUrl, tenantId, problems)
    : preset
      ? `${preset.loginUrl}/${tenantId}${TOKEN_PATH}`
      : undefined;

  // A preset scope only fits the preset host; an explicit host gets its own "{url}/.default". Not for the
  // Reporting Web Service: it takes Exchange Online's tokens whatever host serves it (o365-api.md 2.2), so
  // it keeps the cloud's Exchange resource (commercial for a custom cloud) unless O365_SCOPES says otherwise.
  const scopeFor = (api: Api, url: string | undefined, presetUrl: string | undefined): string[] => {
    const explicit = raw.scopes?.[api];
    if (explicit && explicit.length > 0) return explicit;
    if (!url) return [];
    const presetScope = preset?.scopes[api];
    if (presetScope && (url === presetUrl || api === "reporting")) return [presetScope];
    if (api === "reporting") return [EXCHANGE_ONLINE_SCOPE];
    return [`${url}/.default`];
  };
  const scopes: Record<Api, string[]> = {
    management: scopeFor("management", managementUrl, preset?.managementUrl),
    graph: scopeFor("graph", graphUrl, preset?.graphUrl),
    reporting: scopeFor("reporting", reportingUrl, preset?.reportingUrl),
  };
  if (!managementUrl || !tokenUrl) return { scopes };
  const authority = tokenUrl.slice(0, -TOKEN_PATH.length);
  return { endpoints: { tokenUrl, authority, managementUrl, graphUrl, reportingUrl }, scopes };
}

function parseTokenUrl(value: string, tenantId: string, problems: string[]): string | undefined {
  const what = "token URL (O365_TOKEN_URL)";
  const substituted = value.replace(/\{tenant(Id)?\}/g, tenantId);
  let url: URL;
  try {
    url = new URL(substituted);
  } catch {
    problems.push(`${what} is not a valid URL`);
    return undefined;
  }
  if (url.protocol !== "https:") problems.push(`${what} must use https://`);
  else if (url.username || url.password || url.search || url.hash)
    problems.push(`${what} must not carry credentials, a query or a fragment`);
  else if (!url.pathname.endsWith(TOKEN_PATH) || url.pathname.length <= TOKEN_PATH.length + 1)
    problems.push(`${what} must look like https://login.example/{tenant}${TOKEN_PATH}`);
  else return `${url.origin}${url.pathname}`;
  return undefined;
}

/**
 * Whether the Purview audit search API (Graph security/auditLog/queries) exists where this configuration
 * points: the global service only; not US Gov L4/L5 nor China (audit-search-api.md 4.5). GCC uses the
 * global Graph host (availability there is UNCONFIRMED, so it is tried). A custom cloud is the user's call.
 */
export function auditSearchAvailable(cloud: Cloud, graphUrl: string | undefined): boolean {
  if (graphUrl === undefined) return false;
  return cloud === "commercial" || cloud === "gcc" || cloud === "custom";
}
