// POST /{tenant}/oauth2/v2.0/token: client credentials (secret or certificate assertion) and the refresh-token
// grant with rotation, inactivity expiry and revocation (o365-api.md 4.2-4.5).
import type { EmuContext, EmuRequest, EmuResponse } from "../routing.js";
import { jsonResponse } from "../routing.js";
import { ACCESS_TOKEN_SECONDS, issueAccessToken } from "./access-token.js";
import { authenticateClient } from "./client-auth.js";
import { type AppRegistration, type EntraDirectory, permissionsFor } from "./directory.js";
import { AadstsError, missingParameter } from "./errors.js";
import { issueIdToken } from "./id-token.js";
import { resourceNamed } from "./resources.js";
import { clientCredentialsResource, delegatedScopes } from "./scopes.js";

const INACTIVITY_MS = 90 * 86_400_000;
const MULTI_TENANT = new Set(["common", "organizations", "consumers"]);

/** v1 = the legacy `/oauth2/token` with `resource` (the Management API docs' own samples, o365-api.md 4.1). */
export function handleTokenRequest(
  dir: EntraDirectory,
  pathTenant: string,
  req: EmuRequest,
  ctx: EmuContext,
  version: "v1" | "v2" = "v2",
): EmuResponse {
  if (req.method !== "POST") {
    throw new AadstsError(
      400,
      "invalid_request",
      900561,
      `The endpoint only accepts POST requests. Received a ${req.method} request.`,
    );
  }
  const form = isForm(req) ? new URLSearchParams(req.body.toString("utf8")) : new URLSearchParams();
  const grantType = form.get("grant_type");
  if (!grantType) throw missingParameter("grant_type");
  if (MULTI_TENANT.has(pathTenant.toLowerCase()) && grantType === "client_credentials") {
    throw new AadstsError(
      400,
      "invalid_request",
      9001023,
      "The grant type isn't supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.",
    );
  }
  const now = ctx.now();
  const canonicalTokenUrl = `${ctx.origins.login}/${dir.tenantId}/oauth2/${version === "v1" ? "token" : "v2.0/token"}`;
  const requestedUrl = `${ctx.origins.login}${req.url.pathname}`;
  const app = authenticateClient(dir, {
    form,
    authorization: typeof req.headers.authorization === "string" ? req.headers.authorization : undefined,
    tokenUrl: requestedUrl === canonicalTokenUrl ? canonicalTokenUrl : requestedUrl,
    alternateTokenUrl: canonicalTokenUrl,
    tenantId: dir.tenantId,
    now,
  });
  if (grantType === "client_credentials" && version === "v1")
    return clientCredentialsV1(dir, app, form, ctx, now);
  if (grantType === "client_credentials") return clientCredentials(dir, app, form, ctx, now);
  if (grantType === "refresh_token") return refreshGrant(dir, app, form, ctx, now);
  throw new AadstsError(
    400,
    "unsupported_grant_type",
    70003,
    `The app requested an unsupported grant type '${grantType}'.`,
  );
}

function clientCredentials(
  dir: EntraDirectory,
  app: AppRegistration,
  form: URLSearchParams,
  ctx: EmuContext,
  now: Date,
): EmuResponse {
  const scope = form.get("scope");
  if (!scope) throw missingParameter("scope");
  const resource = clientCredentialsResource(scope, ctx.origins);
  const roles = permissionsFor(app, resource.resource);
  const accessToken = issueAccessToken(dir, { audience: resource.origin, app, now, roles });
  return tokenResponse({
    token_type: "Bearer",
    expires_in: ACCESS_TOKEN_SECONDS,
    ext_expires_in: ACCESS_TOKEN_SECONDS,
    access_token: accessToken,
  });
}

