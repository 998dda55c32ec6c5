// HttpClient on undici: allowlist, per-API rate limit, bearer token, retries with backoff, timeout,
// cancellation, and one O365Error per failure (design.md section 5).
import { type Dispatcher, request } from "undici";
import type { Config } from "../config/types.js";
import { O365Error } from "../errors.js";
import { allowedOrigins, isAllowedOrigin } from "./allowlist.js";
import {
  AUDIT_SEARCH_PER_MINUTE,
  createApiLimiters,
  DEFAULT_AUDIT_QUERIES_PER_DAY,
  type LimiterWindowsMs,
} from "./api-limiters.js";
import { backoffDelay } from "./backoff.js";
import { MIB, readCappedBody } from "./body.js";
import { mapHttpError } from "./error-map.js";
import { safeOrigin } from "./links.js";
import { networkError } from "./network-errors.js";
import type { ApiRequest, ApiResponse, HttpClient, HttpEvent, RateBudget, TokenProvider } from "./types.js";
import { cancelledError, sleep } from "./wait.js";

export interface HttpClientDeps {
  config: Pick<Config, "endpoints" | "requestTimeoutMs" | "maxRetries" | "rateLimits"> &
    Partial<Pick<Config, "maxResponseMb">>;
  tokens: TokenProvider;
  dispatcher: Dispatcher;
  now?: () => Date;
  random?: () => number;
  /** First backoff step, ms (default 500); doubles per attempt, jittered, capped at maxBackoffMs. */
  backoffBaseMs?: number;
  maxBackoffMs?: number;
  /** Longest server-requested wait we sit out before retrying (default 60 s); longer fails with the wait in the hint. */
  maxServerWaitMs?: number;
  /** Rate-limit windows, ms (defaults: 60 s management, 5 min message trace); tests shorten them. */
  rateWindowsMs?: LimiterWindowsMs;
}

const USER_AGENT = "office365-mcp/0.1";
/** The O365_MAX_RESPONSE_MB default, for clients built without it. */
const DEFAULT_MAX_RESPONSE_MB = 64;

