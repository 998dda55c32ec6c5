// Management Activity API errors: `{"error":{"code","message"}}` with the statuses of o365-api.md 1.7
// (observed where known; our choice, noted, where Microsoft documents none).
import { type EmuResponse, jsonResponse, RouteError } from "../routing.js";

export class AfError extends RouteError {}

export function afResponse(err: AfError): EmuResponse {
  return jsonResponse(err.status, { error: { code: err.code, message: err.message } }, err.headers);
}

const WINDOW_RULE =
  "Start time and end time must both be specified (or both omitted) and must be less than or equal to 24 hours apart, with the start time no more than 7 days in the past";

export const af = {
  // AF10001 and AF20010: statuses undocumented; 401 (the token does not authorize this request).
  noPermission: (perms: string[]) =>
    new AfError(
      401,
      "AF10001",
      `The permission set (${perms.join(" ")}) sent in the request did not include the expected permission ActivityFeed.Read.`,
    ),
  // DLP.All without ActivityFeed.ReadDlp: the live text names no permission, only the token's (1.3).
  missingDlpPermission: (perms: string[]) =>
    new AfError(
      401,
      "AF10001",
      `The permission set (${perms.join(" ")}) sent in the request does not include the expected permission.`,
    ),
  tenantMismatch: (urlTenant: string, tokenTenant: string) =>
    new AfError(
      401,
      "AF20010",
      `The tenant ID passed in the URL (${urlTenant}) does not match the tenant ID passed in the access token (${tokenTenant}).`,
    ),
  missing: (name: string) => new AfError(400, "AF20001", `Missing parameter: ${name}.`),
  badType: (name: string, type: string) =>
    new AfError(400, "AF20002", `Invalid parameter type: ${name}. Expected type: ${type}`),
  pastExpiration: (value: string) =>
    new AfError(400, "AF20003", `Expiration ${value} provided is set to past date and time.`),
  badTenant: (tenant: string) =>
    new AfError(400, "AF20013", `The tenant ID passed in the URL (${tenant}) is not a valid GUID.`),
  badContentType: () => new AfError(400, "AF20020", "The specified content type is not valid."),
  webhookNotValidated: (address: string, why: string) =>
    new AfError(400, "AF20021", `The webhook endpoint ${address} could not be validated. ${why}`),
  noSubscription: () => new AfError(400, "AF20022", "No subscription found for the specified content type."),
  // Live text observed without the "by {0}" part (o365-api.md 1.7).
  disabled: () => new AfError(400, "AF20023", "The subscription was disabled."),
  alreadyEnabled: () =>
    new AfError(400, "AF20024", "The subscription is already enabled. No property change."),
  window: () => new AfError(400, "AF20030", `${WINDOW_RULE}.`),
  windowOrder: () => new AfError(400, "AF20055", `${WINDOW_RULE} and start time prior to end time.`),
  badNextPage: (value: string) => new AfError(400, "AF20031", `Invalid nextPage Input: ${value}.`),
  contentMissing: (id: string) =>
    new AfError(400, "AF20050", `The specified content (${id}) does not exist.`),
  contentExpired: (id: string) =>
    new AfError(
      400,
      "AF20051",
      `Content requested with the key ${id} has already expired. Content older than 7 days cannot be retrieved.`,
    ),
  badContentId: (id: string) => new AfError(400, "AF20052", `Content ID ${id} in the URL is invalid.`),
  manyLanguages: () =>
    new AfError(400, "AF20053", "Only one language may be present in the Accept-Language header."),
  badLanguage: () => new AfError(400, "AF20054", "Invalid syntax in Accept-Language header."),
  // AF429 comes on HTTP 403 (o365-api.md 1.8).
  throttled: (method: string, publisher: string, headers: Record<string, string> = {}) =>
    new AfError(403, "AF429", `Too many requests. Method=${method}, PublisherId=${publisher}`, headers),
  internal: () => new AfError(500, "AF50000", "An internal error occurred. Retry the request."),
};
