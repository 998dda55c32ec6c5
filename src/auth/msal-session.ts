// The msal-node half of the TokenProvider (design.md section 4), loaded by token-provider.ts at the first
// token request: msal-node takes a few hundred ms to import, which `initialize`, `tools/list`, prompts and
// static resources must not pay. Client credentials with a secret or certificate, or the refresh-token grant
// with a persisted cache.
import {
  type AccountInfo,
  type AuthenticationResult,
  ConfidentialClientApplication,
  type Configuration,
  type INetworkModule,
  LogLevel,
} from "@azure/msal-node";
import type { Dispatcher } from "undici";
import { O365Error } from "../errors.js";
import { mapAuthError } from "./aadsts.js";
import { fileCachePlugin } from "./cache-plugin.js";
import type { CertificateCredential } from "./certificate.js";
import { createNetworkClient } from "./network-client.js";
import type { TokenConfig, TokenProviderDeps } from "./token-config.js";

export interface MsalSession {
  /** One token request for `scopes`; failures arrive as O365Error with secrets removed. */
  acquire(scopes: string[], force: boolean): Promise<AuthenticationResult | null>;
}

export function createMsalSession(
  config: TokenConfig,
  cert: CertificateCredential | undefined,
  deps: TokenProviderDeps & { dispatcher: Dispatcher },
): MsalSession {
  const network = createNetworkClient({ dispatcher: deps.dispatcher, timeoutMs: config.requestTimeoutMs });
  const app = new ConfidentialClientApplication(msalConfiguration(config, cert, network, deps));
  const secrets = [config.clientSecret, config.refreshToken, config.clientCertPassword];
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

  return {
    async acquire(scopes, force) {
      try {
        return config.authMode === "refresh_token"
          ? await refreshTokenGrant(scopes, force)
          : await app.acquireTokenByClientCredential({ scopes, skipCache: force });
      } catch (e) {
        throw mapAuthError(e, secrets, network.lastFailure());
      }
    },
  };
}

function msalConfiguration(
  config: TokenConfig,
  cert: CertificateCredential | undefined,
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
