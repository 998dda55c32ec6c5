// Every non-2xx answer becomes one O365Error whose hint says what to do. The code -> hint table lives here
// and only here (style.md: no string matching on messages outside the error mapper).
import type { Api } from "../config/types.js";
import { O365Error } from "../errors.js";
import { parseRetryAfter, parseRetryAfterText } from "./retry-after.js";

export interface FailedResponse {
  api: Api;
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  url: string;
}

interface CodeInfo {
  hint: string | ((ctx: { contentType: string; message: string }) => string);
  retryable?: boolean;
}

const WINDOW_HINT =
  "Use a window of at most 24 hours with startTime before endTime, both or neither given, and startTime within the last 7 days; check the local clock if the window looked right.";

// Management Activity API codes (o365-api.md 1.7).
const MANAGEMENT_CODES: Record<string, CodeInfo> = {
  AF10001: { hint: ({ contentType, message }) => missingPermissionHint(contentType, message) },
  AF20001: { hint: "A required parameter is missing: this is a client bug, report it with the request." },
  AF20002: { hint: "A parameter has the wrong type: this is a client bug, report it with the request." },
  AF20003: { hint: "The webhook expiration is in the past: give a future expiration or none." },
  AF20010: {
    hint: "The token's tenant differs from O365_TENANT_ID: set O365_TENANT_ID to the tenant the app signs in to (and the matching cloud).",
  },
  AF20011: {
    hint: "The tenant is unknown to the Management API: check O365_TENANT_ID and O365_CLOUD, and that unified audit logging is turned on.",
  },
  AF20012: {
    hint: "The tenant is not configured for the Management API: check that unified audit logging is turned on.",
  },
  AF20013: { hint: "O365_TENANT_ID must be the tenant GUID, not a domain." },
  AF20020: {
    hint: "Use one of the content types Audit.AzureActiveDirectory, Audit.Exchange, Audit.SharePoint, Audit.General, DLP.All.",
  },
  AF20021: {
    hint: "The webhook could not be validated: it must be an https:// address that answers the validation POST with HTTP 200.",
  },
  AF20022: {
    hint: ({ contentType }) =>
      `No subscription for this content type: start a subscription for ${contentType} with start_subscription (new content can take up to 12 hours to appear).`,
  },
  AF20023: {
    hint: ({ contentType }) =>
      `The subscription is disabled. If ${contentType} was just started again after a stop, Microsoft keeps answering AF20023 for a while: wait some minutes and retry, without starting it again. Otherwise start it again with start_subscription (content from the gap is lost).`,
  },
  AF20024: { hint: "The subscription is already enabled; nothing to do." },
  AF20030: { hint: WINDOW_HINT },
  AF20055: { hint: WINDOW_HINT },
  AF20031: { hint: "The nextPage token is invalid or stale: list the window again from its start." },
  AF20050: {
    hint: "That content does not exist: list available content again to get current contentUri values.",
  },
  AF20051: {
    hint: "The content expired: blobs can be retrieved for 7 days only, so this data is gone from the API.",
  },
  AF20052: {
    hint: "The content id is invalid: use a contentId or contentUri exactly as list_available_content returned it.",
  },
  AF20053: { hint: "Send only one language in Accept-Language." },
  AF20054: { hint: "The Accept-Language header is malformed." },
  AF429: {
    hint: "The tenant's Management API quota (about 2,000 requests/minute) is exhausted: wait a minute, narrow the window or reduce concurrency.",
    retryable: true,
  },
  AF50000: { hint: "Microsoft reported an internal error: retry later.", retryable: true },
  AF50005: { hint: "Microsoft reported an internal error: retry later.", retryable: true },
  AF50006: { hint: "Microsoft reported an internal error: retry later.", retryable: true },
};

const DLP_CONTENT_TYPE = "dlp.all";

// AF10001 names no missing permission: its "(...)" lists what the token carries (o365-api.md 1.3). DLP.All
// needs ActivityFeed.ReadDlp besides ActivityFeed.Read; a blob GET has no contentType, so the list decides.
function missingPermissionHint(contentType: string, message: string): string {
  const carried = /permission set \(([^)]*)\)/i.exec(message)?.[1]?.split(/\s+/) ?? [];
  const hasRead = carried.some((p) => p.toLowerCase() === "activityfeed.read");
  const grant = (perm: string) =>
    `grant the app the ${perm} application permission on 'Office 365 Management APIs' with admin consent, then get a new token`;
  if (contentType.toLowerCase() === DLP_CONTENT_TYPE || hasRead)
    return `DLP.All needs ActivityFeed.ReadDlp as well as ActivityFeed.Read: ${grant("ActivityFeed.ReadDlp")}.`;
  const read = grant("ActivityFeed.Read");
  return `${read[0].toUpperCase()}${read.slice(1)}.`;
}

const GRAPH_SP_HINT =
  "Graph message trace needs Microsoft's service principal in your tenant: run New-MgServicePrincipal -AppId 8bd644d1-64a1-4d4b-ae52-2e0cbf64e373, wait a few hours for it to propagate, and grant the app ExchangeMessageTrace.Read.All with admin consent.";

