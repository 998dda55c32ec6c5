// Links the services hand back (NextPageUri, @odata.nextLink, __next, contentUri) carry our bearer token
// when followed, so each is checked against the host allowlist first (design.md section 3).
import type { Api } from "../config/types.js";
import { O365Error } from "../errors.js";
import type { HttpClient } from "./types.js";

/** The origin of `url` for a message, or undefined when it is not a URL. */
export function safeOrigin(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export interface LinkRefusal {
  api: Api;
  /** The message, given the link's origin ("not a URL" when it has none). */
  message(origin: string): string;
  hint: string;
}

/** Returns `url` unchanged when a token may go to it; otherwise throws HOST_NOT_ALLOWED without a request. */
export function assertFollowable(
  http: Pick<HttpClient, "isAllowedUrl">,
  url: string,
  refusal: LinkRefusal,
): string {
  let allowed = false;
  try {
    allowed = http.isAllowedUrl(new URL(url).href);
  } catch {
    allowed = false;
  }
  if (allowed) return url;
  throw new O365Error({
    api: refusal.api,
    code: "HOST_NOT_ALLOWED",
    message: refusal.message(safeOrigin(url) ?? "not a URL"),
    hint: refusal.hint,
  });
}
