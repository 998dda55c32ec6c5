import { createHash, timingSafeEqual } from "node:crypto";

export type BearerVerdict = "ok" | "missing" | "invalid";

export const WWW_AUTHENTICATE_REALM = 'Bearer realm="office365-mcp"';

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * Checks `Authorization: Bearer <token>` against the configured token. Both sides are hashed first so the
 * comparison is constant-time and independent of the token length. No token configured = open.
 */
export function createBearerCheck(
  token: string | undefined,
): (authorization: string | undefined) => BearerVerdict {
  if (token === undefined || token === "") return () => "ok";
  const expected = digest(token);
  return (authorization) => {
    const m = authorization === undefined ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (!m) return "missing";
    return timingSafeEqual(digest(m[1]), expected) ? "ok" : "invalid";
  };
}

/** The challenge for a 401: realm always, plus the RFC 6750 error code when a token was sent but wrong. */
export function bearerChallenge(verdict: Exclude<BearerVerdict, "ok">): string {
  return verdict === "invalid" ? `${WWW_AUTHENTICATE_REALM}, error="invalid_token"` : WWW_AUTHENTICATE_REALM;
}
