// MSAL's HTTP goes through our undici dispatcher (proxy, TLS switch, extra CA) via INetworkModule.
// Transient failures (resets, 429, 5xx without an AADSTS body) are retried a few times here, since
// MSAL itself does not retry token requests.
import {
  AuthError,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from "@azure/msal-node";
import { type Dispatcher, request } from "undici";
import { O365Error } from "../errors.js";
import { backoffDelay } from "../http/backoff.js";
import { flattenHeaders } from "../http/client.js";
import { networkError } from "../http/network-errors.js";
import { parseRetryAfter } from "../http/retry-after.js";
import { sleep } from "../http/wait.js";

/** An AuthError so MSAL rethrows it unchanged (it wraps anything else); carries our mapped error. */
export class TransportAuthError extends AuthError {
  constructor(readonly o365: O365Error) {
    super("network_error", o365.message);
    this.name = "TransportAuthError";
  }
}

export interface NetworkClientOptions {
  dispatcher: Dispatcher;
  timeoutMs: number;
  retries?: number;
  backoffMs?: number;
}

export interface TransportNetworkClient extends INetworkModule {
  /** The last transport failure, since MSAL may replace our error with its generic network_error. */
  lastFailure(): O365Error | undefined;
}

export function createNetworkClient(opts: NetworkClientOptions): TransportNetworkClient {
  const retries = opts.retries ?? 2;
  const backoffMs = opts.backoffMs ?? 300;
  let last: O365Error | undefined;
  const fail: (error: O365Error) => never = (error) => {
    last = error;
    throw new TransportAuthError(error);
  };

  async function send<T>(
    method: "GET" | "POST",
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    const host = new URL(url).host;
    for (let attempt = 0; ; attempt++) {
      let status: number;
      let headers: Record<string, string>;
      let text: string;
      try {
        const res = await request(url, {
          method,
          headers: options?.headers,
          body: method === "POST" ? (options?.body ?? "") : undefined,
          dispatcher: opts.dispatcher,
          signal: AbortSignal.timeout(opts.timeoutMs),
        });
        status = res.statusCode;
        headers = flattenHeaders(res.headers);
        text = await res.body.text();
      } catch (e) {
        const mapped = isTimeout(e)
          ? networkError("auth", host, Object.assign(new Error("timeout"), { code: "ETIMEDOUT" }))
          : networkError("auth", host, e);
        if (mapped.retryable && attempt < retries) {
          await sleep(backoffDelay(attempt, { baseMs: backoffMs }), undefined, "auth");
          continue;
        }
        fail(mapped);
      }
      let body: T | undefined;
      try {
        body = JSON.parse(text) as T;
      } catch {
        body = undefined;
      }
      // 429/5xx never reach MSAL: its throttling cache would block every retry for a minute or more.
      const transient = status === 429 || status >= 500;
      const retryAfter = parseRetryAfter(headers["retry-after"]);
      if (transient && attempt < retries && (retryAfter ?? 0) <= 10_000) {
        await sleep(retryAfter ?? backoffDelay(attempt, { baseMs: backoffMs }), undefined, "auth");
        continue;
      }
      if (transient) fail(unavailable(host, status, body, retryAfter));
      if (body === undefined) {
        fail(
          new O365Error({
            api: "auth",
            status,
            code: `HTTP_${status}`,
            message: `The token endpoint ${host} answered HTTP ${status} without a JSON body.`,
            hint: "Check O365_TOKEN_URL and O365_CLOUD; if a proxy is in between, check O365_HTTP_PROXY.",
          }),
        );
      }
      last = undefined;
      return { status, headers, body: body as T };
    }
  }

  return {
    lastFailure: () => last,
    sendGetRequestAsync: (url, options) => send("GET", url, options),
    sendPostRequestAsync: (url, options) => send("POST", url, options),
  };
}

function unavailable(
  host: string,
  status: number,
  body: unknown,
  retryAfterMs: number | undefined,
): O365Error {
  const aad = body as { error_codes?: unknown; error_description?: unknown } | undefined;
  const num = Array.isArray(aad?.error_codes) ? aad.error_codes[0] : undefined;
  const description =
    typeof aad?.error_description === "string" ? aad.error_description.split(/\r?\n/)[0] : undefined;
  return new O365Error({
    api: "auth",
    status,
    code: num !== undefined ? `AADSTS${num}` : `HTTP_${status}`,
    message: description ?? `The token endpoint ${host} answered HTTP ${status}.`,
    hint: "Entra is unavailable or throttling token requests: retry shortly.",
    retryable: true,
    retryAfterMs,
  });
}

function isTimeout(e: unknown): boolean {
  const name = (e as { name?: string }).name;
  return name === "TimeoutError" || (name === "AbortError" && /timeout/i.test(String((e as Error).message)));
}
