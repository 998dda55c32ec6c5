import type { Api } from "../config/types.js";
import type { BodyPool } from "./body-pool.js";

export interface AccessToken {
  token: string;
  expiresOn: Date;
}

/**
 * Bearer tokens per API resource, declared here because the HTTP client needs them and implemented by
 * auth/ (design.md section 4): cached until shortly before expiry, concurrent callers share one request.
 */
export interface TokenProvider {
  getToken(api: Api, signal?: AbortSignal): Promise<AccessToken>;
  /** Drop the cached token for `api` (after a 401), so the next getToken fetches a new one. */
  invalidate(api: Api): void;
}

/** Something worth telling the user about while a request runs (MCP log messages, audit log). */
export type HttpEvent =
  | { type: "request"; api: Api; method: string; host: string; path: string; status: number; ms: number }
  | { type: "retry"; api: Api; attempt: number; waitMs: number; reason: string }
  | { type: "throttle-wait"; api: Api; waitMs: number };

/**
 * A rate budget of its own for requests that use another API's token: the Purview audit search API uses
 * the Graph token, but its polls/pages (auditSearch) and query submissions (auditQuerySubmit) are limited
 * apart from message trace (audit-search-api.md 4.6).
 */
export type RateBudget = "auditSearch" | "auditQuerySubmit";

export interface ApiRequest {
  api: Api;
  /** The limiter this request counts against; default the api's own. */
  budget?: RateBudget;
  method?: "GET" | "POST" | "DELETE";
  /** Absolute URL. Its host must be in the allowlist derived from the config, or the request is refused. */
  url: string;
  /** Query parameters appended to url (undefined values skipped). */
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  /** JSON body (serialized with Content-Type: application/json). */
  body?: unknown;
  signal?: AbortSignal;
  /** Attach a bearer token for `api` (default true). */
  auth?: boolean;
  /** Retry transient failures (default true). */
  retry?: boolean;
  /** How to read the body: parsed JSON (default) or text. */
  responseType?: "json" | "text";
  /**
   * Turns the body text into the response body, inside the retry loop: a retryable O365Error it throws
   * (a truncated or malformed body, o365-api.md OBSERVED) makes the request go again, with backoff.
   */
  parse?: (text: string) => unknown;
  /** Like parse, from the body's bytes (a large body need not become one string first); wins over parse. */
  parseBytes?: (body: Buffer) => unknown;
  /**
   * Reusable buffers for a 2xx body that announces its length (body-pool.ts). With parseBytes, the answer's
   * releaseBody gives the buffer back: the caller calls it once nothing reads the parsed body any more.
   */
  bodyPool?: BodyPool;
  /**
   * Called when a 2xx answer's headers are in, before its body is read (`declaredBytes`: Content-Length);
   * it may wait, e.g. for a memory budget for bodies. The request timeout does not run while it waits.
   */
  beforeBody?: (declaredBytes: number | undefined) => Promise<void>;
  /** Called for every request/retry/throttle event of this call. */
  onEvent?: (event: HttpEvent) => void;
}

export interface ApiResponse<T = unknown> {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: T;
  /** Size of the body in bytes as received. */
  bytes: number;
  /** Final URL requested. */
  url: string;
  /** Gives a pooled body's buffer back (ApiRequest.bodyPool); the parsed body must not be read afterwards. */
  releaseBody?: () => void;
}

/** What every API call takes from its caller: the MCP request's signal and an event sink. */
export interface CallOptions {
  signal?: AbortSignal;
  onEvent?: (event: HttpEvent) => void;
}

export interface HttpClient {
  /** Sends the request with auth, allowlist, rate limit, retries and timeout. Non-2xx becomes O365Error. */
  request<T = unknown>(req: ApiRequest): Promise<ApiResponse<T>>;
  /** True when the URL's origin is one a bearer token may be sent to. */
  isAllowedUrl(url: string): boolean;
  close(): Promise<void>;
}