function parseBody(text: string): { code?: string; message?: string; requestId?: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof json !== "object" || json === null) return {};
  const obj = json as Record<string, unknown>;
  // The legacy service's JSON-light errors use "odata.error" (o365-api.md 2.8); OData v2 and Graph "error".
  const err = obj["error"] ?? obj["odata.error"];
  if (typeof err === "object" && err !== null) {
    const e = err as Record<string, unknown>;
    const inner = (e["innerError"] ?? e["innererror"]) as Record<string, unknown> | undefined;
    const msg = e["message"];
    return {
      code: typeof e["code"] === "string" ? e["code"] : undefined,
      message:
        typeof msg === "string"
          ? msg
          : typeof msg === "object" && msg
            ? String((msg as { value?: unknown }).value ?? "")
            : undefined,
      requestId: typeof inner?.["request-id"] === "string" ? (inner["request-id"] as string) : undefined,
    };
  }
  // Legacy Reporting Web Service: {"ErrorCode":"","Message":"..."} (o365-api.md 2.8).
  if (typeof obj["Message"] === "string") {
    return {
      code: typeof obj["ErrorCode"] === "string" && obj["ErrorCode"] ? obj["ErrorCode"] : undefined,
      message: obj["Message"],
    };
  }
  return {};
}

/** Service messages can carry .NET stack traces (o365-api.md 1.7 "Tenant does not exist"): keep the first part. */
function cleanMessage(message: string): string {
  const cut = message.split(/\r?\n\s+at /)[0].trim();
  return cut.length > 400 ? `${cut.slice(0, 400)}...` : cut;
}

function requestIdOf(headers: Record<string, string>): string | undefined {
  return (
    headers["request-id"] ??
    headers["x-ms-request-id"] ??
    headers["client-request-id"] ??
    headers["x-ms-correlation-id"]
  );
}

export function mapHttpError(res: FailedResponse, now: Date = new Date()): O365Error {
  const { api, status, headers } = res;
  const body = parseBody(res.bodyText);
  const requestId = requestIdOf(headers) ?? body.requestId;
  const contentType = new URL(res.url).searchParams.get("contentType") ?? "that content type";
  const headerWait = parseRetryAfter(headers["retry-after"], now);
  const base = { api, status, requestId };
  const code = body.code;

  if (code && MANAGEMENT_CODES[code]) {
    const info = MANAGEMENT_CODES[code];
    return new O365Error({
      ...base,
      code,
      message: cleanMessage(body.message ?? code),
      hint:
        typeof info.hint === "function" ? info.hint({ contentType, message: body.message ?? "" }) : info.hint,
      retryable: info.retryable ?? false,
      retryAfterMs: headerWait,
    });
  }
  // Subscription start throttle: code "429" on HTTP 403 (or 429), wait only in the text (o365-api.md 1.5.1).
  if (code === "429") {
    const wait = parseRetryAfterText(body.message) ?? headerWait ?? 15 * 60_000;
    return new O365Error({
      ...base,
      code,
      message: cleanMessage(body.message ?? "Too many subscription start requests."),
      hint: `Microsoft asks for 15 minutes between subscription start requests, and the wait may cover every content type of the tenant, not only this one: nothing is broken, wait ${formatWait(wait)} and start it again. To start several content types, give them together to start_subscription (comma-separated), which plans the waits.`,
      retryable: true,
      retryAfterMs: wait,
    });
  }
  if (code && /DataServiceException|does not exist/i.test(`${code} ${body.message ?? ""}`)) {
    return new O365Error({
      ...base,
      code: "TENANT_NOT_ONBOARDED",
      message: cleanMessage(body.message ?? code),
      hint: "Microsoft says the tenant does not exist for auditing: unified audit logging is off or the tenant was never onboarded. Turn it on (Purview > Audit > Start recording user and admin activity, or Set-AdminAuditLogConfig -UnifiedAuditLogIngestionEnabled $true), wait up to an hour, then start the subscription again; also check O365_TENANT_ID.",
    });
  }

  const message = cleanMessage(body.message ?? statusText(status));
  const retryableStatus = status === 408 || status === 429 || status >= 500;
  const outCode = code || `HTTP_${status}`;
  let hint: string;
  if (status === 429)
    hint = "The service is throttling this tenant: wait and retry, or ask for less at once.";
  else if (status >= 500) hint = "The service had a transient failure: retry later.";
  else if (status === 401 && api === "graph") hint = GRAPH_SP_HINT;
  else if (status === 401 && api === "reporting")
    hint =
      "The Reporting Web Service rejected the token: grant ReportingWebService.Read.All on 'Office 365 Exchange Online' with admin consent, and keep the scope https://outlook.office365.com/.default.";
  else if (status === 401)
    hint =
      "The Management API rejected the token even after a refresh: check that O365_SCOPES/O365_CLOUD match the management host and the app has ActivityFeed.Read with admin consent.";
  else if (status === 403 && api === "reporting")
    hint =
      "The app has no admin role: assign its service principal Global Reader or Security Reader (or Exchange Administrator) in Entra.";
  else if (status === 403 && api === "graph")
    hint =
      "Grant the app ExchangeMessageTrace.Read.All (application) on Microsoft Graph and grant admin consent.";
  else if (status === 404 && api === "reporting")
    hint =
      "The legacy Reporting Web Service message trace is not available to this tenant (new tenants never had it): use the Graph backend.";
  else if (status === 400 && api === "graph")
    hint =
      "Graph message trace windows must be at most 10 days, start within the last 90 days and end no later than now.";
  else if (status === 404) hint = "The resource was not found: check the URL settings for this cloud.";
  else hint = "The request was rejected: check the arguments against the tool description.";
  return new O365Error({
    ...base,
    code: outCode,
    message,
    hint,
    retryable: retryableStatus,
    retryAfterMs: headerWait,
  });
}

function formatWait(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s}s`;
}

function statusText(status: number): string {
  if (status === 401) return "Unauthorized.";
  if (status === 403) return "Forbidden.";
  if (status === 404) return "Not found.";
  if (status === 429) return "Too many requests.";
  return `The service answered HTTP ${status}.`;
}
