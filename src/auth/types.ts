import type { Api } from "../config/types.js";

export interface AccessToken {
  token: string;
  expiresOn: Date;
}

/** Gets bearer tokens per API resource; cached until shortly before expiry, concurrent callers share one request. */
export interface TokenProvider {
  getToken(api: Api, signal?: AbortSignal): Promise<AccessToken>;
  /** Drop the cached token for `api` (after a 401), so the next getToken fetches a new one. */
  invalidate(api: Api): void;
}