// v1 answers numbers as strings and adds expires_on / not_before / resource (o365-api.md 4.1).
function clientCredentialsV1(
  dir: EntraDirectory,
  app: AppRegistration,
  form: URLSearchParams,
  ctx: EmuContext,
  now: Date,
): EmuResponse {
  const resource = form.get("resource");
  if (!resource) throw missingParameter("resource");
  const origin = resource.replace(/\/+$/, "");
  const name = resourceNamed(origin, ctx.origins);
  if (!name) {
    throw new AadstsError(
      400,
      "invalid_resource",
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${dir.tenantId}.`,
    );
  }
  const roles = permissionsFor(app, name);
  const seconds = Math.floor(now.getTime() / 1000);
  return tokenResponse({
    token_type: "Bearer",
    expires_in: String(ACCESS_TOKEN_SECONDS),
    ext_expires_in: String(ACCESS_TOKEN_SECONDS),
    expires_on: String(seconds + ACCESS_TOKEN_SECONDS),
    not_before: String(seconds),
    resource,
    access_token: issueAccessToken(dir, { audience: origin, app, now, roles }),
  });
}

function refreshGrant(
  dir: EntraDirectory,
  app: AppRegistration,
  form: URLSearchParams,
  ctx: EmuContext,
  now: Date,
): EmuResponse {
  const presented = form.get("refresh_token");
  if (!presented) throw missingParameter("refresh_token");
  const grant = dir.refreshTokens.get(presented);
  if (!grant)
    throw new AadstsError(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");
  if (grant.clientId !== app.clientId) {
    throw new AadstsError(
      400,
      "invalid_grant",
      70000,
      "Provided grant is invalid or malformed. The refresh token was issued to a different client.",
    );
  }
  const issued = grant.grantIssuedAt.toISOString();
  if (grant.revoked) {
    throw new AadstsError(
      400,
      "invalid_grant",
      50173,
      `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${issued}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${now.toISOString()}'.`,
    );
  }
  if (now.getTime() - grant.lastUsedAt.getTime() > INACTIVITY_MS) {
    throw new AadstsError(
      400,
      "invalid_grant",
      700082,
      `The refresh token has expired due to inactivity. The token was issued on ${issued} and was inactive for 90.00:00:00.`,
    );
  }
  const scopes = delegatedScopes(form.get("scope"), ctx.origins);
  // Rotation: a new refresh token each time; the presented one stays valid (o365-api.md 4.3).
  grant.lastUsedAt = now;
  const refreshToken = dir.mintRefreshToken({
    clientId: app.clientId,
    user: grant.user,
    grantIssuedAt: grant.grantIssuedAt,
    lastUsedAt: now,
  });
  const scp = permissionsFor(app, scopes.resource.resource);
  const body: Record<string, unknown> = {
    token_type: "Bearer",
    scope: scopes.granted.join(" "),
    expires_in: ACCESS_TOKEN_SECONDS,
    ext_expires_in: ACCESS_TOKEN_SECONDS,
    access_token: issueAccessToken(dir, {
      audience: scopes.resource.origin,
      app,
      now,
      user: grant.user,
      scp,
    }),
    refresh_token: refreshToken,
  };
  if (scopes.oidc.includes("openid"))
    body.id_token = issueIdToken(dir, { app, user: grant.user, now, loginOrigin: ctx.origins.login });
  // msal-node builds its account from client_info (base64url JSON {uid, utid}).
  if (form.get("client_info") === "1") {
    body.client_info = Buffer.from(JSON.stringify({ uid: grant.user.oid, utid: dir.tenantId })).toString(
      "base64url",
    );
  }
  return tokenResponse(body);
}

function tokenResponse(body: Record<string, unknown>): EmuResponse {
  return jsonResponse(200, body, { "Cache-Control": "no-store, no-cache", Pragma: "no-cache" });
}

function isForm(req: EmuRequest): boolean {
  const type = req.headers["content-type"];
  return typeof type === "string" && type.toLowerCase().startsWith("application/x-www-form-urlencoded");
}
