// The Entra stand-in listener: token endpoint, OpenID metadata, instance discovery and signing keys.
import {
  type EmuContext,
  type EmuRequest,
  type EmuResponse,
  jsonResponse,
  type RouteHandler,
} from "../routing.js";
import type { EntraDirectory } from "./directory.js";
import { AadstsError, aadstsResponse } from "./errors.js";
import { handleTokenRequest } from "./token-endpoint.js";

const MULTI_TENANT = new Set(["common", "organizations", "consumers"]);

export function createEntraRoute(dir: EntraDirectory): RouteHandler {
  return async (req, ctx) => {
    try {
      return route(dir, req, ctx);
    } catch (err) {
      if (err instanceof AadstsError) return aadstsResponse(err, ctx.now(), ctx.origins.login);
      throw err;
    }
  };
}

function route(dir: EntraDirectory, req: EmuRequest, ctx: EmuContext): EmuResponse {
  const segments = req.url.pathname.split("/").filter(Boolean);
  const path = segments.slice(1).join("/");
  if (segments[0] === "common" && path === "discovery/instance") return instanceDiscovery(req, ctx);
  if (segments.join("/") === "discovery/v2.0/keys" || path === "discovery/v2.0/keys") return keys(dir);
  if (segments.length === 0) return jsonResponse(404, { error: "not_found" });
  const tenant = segments[0];
  const known =
    tenant.toLowerCase() === dir.tenantId ||
    tenant.toLowerCase() === ctx.tenant.domain.toLowerCase() ||
    MULTI_TENANT.has(tenant.toLowerCase());
  if (!known) {
    throw new AadstsError(
      400,
      "invalid_request",
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    );
  }
  if (path === "oauth2/v2.0/token") return handleTokenRequest(dir, tenant, req, ctx);
  if (path === "oauth2/token") return handleTokenRequest(dir, tenant, req, ctx, "v1");
  if (path === "v2.0/.well-known/openid-configuration" || path === ".well-known/openid-configuration") {
    return jsonResponse(
      200,
      openIdConfiguration(MULTI_TENANT.has(tenant.toLowerCase()) ? "{tenantid}" : dir.tenantId, tenant, ctx),
    );
  }
  return jsonResponse(404, {
    error: "not_found",
    error_description: `No route for ${req.method} ${req.url.pathname}`,
  });
}

function openIdConfiguration(
  issuerTenant: string,
  pathTenant: string,
  ctx: EmuContext,
): Record<string, unknown> {
  const base = `${ctx.origins.login}/${pathTenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${ctx.origins.login}/${pathTenant}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${ctx.origins.login}/${issuerTenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${ctx.origins.login}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      "sub",
      "iss",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "nonce",
      "preferred_username",
      "name",
      "tid",
      "ver",
      "oid",
    ],
    tenant_region_scope: "NA",
    cloud_instance_name: new URL(ctx.origins.login).host,
    cloud_graph_host_name: new URL(ctx.origins.graph).host,
    msgraph_host: new URL(ctx.origins.graph).host,
  };
}

// msal-node may ask /common/discovery/instance?authorization_endpoint=...; answer for the emulator host only.
function instanceDiscovery(req: EmuRequest, ctx: EmuContext): EmuResponse {
  const host = new URL(ctx.origins.login).host;
  const authorize = req.url.searchParams.get("authorization_endpoint");
  let tenant = ctx.tenant.tenantId;
  if (authorize) {
    const match = /^https:\/\/[^/]+\/([^/]+)\//.exec(authorize);
    if (match) tenant = match[1];
  }
  return jsonResponse(200, {
    tenant_discovery_endpoint: `${ctx.origins.login}/${tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

function keys(dir: EntraDirectory): EmuResponse {
  const jwk = dir.verifyKey.export({ format: "jwk" });
  return jsonResponse(200, {
    keys: [{ kty: "RSA", use: "sig", kid: dir.keyId, x5t: dir.keyId, n: jwk.n, e: jwk.e }],
  });
}
