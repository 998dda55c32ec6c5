// Turning a contentId or contentUri from a caller into a URI a bearer token may be sent to
// (o365-api.md 1.5.6). Both arrive from tool input or from the service, so both are checked.
import { O365Error } from "../errors.js";

const MAX_CONTENT_ID = 512;

/** Refuses ids that could change the path or query of the URI they are put in. */
export function assertContentId(contentId: string): void {
  const problem =
    contentId.length === 0
      ? "it is empty"
      : contentId.length > MAX_CONTENT_ID
        ? `it is longer than ${MAX_CONTENT_ID} characters`
        : /[/\\?#]/.test(contentId)
          ? "it contains '/', '\\', '?' or '#'"
          : contentId.includes("..")
            ? "it contains '..'"
            : /[\s\u0000-\u001f\u007f]/.test(contentId)
              ? "it contains whitespace or control characters"
              : undefined;
  if (problem === undefined) return;
  throw new O365Error({
    api: "input",
    code: "INVALID_CONTENT_ID",
    message: `The contentId is malformed: ${problem}.`,
    hint: "Pass the contentId exactly as list_available_content returned it (an opaque string with '$' separators), or pass its contentUri instead.",
  });
}

/** Percent-encodes a content id for one path segment; '$' stays literal as in the service's own URIs. */
export function encodeContentId(contentId: string): string {
  return encodeURIComponent(contentId).replace(/%24/g, "$");
}

/**
 * Checks that a contentUri is a blob of this tenant: an allowed host and a path
 * /api/v1.0/{tenantId}/activity/feed/audit/{id}. A foreign URI would receive our bearer token.
 */
export function checkContentUri(
  contentUri: string,
  tenantId: string,
  isAllowedUrl: (url: string) => boolean,
): URL {
  let url: URL | undefined;
  try {
    url = new URL(contentUri);
  } catch {
    url = undefined;
  }
  const refuse = (why: string, code = "CONTENT_URI_REFUSED"): never => {
    throw new O365Error({
      api: "input",
      code,
      message: `Refusing contentUri: ${why}.`,
      hint: "Pass a contentUri exactly as list_available_content returned it for this tenant, or its contentId.",
    });
  };
  if (url === undefined) return refuse("it is not an absolute URL");
  if (!isAllowedUrl(url.href))
    return refuse(`host ${url.host} is not an allowed Management API host`, "HOST_NOT_ALLOWED");
  const match = /^\/api\/v1(?:\.0)?\/([^/]+)\/activity\/feed\/audit\/([^/]+)$/.exec(url.pathname);
  if (!match) return refuse("its path is not /api/v1.0/{tenant}/activity/feed/audit/{contentId}");
  if (safeDecode(match[1]).toLowerCase() !== tenantId.toLowerCase()) {
    return refuse("it belongs to another tenant");
  }
  if (url.hash) return refuse("it has a fragment");
  // A server that decodes %2F or %5C before routing would read an encoded "..%2F" id as another path.
  if (/%2f|%5c/i.test(match[2]) || safeDecode(match[2]).includes("..")) {
    return refuse("its blob id holds an encoded slash or '..'");
  }
  // Service-made content URIs carry no query string; we only add PublisherIdentifier (o365-api.md 1.5.6).
  for (const key of url.searchParams.keys()) {
    if (key !== "PublisherIdentifier") return refuse(`it has a query parameter (${key.slice(0, 40)})`);
  }
  return url;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
