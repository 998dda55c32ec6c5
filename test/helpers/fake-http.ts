// A scripted HttpClient for unit tests: answers from a handler, records what was sent, and maps non-2xx
// to O365Error the way the real HTTP layer does (error.code from the body, else the status).
import type { Config } from "../../src/config/types.js";
import { O365Error } from "../../src/errors.js";
import type { ApiRequest, ApiResponse, HttpClient } from "../../src/http/types.js";

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface SentRequest {
  method: string;
  url: URL;
  /** The url string as the client passed it, before query was applied. */
  rawUrl: string;
  query?: Record<string, string | undefined>;
  api: string;
  headers: Record<string, string>;
  body: unknown;
}

export const TENANT = "f28ab78a-d401-4060-8012-736e373933eb";
export const PUBLISHER = "11111111-2222-3333-4444-555555555555";
export const MANAGE = "https://manage.test";
export const GRAPH = "https://graph.test";
export const REPORTS = "https://reports.test";

export function fakeConfig(
  overrides: Partial<Config> = {},
  endpoints: Partial<Config["endpoints"]> = {},
): Config {
  return {
    tenantId: TENANT,
    clientId: "app",
    authMode: "client_credentials",
    cloud: "custom",
    endpoints: {
      tokenUrl: "https://login.test/t/oauth2/v2.0/token",
      authority: "https://login.test/t",
      managementUrl: MANAGE,
      graphUrl: GRAPH,
      reportingUrl: REPORTS,
      ...endpoints,
    },
    scopes: { management: [], graph: [], reporting: [] },
    publisherId: PUBLISHER,
    messageTraceBackend: "auto",
    verifyTls: true,
    readOnly: false,
    requestTimeoutMs: 1000,
    maxRetries: 0,
    rateLimits: { managementPerMinute: 2000, messageTracePer5Min: 100, auditQueriesPerDay: 200 },
    outputBudgetBytes: 20000,
    contentArrivalHours: 24,
    auditRetentionDays: 180,
    historyWaitSeconds: 150,
    maxResponseMb: 64,
    resultContent: "both",
    transport: "stdio",
    http: {
      host: "127.0.0.1",
      port: 0,
      allowedOrigins: [],
      stateless: false,
      maxSessions: 1,
      sessionIdleMs: 1,
      maxBodyBytes: 1,
      rateLimitPerMinute: 1,
    },
    demo: false,
    logLevel: "error",
    ...overrides,
  };
}

export class FakeHttp implements HttpClient {
  readonly sent: SentRequest[] = [];
  allowed = [MANAGE, GRAPH, REPORTS];

  constructor(private readonly handler: (req: SentRequest) => FakeReply) {}

  isAllowedUrl(url: string): boolean {
    try {
      return this.allowed.includes(new URL(url).origin);
    } catch {
      return false;
    }
  }

  async request<T = unknown>(req: ApiRequest): Promise<ApiResponse<T>> {
    if (!this.isAllowedUrl(req.url)) {
      throw new O365Error({ api: req.api, code: "HOST_NOT_ALLOWED", message: "refused", hint: "-" });
    }
    const url = new URL(req.url);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.append(k, v);
    const sent: SentRequest = {
      method: req.method ?? "GET",
      url,
      rawUrl: req.url,
      query: req.query,
      api: req.api,
      headers: req.headers ?? {},
      body: req.body,
    };
    this.sent.push(sent);
    const reply = this.handler(sent);
    const status = reply.status ?? 200;
    const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? null);
    if (status >= 300) {
      const err = (reply.body as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new O365Error({
        api: req.api,
        status,
        code: err?.code ?? String(status),
        message: err?.message ?? `HTTP ${status}`,
        hint: `hint for ${err?.code ?? status}`,
      });
    }
    const body = req.parseBytes
      ? req.parseBytes(Buffer.from(text, "utf8"))
      : req.parse
        ? req.parse(text)
        : req.responseType === "text"
          ? text
          : typeof reply.body === "string"
            ? JSON.parse(text)
            : reply.body;
    const headers = Object.fromEntries(
      Object.entries(reply.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    return { status, headers, body: body as T, bytes: Buffer.byteLength(text), url: url.href };
  }

  async close(): Promise<void> {}
}
