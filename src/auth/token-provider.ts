// TokenProvider (design.md section 4): tokens are cached per API until shortly before expiry and concurrent
// callers share one in-flight request. The msal-node half (msal-session.ts) is imported at the first token
// request, so start-up and requests that need no token never load msal-node. A bad certificate still fails
// here, at construction.
import type { Api } from "../config/types.js";
import { O365Error } from "../errors.js";
import type { AccessToken, TokenProvider } from "../http/types.js";
import { abortable, cancelledError } from "../http/wait.js";
import { loadCertificateCredential } from "./certificate.js";
import type { MsalSession } from "./msal-session.js";
import type { TokenConfig, TokenProviderDeps } from "./token-config.js";

export function createTokenProvider(config: TokenConfig, deps: TokenProviderDeps): TokenProvider {
  const now = deps.now ?? (() => new Date());
  const margin = deps.refreshMarginMs ?? 5 * 60_000;
  const cert = config.clientCertPem
    ? loadCertificateCredential(config.clientCertPem, config.clientCertPassword)
    : undefined;
  const cached = new Map<Api, AccessToken>();
  const inflight = new Map<Api, Promise<AccessToken>>();
  const forceRefresh = new Set<Api>();
  let session: Promise<MsalSession> | undefined;

  function msal(): Promise<MsalSession> {
    session ??= (async () => {
      const { createMsalSession } = await import("./msal-session.js");
      const dispatcher = typeof deps.dispatcher === "function" ? await deps.dispatcher() : deps.dispatcher;
      return createMsalSession(config, cert, { ...deps, dispatcher });
    })();
    // A failed load is not kept: the next request tries again.
    session.catch(() => {
      session = undefined;
    });
    return session;
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
    const result = await (await msal()).acquire(scopes, forceRefresh.has(api));
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
      // The shared request keeps running for other callers; this caller stops waiting at once.
      return abortable(shared, signal, "auth");
    },
    invalidate(api: Api): void {
      cached.delete(api);
      forceRefresh.add(api);
    },
  };
}