export function createHttpClient(deps: HttpClientDeps): HttpClient {
  const { config, tokens, dispatcher } = deps;
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const backoffBase = deps.backoffBaseMs ?? 500;
  const maxBackoff = deps.maxBackoffMs ?? 30_000;
  const maxServerWait = deps.maxServerWaitMs ?? 60_000;
  const origins = allowedOrigins(config.endpoints);
  const limiters = createApiLimiters(config.rateLimits, deps.rateWindowsMs);
  const maxBodyBytes = (config.maxResponseMb ?? DEFAULT_MAX_RESPONSE_MB) * MIB;
  let closed = false;

  async function once<T>(
    req: ApiRequest,
    url: string,
    emit: (e: HttpEvent) => void,
  ): Promise<ApiResponse<T>> {
    const method = req.method ?? "GET";
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": USER_AGENT,
      ...req.headers,
    };
    if (req.auth !== false)
      headers["authorization"] = `Bearer ${(await tokens.getToken(req.api, req.signal)).token}`;
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers["content-type"] = "application/json";
    }
    const timeout = new AbortController();
    let timer = setTimeout(() => timeout.abort(), config.requestTimeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout.signal]) : timeout.signal;
    const started = Date.now();
    const { host, pathname } = new URL(url);
    const requestDone = (status: number) =>
      emit({ type: "request", api: req.api, method, host, path: pathname, status, ms: Date.now() - started });
    try {
      const res = await request(url, { method, headers, body, dispatcher, signal });
      if (req.beforeBody && res.statusCode >= 200 && res.statusCode < 300) {
        // Waiting for the caller's go-ahead is not the service being slow: the timeout restarts after it.
        clearTimeout(timer);
        try {
          await req.beforeBody(declaredLength(res.headers["content-length"]));
        } catch (error) {
          res.body.on("error", () => {}); // the abort of a body nobody reads is not news
          res.body.destroy();
          throw error;
        }
        timer = setTimeout(() => timeout.abort(), config.requestTimeoutMs);
      }
      const read = await readCappedBody(
        res.body,
        res.headers,
        { api: req.api, host, maxBytes: maxBodyBytes, status: res.statusCode },
        res.statusCode >= 200 && res.statusCode < 300 ? req.bodyPool : undefined,
      ).catch((error: unknown) => {
        if (error instanceof O365Error) requestDone(res.statusCode); // an over-size body still was an answer
        throw error;
      });
      const buf = read.bytes;
      const giveBack = () => {
        if (read.pooled) req.bodyPool?.give(read.pooled);
      };
      const resHeaders = flattenHeaders(res.headers);
      requestDone(res.statusCode);
      if (res.statusCode >= 300) {
        const text = buf.toString("utf8");
        if (res.statusCode < 400) {
          throw new O365Error({
            api: req.api,
            status: res.statusCode,
            code: `HTTP_${res.statusCode}`,
            message: "The service answered with a redirect, which is not followed.",
            hint: "Redirects are refused so tokens never leave the configured hosts: check the endpoint URL settings.",
          });
        }
        throw mapHttpError(
          { api: req.api, status: res.statusCode, headers: resHeaders, bodyText: text, url },
          now(),
        );
      }
      let parsed: T;
      try {
        // A body parsed from its bytes (parseBytes) is never decoded as one string.
        parsed = req.parseBytes
          ? parseWith<T, Buffer>(req.parseBytes, buf, req.api)
          : req.parse
            ? parseWith<T, string>(req.parse, buf.toString("utf8"), req.api)
            : decodeBody<T>(buf.toString("utf8"), req, method);
      } catch (error) {
        giveBack(); // nothing holds a body that could not be read
        throw error;
      }
      if (!req.parseBytes) giveBack(); // a string or JSON was made from it
      return {
        status: res.statusCode,
        headers: resHeaders,
        body: parsed,
        bytes: buf.length,
        url,
        ...(read.pooled && req.parseBytes ? { releaseBody: giveBack } : {}),
      };
    } catch (e) {
      if (e instanceof O365Error) throw e;
      if (req.signal?.aborted) throw cancelledError(req.api);
      requestDone(0);
      if (timeout.signal.aborted) {
        throw new O365Error({
          api: req.api,
          code: "TIMEOUT",
          message: `No complete answer from ${host} within ${config.requestTimeoutMs} ms.`,
          hint: "The service is slow or unreachable: retry, narrow the request, or raise O365_REQUEST_TIMEOUT_MS.",
          cause: e,
        });
      }
      throw networkError(req.api, host, e);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    isAllowedUrl: (url) => isAllowedOrigin(origins, url),

    async request<T = unknown>(req: ApiRequest): Promise<ApiResponse<T>> {
      const url = buildUrl(req);
      if (!isAllowedOrigin(origins, url)) {
        throw new O365Error({
          api: req.api,
          code: "HOST_NOT_ALLOWED",
          message: `Refused to send a request to ${safeOrigin(url) ?? "an invalid URL"}: not one of the configured service hosts.`,
          hint: "A link pointed outside the configured endpoints (a planted contentUri or next link?); tokens are only sent to the management, graph and reporting URLs in the config.",
        });
      }
      if (closed)
        throw new O365Error({
          api: req.api,
          code: "CLOSED",
          message: "The HTTP client is closed.",
          hint: "Restart the server.",
        });
      const emit = (e: HttpEvent) => req.onEvent?.(e);
      let retried401 = false;
      for (let attempt = 0; ; attempt++) {
        // A wait is announced before it starts; one longer than we sit out fails at once with its length.
        await limiters[req.budget ?? req.api].acquire(req.api, req.signal, (waitMs) => {
          if (waitMs > maxServerWait)
            throw budgetSpent(req.budget ?? req.api, req.api, waitMs, now(), config.rateLimits);
          emit({ type: "throttle-wait", api: req.api, waitMs });
        });
        try {
          return await once<T>(req, url, emit);
        } catch (e) {
          if (!(e instanceof O365Error)) throw e;
          // One 401 means a stale or revoked token: fetch a fresh one and try once more.
          if (e.status === 401 && req.auth !== false && !retried401) {
            retried401 = true;
            tokens.invalidate(req.api);
            emit({
              type: "retry",
              api: req.api,
              attempt: attempt + 1,
              waitMs: 0,
              reason: "401: refreshing the token",
            });
            continue;
          }
          if (!e.retryable || req.retry === false || attempt >= config.maxRetries) throw e;
          if (e.retryAfterMs !== undefined && e.retryAfterMs > maxServerWait) throw withWaitHint(e);
          const backoff = backoffDelay(attempt, { baseMs: backoffBase, maxMs: maxBackoff, random });
          const waitMs = Math.round(e.retryAfterMs ?? backoff);
          emit({
            type: "retry",
            api: req.api,
            attempt: attempt + 1,
            waitMs,
            reason: `${e.code}${e.status ? ` (HTTP ${e.status})` : ""}`,
          });
          await sleep(waitMs, req.signal, req.api);
        }
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      await dispatcher.close();
    },
  };
}

