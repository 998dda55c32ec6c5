// TokenProvider on msal-node ConfidentialClientApplication (design.md section 4): client credentials with a
// secret or certificate, or the refresh-token grant with a persisted cache. Tokens are cached per API until
// shortly before expiry and concurrent callers share one in-flight request.
import {
  type AccountInfo,
  type AuthenticationResult,
  ConfidentialClientApplication,
  type Configuration,
  type INetworkModule,
  LogLevel,
} from "@azure/msal-node";
import type { Dispatcher } from "undici";
import type { Api, Config } from "../config/types.js";
import { O365Error } from "../http/errors.js";
import { cancelledError } from "../http/wait.js";
import { mapAuthError } from "./aadsts.js";
import { fileCachePlugin } from "./cache-plugin.js";
import { loadCertificateCredential } from "./certificate.js";
import { createNetworkClient } from "./network-client.js";
import type { AccessToken, TokenProvider } from "./types.js";

export interface TokenProviderDeps {
  dispatcher: Dispatcher;
  log?: (line: string) => void;
  now?: () => Date;
  /** Treat a token as expired this long before its real expiry (default 5 minutes). */
  refreshMarginMs?: number;
}

type TokenConfig = Pick<
  Config,
  | "tenantId"
  | "clientId"
  | "clientSecret"
  | "clientCertPem"
  | "clientCertPassword"
  | "authMode"
  | "refreshToken"
  | "tokenCache"
  | "endpoints"
  | "scopes"
  | "requestTimeoutMs"
>;

export function createTokenProvider(config: TokenConfig, deps: TokenProviderDeps): TokenProvider {
  const now = deps.now ?? (() => new Date());
  const margin = deps.refreshMarginMs ?? 5 * 60_000;
  const network = createNetworkClient({ dispatcher: deps.dispatcher, timeoutMs: config.requestTimeoutMs });
  const app = new ConfidentialClientApplication(msalConfiguration(config, network, deps));
  const secrets = [config.clientSecret, config.refreshToken, config.clientCertPassword];
  const cached = new Map<Api, AccessToken>();
  const inflight = new Map<Api, Promise<AccessToken>>();
  const forceRefresh = new Set<Api>();
  let account: AccountInfo | undefined;

  async function refreshTokenGrant(scopes: string[], force: boolean): Promise<AuthenticationResult | null> {
    // After a restart the persisted cache holds the newest (rotated) refresh token: use it first.
    account ??= (await app.getTokenCache().getAllAccounts())[0];
    if (account) {
      try {
        return await app.acquireTokenSilent({ account, scopes, forceRefresh: force });
      } catch (e) {
        if (!config.refreshToken) throw e;
        deps.log?.(
          `auth: cached refresh token failed (${mapAuthError(e, secrets).code}); using O365_REFRESH_TOKEN`,
        );
      }
    }
    if (!config.refreshToken) {
      throw new O365Error({
        api: "auth",
        code: "NO_REFRESH_TOKEN",
        message: "The token cache holds no account and O365_REFRESH_TOKEN is not set.",
        hint: "Run the delegated consent/sign-in, then set O365_REFRESH_TOKEN (O365_TOKEN_CACHE keeps the rotated one afterwards).",
      });
    }
    const result = await app.acquireTokenByRefreshToken({
      refreshToken: config.refreshToken,
      scopes,
      forceCache: true,
    });
    if (result?.account) account = result.account;
    return result;
  }

  async function fetchToken(api: Api): Promise<AccessToken> {
    const scopes = config.scopes[api];
    if (scopes.length === 0) {
      throw new O365Error({
        api: "config",
        code: "NO_ENDPOINT",
        message: `No ${api} endpoint is configured for this cloud.`,
        hint: `Set O365_${api.toUpperCase()}_URL (and O365_SCOPES if the token audience differs) to use the ${api} API.`,
      });
    }
    const force = forceRefresh.has(api);
    let result: AuthenticationResult | null;
    try {
      result =
        config.authMode === "refresh_token"
          ? await refreshTokenGrant(scopes, force)
          : await app.acquireTokenByClientCredential({ scopes, skipCache: force });
    } catch (e) {
      throw mapAuthError(e, secrets, network.lastFailure());
    }
    if (!result?.accessToken) {
      throw new O365Error({
        api: "auth",
        code: "NO_TOKEN",
        message: "The token endpoint returned no access token.",
        hint: "Check O365_TOKEN_URL and the app registration.",
      });
    }
    forceRefresh.delete(api);
    const expiresOn = result.expiresOn ?? new Date(now().getTime() + 3_600_000);
    const token = { token: result.accessToken, expiresOn };
    cached.set(api, token);
    return token;
  }

  return {
    getToken(api: Api, signal?: AbortSignal): Promise<AccessToken> {
      if (signal?.aborted) return Promise.reject(cancelledError("auth"));
      const hit = cached.get(api);
      if (hit && hit.expiresOn.getTime() - margin > now().getTime()) return Promise.resolve(hit);
      let shared = inflight.get(api);
      if (!shared) {
        shared = fetchToken(api).finally(() => inflight.delete(api));
        inflight.set(api, shared);
      }
      if (!signal) return shared;
      // The shared request keeps running for other callers; this caller stops waiting at once.
      const pending = shared;
      return new Promise((resolve, reject) => {
        const onAbort = () => reject(cancelledError("auth"));
        signal.addEventListener("abort", onAbort, { once: true });
        pending.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
      });
    },
    invalidate(api: Api): void {
      cached.delete(api);
      forceRefresh.add(api);
    },
  };
}

function msalConfiguration(
  config: TokenConfig,
  networkClient: INetworkModule,
  deps: TokenProviderDeps,
): Configuration {
  const { authority, tokenUrl } = config.endpoints;
  const host = new URL(authority).host;
  // Static metadata: MSAL does no instance discovery or OpenID lookup against the internet, which custom
  // clouds and the emulator need, and public clouds do not miss (the token endpoint is all we use).
  const authorityMetadata = JSON.stringify({
    token_endpoint: tokenUrl,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    issuer: `${authority}/v2.0`,
    jwks_uri: `${authority}/discovery/v2.0/keys`,
  });
  const cloudDiscoveryMetadata = JSON.stringify({
    tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
  const cert = config.clientCertPem
    ? loadCertificateCredential(config.clientCertPem, config.clientCertPassword)
    : undefined;
  return {
    auth: {
      clientId: config.clientId,
      authority,
      knownAuthorities: [host],
      authorityMetadata,
      cloudDiscoveryMetadata,
      ...(cert
        ? {
            clientCertificate: {
              thumbprintSha256: cert.thumbprintSha256,
              privateKey: cert.privateKey,
              x5c: cert.x5c,
            },
          }
        : { clientSecret: config.clientSecret }),
    },
    cache: config.tokenCache ? { cachePlugin: fileCachePlugin(config.tokenCache) } : undefined,
    system: {
      networkClient,
      loggerOptions: {
        // MSAL logs go to our line sink (stderr), never stdout, without PII.
        piiLoggingEnabled: false,
        logLevel: LogLevel.Error,
        loggerCallback: (_level, message, containsPii) => {
          if (!containsPii) deps.log?.(`msal: ${message}`);
        },
      },
    },
  };
}
