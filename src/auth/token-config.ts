// What the token provider and its msal-node half both take: the auth settings and the injected
// dispatcher, clock and log (design.md section 4). Apart from both, so neither imports the other for them.
import type { Dispatcher } from "undici";
import type { Config } from "../config/types.js";

export interface TokenProviderDeps {
  /** Or a loader, called at the first token request (createDeps loads undici only when needed). */
  dispatcher: Dispatcher | (() => Promise<Dispatcher>);
  log?: (line: string) => void;
  now?: () => Date;
  /** Treat a token as expired this long before its real expiry (default 5 minutes). */
  refreshMarginMs?: number;
}

export type TokenConfig = Pick<
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