/** A Content-Length header as a byte count; undefined when absent or not a plain number. */
function declaredLength(value: string | string[] | undefined): number | undefined {
  if (typeof value !== "string" || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

function buildUrl(req: ApiRequest): string {
  if (!req.query) return req.url;
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return req.url;
  }
  for (const [k, v] of Object.entries(req.query)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

/** The caller's parser; anything but an O365Error it throws is a body it could not read. */
function parseWith<T, B>(parse: (body: B) => unknown, body: B, api: ApiRequest["api"]): T {
  try {
    return parse(body) as T;
  } catch (e) {
    if (e instanceof O365Error) throw e;
    throw new O365Error({
      api,
      status: 200,
      code: "BAD_RESPONSE",
      message: "The service answered 200 with a body that could not be read.",
      hint: "Usually transient: retry the request.",
      cause: e,
    });
  }
}

function decodeBody<T>(text: string, req: ApiRequest, method: string): T {
  if (req.responseType === "text") return text as T;
  if (text.trim() === "") return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    // Truncated or malformed bodies are OBSERVED transient failures; re-reading is safe only for GET.
    throw new O365Error({
      api: req.api,
      status: 200,
      code: "BAD_RESPONSE",
      message: "The service answered 200 with a body that is not valid JSON (truncated or malformed).",
      hint: "Usually transient: retry the request.",
      retryable: method === "GET",
      cause: e,
    });
  }
}

/** One string per header, names lower-cased (undici gives arrays for repeated headers). */
export function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

/** The client-side budget of `api` is spent for longer than we wait: say so, and when to come back. */
function budgetSpent(
  limiter: ApiRequest["api"] | RateBudget,
  api: ApiRequest["api"],
  waitMs: number,
  now: Date,
  limits: Config["rateLimits"],
): O365Error {
  const seconds = Math.ceil(waitMs / 1000);
  const at = new Date(now.getTime() + waitMs).toISOString().slice(0, 19);
  const budget =
    limiter === "management"
      ? `The Management Activity API budget (${limits.managementPerMinute} requests per minute, O365_MANAGEMENT_RATE_PER_MINUTE)`
      : limiter === "auditQuerySubmit"
        ? `The audit search API query budget (${limits.auditQueriesPerDay ?? DEFAULT_AUDIT_QUERIES_PER_DAY} submissions per 24 h, O365_AUDIT_QUERY_RATE_PER_DAY; audit-search-api.md 4.6)`
        : limiter === "auditSearch"
          ? `The audit search API polling budget (${AUDIT_SEARCH_PER_MINUTE} requests per minute)`
          : `The message trace budget (${limits.messageTracePer5Min} requests per 5 minutes shared by Graph and the legacy service, O365_MESSAGE_TRACE_RATE_PER_5MIN; o365-api.md 2.8, 3.2)`;
  return new O365Error({
    api,
    code: "RATE_BUDGET_SPENT",
    message: `${budget} is spent: the next request may go in ${seconds}s (at ${at}Z). Nothing was sent.`,
    hint: `Wait ${seconds}s and repeat the call, or narrow it (fewer pages: a shorter window or more filters).`,
    retryable: true,
    retryAfterMs: waitMs,
  });
}

function withWaitHint(e: O365Error): O365Error {
  const seconds = Math.ceil((e.retryAfterMs ?? 0) / 1000);
  const hint = e.code === "429" ? e.hint : `${e.hint} The service asked to wait ${seconds}s before retrying.`;
  return new O365Error({
    api: e.api,
    status: e.status,
    code: e.code,
    message: e.message,
    hint,
    retryable: true,
    retryAfterMs: e.retryAfterMs,
    requestId: e.requestId,
  });
}
