// Access tokens the emulator issues (RS256 JWTs, v1 claim layout as in o365-api.md 1.2) and the bearer check
// every emulated API runs on them.
import { randomUUID } from "node:crypto";
import { decodeJwt, signJwt, verifyJwtSignature } from "../jwt.js";
import type { EmuRequest, TokenCheck } from "../routing.js";
import type { AppRegistration, DelegatedUser, EntraDirectory } from "./directory.js";

export const ACCESS_TOKEN_SECONDS = 3599;

export interface AccessTokenInput {
  audience: string;
  app: AppRegistration;
  now: Date;
  /** App-only permissions (roles claim); omitted from the token when empty, as Entra does. */
  roles?: string[];
  /** Delegated: the signed-in user and the scp claim. */
  user?: DelegatedUser;
  scp?: string[];
}

export function issueAccessToken(dir: EntraDirectory, input: AccessTokenInput): string {
  const iat = Math.floor(input.now.getTime() / 1000);
  const claims: Record<string, unknown> = {
    aud: input.audience,
    iss: `https://sts.windows.net/${dir.tenantId}/`,
    iat,
    nbf: iat,
    exp: iat + ACCESS_TOKEN_SECONDS,
    appid: input.app.clientId,
    appidacr: input.app.certificate ? "2" : "1",
    idp: `https://sts.windows.net/${dir.tenantId}/`,
    tid: dir.tenantId,
    uti: randomUUID(),
    ver: "1.0",
  };
  if (input.user) {
    Object.assign(claims, {
      oid: input.user.oid,
      sub: input.user.oid,
      upn: input.user.upn,
      name: input.user.name,
      scp: (input.scp ?? []).join(" "),
      wids: input.app.wids,
    });
  } else {
    const oid = input.app.clientId.replace(/^.{8}/, "5e7c1a00");
    Object.assign(claims, { oid, sub: oid, idtyp: "app" });
    if (input.roles && input.roles.length > 0) claims.roles = input.roles;
    if (input.app.wids.length > 0) claims.wids = input.app.wids;
  }
  return signJwt({ kid: dir.keyId, x5t: dir.keyId }, claims, dir.signingKey, "RS256");
}

/** Verifies `Authorization: Bearer` for an API that accepts any of `audiences` (resources.ts). */
export function checkBearer(
  dir: EntraDirectory,
  req: EmuRequest,
  audiences: readonly string[],
  now: Date,
): TokenCheck {
  const header = req.headers.authorization;
  const match = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) return { ok: false, status: 401, reason: "missing" };
  const jwt = decodeJwt(match[1]);
  if (!jwt || !verifyJwtSignature(jwt, dir.verifyKey, ["RS256"]))
    return { ok: false, status: 401, reason: "invalid" };
  const seconds = now.getTime() / 1000;
  const { exp, nbf } = jwt.payload;
  if (typeof exp !== "number" || seconds >= exp) return { ok: false, status: 401, reason: "expired" };
  if (typeof nbf === "number" && seconds < nbf - 300) return { ok: false, status: 401, reason: "invalid" };
  const aud = jwt.payload.aud;
  if (typeof aud !== "string" || !audiences.includes(aud))
    return { ok: false, status: 401, reason: "audience" };
  return { ok: true, claims: jwt.payload };
}

/** The permissions a verified token carries: app roles or delegated scp. */
export function grantedPermissions(claims: Record<string, unknown>): string[] {
  const roles = Array.isArray(claims.roles)
    ? claims.roles.filter((r): r is string => typeof r === "string")
    : [];
  const scp = typeof claims.scp === "string" ? claims.scp.split(" ").filter(Boolean) : [];
  return [...roles, ...scp];
}
