// MSAL / Entra failures -> O365Error { api: "auth" } with a hint (o365-api.md 4.4). Branches on the AADSTS
// number (error_codes), never on description text beyond extracting it.
import { AuthError } from "@azure/msal-node";
import { O365Error } from "../errors.js";
import { TransportAuthError } from "./network-client.js";

const REFRESH_HINT =
  "The refresh token is expired or revoked: re-run the delegated consent/sign-in, set the new O365_REFRESH_TOKEN, and restart (a stale O365_TOKEN_CACHE is replaced on the next success).";
const CONSENT_HINT =
  "The permission is not granted: add the API permission to the app registration (ActivityFeed.Read, ExchangeMessageTrace.Read.All or ReportingWebService.Read.All) and grant admin consent.";
const SCOPE_HINT =
  "The scope is not valid: client credentials need '{resource}/.default' (e.g. https://manage.office.com/.default); check O365_SCOPES and O365_CLOUD.";

const AADSTS_HINTS: Record<number, { hint: string; retryable?: boolean }> = {
  7000215: {
    hint: "The secret is wrong: use the secret value, not its id (Certificates & secrets > Value).",
  },
  7000222: {
    hint: "The client secret has expired: create a new secret in the app registration and update O365_CLIENT_SECRET.",
  },
  7000218: { hint: "No credential was sent: set O365_CLIENT_SECRET or O365_CLIENT_CERT_FILE." },
  700027: {
    hint: "The certificate assertion was rejected: upload this certificate (public part) to the app registration and check the PEM key matches it.",
  },
  700016: {
    hint: "The app was not found in the tenant: check O365_CLIENT_ID and O365_TENANT_ID (and the cloud, O365_CLOUD).",
  },
  90002: {
    hint: "The tenant was not found: check O365_TENANT_ID and that O365_CLOUD matches the tenant's cloud.",
  },
  70011: { hint: SCOPE_HINT },
  1002012: { hint: SCOPE_HINT },
  500011: {
    hint: "The API's service principal does not exist in the tenant: the tenant may lack the service, or O365_CLOUD / O365_SCOPES point at the wrong cloud.",
  },
  650057: { hint: CONSENT_HINT },
  650056: { hint: CONSENT_HINT },
  65001: { hint: CONSENT_HINT },
  700082: { hint: REFRESH_HINT },
  70008: { hint: REFRESH_HINT },
  700084: { hint: REFRESH_HINT },
  50173: { hint: REFRESH_HINT },
  70043: { hint: REFRESH_HINT },
  900144: { hint: "The token request missed a parameter: check O365_CLIENT_ID and the credential settings." },
  9001023: { hint: "Use a tenant-specific token endpoint: O365_TENANT_ID must be the tenant GUID." },
  50196: { hint: "Too many identical token requests: tokens are cached, so another process may be looping." },
  90055: { hint: "Entra is throttling this tenant: wait a minute and retry.", retryable: true },
  53003: {
    hint: "A Conditional Access policy blocked the sign-in: exclude the app or service principal from it.",
  },
};

export function mapAuthError(
  e: unknown,
  secrets: (string | undefined)[] = [],
  transportFailure?: O365Error,
): O365Error {
  if (e instanceof O365Error) return e;
  if (e instanceof TransportAuthError) return e.o365;
  if (transportFailure && e instanceof AuthError && e.errorCode === "network_error") return transportFailure;
  const scrub = (text: string): string => {
    let out = text;
    for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join("[redacted]");
    return out;
  };
  if (e instanceof AuthError) {
    const detail = `${e.errorMessage ?? ""} ${e.message ?? ""}`;
    const errorNo = (e as { errorNo?: string | number }).errorNo;
    const num = Number(errorNo ?? /AADSTS(\d+)/.exec(detail)?.[1] ?? Number.NaN);
    const description = /(AADSTS\d+:[^\r\n]*?)(?:\s+Trace ID:|\s+- Correlation ID|\r|\n|$)/.exec(detail)?.[1];
    const status = (e as { status?: number }).status;
    if (!Number.isNaN(num)) {
      const known = AADSTS_HINTS[num];
      return new O365Error({
        api: "auth",
        status,
        code: `AADSTS${num}`,
        message: scrub(description ?? `Token request failed (${e.errorCode}).`),
        hint:
          known?.hint ??
          `Entra refused the token request; see https://login.microsoftonline.com/error?code=${num}.`,
        retryable: known?.retryable ?? e.errorCode === "temporarily_unavailable",
        cause: e,
      });
    }
    return new O365Error({
      api: "auth",
      status,
      code: e.errorCode || "AUTH_ERROR",
      message: scrub(`Token request failed: ${e.errorMessage || e.errorCode}`.slice(0, 400)),
      hint: "Check O365_TOKEN_URL / O365_CLOUD, the network path to the token endpoint, and the credential settings.",
      cause: e,
    });
  }
  return new O365Error({
    api: "auth",
    code: "AUTH_ERROR",
    message: scrub(`Token request failed: ${e instanceof Error ? e.message : String(e)}`.slice(0, 400)),
    hint: "Check the credential settings and the token endpoint (O365_TOKEN_URL / O365_CLOUD).",
    cause: e,
  });
}
