// One row per setting: its --config file key (the row's name), environment variables, CLI flag, value type,
// default and help. Flags, env, the config file, configHelp(), the README table and the zod schemas in
// schema.ts all come from these rows: a new setting is one row here, plus its place in configSchema when
// other layers read it (design.md section 3).
import {
  authModeSchema,
  cloudSchema,
  logLevelSchema,
  messageTraceBackendSchema,
  resultContentSchema,
  transportSchema,
} from "./choices.js";
import { type Setting, type SettingRow, setting } from "./setting-row.js";
import { bool, int, keyText, list, oneOf, scopeOverride, text, verbatim } from "./values.js";

export type { Setting, SettingRow } from "./setting-row.js";
export type { SettingKind } from "./values.js";

export const SETTING_ROWS = {
  tenantId: setting({ env: ["O365_TENANT_ID"], flag: "tenant-id", type: text, help: "tenant GUID" }),
  clientId: setting({
    env: ["O365_CLIENT_ID"],
    flag: "client-id",
    type: text,
    help: "app registration (client) id",
  }),
  clientSecret: setting({
    env: ["O365_CLIENT_SECRET"],
    type: text,
    secret: true,
    help: "client secret value (no flag: command lines are visible to other users)",
  }),
  clientSecretFile: setting({
    env: ["O365_CLIENT_SECRET_FILE"],
    flag: "client-secret-file",
    type: text,
    help: "file holding the client secret",
  }),
  clientCertFile: setting({
    env: ["O365_CLIENT_CERT_FILE"],
    flag: "client-cert-file",
    type: text,
    help: "PEM file with certificate and private key (certificate credential)",
  }),
  clientCertPassword: setting({
    env: ["O365_CLIENT_CERT_PASSWORD"],
    type: verbatim,
    secret: true,
    help: "password of an encrypted private key",
  }),
  authMode: setting({
    env: ["O365_AUTH_MODE"],
    flag: "auth-mode",
    type: oneOf(authModeSchema),
    default: "client_credentials",
    help: "client_credentials or refresh_token",
  }),
  refreshToken: setting({
    env: ["O365_REFRESH_TOKEN"],
    type: text,
    secret: true,
    help: "initial refresh token for refresh_token mode",
  }),
  tokenCache: setting({
    env: ["O365_TOKEN_CACHE"],
    flag: "token-cache",
    type: text,
    help: "file where the MSAL cache and rotated refresh tokens persist (mode 0600)",
  }),
  cloud: setting({
    env: ["O365_CLOUD"],
    flag: "cloud",
    type: oneOf(cloudSchema),
    default: "commercial",
    help: "commercial, gcc, gcchigh, dod, china, custom",
  }),
  managementUrl: setting({
    env: ["O365_MANAGEMENT_URL"],
    flag: "management-url",
    type: text,
    defaultNote: "the cloud's",
    help: "Management Activity API host root, e.g. https://manage.office.com (required for custom)",
  }),
  tokenUrl: setting({
    env: ["O365_TOKEN_URL"],
    flag: "token-url",
    type: text,
    defaultNote: "the cloud's",
    help: "token endpoint https://login.../{tenant}/oauth2/v2.0/token ({tenant} is substituted; required for custom)",
  }),
  graphUrl: setting({
    env: ["O365_GRAPH_URL"],
    flag: "graph-url",
    type: text,
    defaultNote: "the cloud's",
    help: "Graph host root, e.g. https://graph.microsoft.com",
  }),
  reportingUrl: setting({
    env: ["O365_REPORTING_URL"],
    flag: "reporting-url",
    type: text,
    defaultNote: "the cloud's",
    help: "Reporting Web Service host root, e.g. https://reports.office365.com",
  }),
  scopes: setting({
    env: ["O365_SCOPES"],
    flag: "scopes",
    type: scopeOverride,
    defaultNote: "{resource}/.default per API",
    help: "scope override: 'scope1 scope2' (management) or 'management=...,graph=...,reporting=...'",
  }),
  publisherId: setting({
    env: ["O365_PUBLISHER_ID"],
    flag: "publisher-id",
    type: text,
    defaultNote: "the tenant id",
    help: "PublisherIdentifier GUID sent on every Management API call",
  }),
  messageTraceBackend: setting({
    env: ["O365_MESSAGE_TRACE_BACKEND"],
    flag: "message-trace-backend",
    type: oneOf(messageTraceBackendSchema),
    default: "auto",
    help: "auto (Graph, then legacy), graph, reporting",
  }),
  verifyTls: setting({
    env: ["O365_VERIFY_TLS"],
    offFlag: "no-verify-tls",
    type: bool,
    default: true,
    help: "verify TLS certificates; --no-verify-tls turns it off, loudly",
  }),
  caFile: setting({
    env: ["O365_CA_FILE"],
    flag: "ca-file",
    type: text,
    help: "PEM file of extra CA certificates to trust (MSAL's requests included)",
  }),
  proxy: setting({
    env: ["O365_HTTP_PROXY", "HTTPS_PROXY", "https_proxy"],
    flag: "proxy",
    type: text,
    help: "proxy URL for every outbound request, MSAL's included",
  }),
  readOnly: setting({
    env: ["O365_READ_ONLY"],
    flag: "read-only",
    type: bool,
    default: false,
    help: "hide tools that change the tenant",
  }),
  requestTimeoutMs: setting({
    env: ["O365_REQUEST_TIMEOUT_MS"],
    flag: "request-timeout-ms",
    type: int(100, 600_000),
    default: 30_000,
    help: "per-request timeout towards Microsoft, ms",
  }),
  maxRetries: setting({
    env: ["O365_MAX_RETRIES"],
    flag: "max-retries",
    type: int(0, 10),
    default: 4,
    help: "retries of one request on 429/5xx/AF429/resets",
  }),
  managementPerMinute: setting({
    env: ["O365_MANAGEMENT_RATE_PER_MINUTE"],
    type: int(1, 1_000_000),
    default: 2000,
    help: "client-side Management API limit, requests/minute",
  }),
  messageTracePer5Min: setting({
    env: ["O365_MESSAGE_TRACE_RATE_PER_5MIN"],
    type: int(1, 1_000_000),
    default: 100,
    help: "client-side message trace limit, requests/5 minutes",
  }),
  // Tenant baseline of the audit search API: at least 200 query submissions per rolling 24 h
  // (audit-search-api.md 4.6); tenants with more licences get more.
  auditQueriesPerDay: setting({
    env: ["O365_AUDIT_QUERY_RATE_PER_DAY"],
    type: int(1, 1_000_000),
    default: 200,
    help: "client-side limit of audit search API query submissions, per 24 h",
  }),
  outputBudgetBytes: setting({
    env: ["O365_OUTPUT_BUDGET_BYTES"],
    flag: "output-budget-bytes",
    type: int(1000, 10_000_000),
    default: 20_000,
    help: "default text budget per tool result, bytes",
  }),
  maxResponseMb: setting({
    env: ["O365_MAX_RESPONSE_MB"],
    type: int(1, 4096),
    default: 64,
    help: "largest response body read from a service, MB (a bigger content blob is reported as skipped)",
  }),
  resultContent: setting({
    env: ["O365_RESULT_CONTENT"],
    flag: "result-content",
    type: oneOf(resultContentSchema),
    default: "both",
    help: "both (text + structuredContent, as MCP recommends) or text (no output schemas, no structuredContent: half the bytes for clients that pass only text to the model)",
  }),
  cacheDir: setting({
    env: ["O365_CACHE_DIR"],
    flag: "cache-dir",
    type: text,
    defaultNote: "memory only",
    help: "on-disk content cache directory",
  }),
  // Unset by default: the audit engine picks its own budget (src/audit/cache.ts).
  cacheMemoryMb: setting({
    env: ["O365_CACHE_MEMORY_MB"],
    flag: "cache-memory-mb",
    type: int(0, 100_000),
    defaultNote: "32",
    help: "memory budget of the audit content cache, MB of compressed blobs (0 = no memory cache)",
  }),
  // How long after a window's end its content may still land (o365-api.md 1.6): Microsoft documents up to
  // 24 h; the 7-day retention edge bounds it.
  contentArrivalHours: setting({
    env: ["O365_CONTENT_ARRIVAL_HOURS"],
    flag: "content-arrival-hours",
    type: int(0, 168),
    default: 24,
    help: "search_audit_log lists blobs created up to this many hours after the window end (late content)",
  }),
  // Audit (Standard) keeps 180 days; Premium keeps a year or more (audit-search-api.md 4.4).
  auditRetentionDays: setting({
    env: ["O365_AUDIT_RETENTION_DAYS"],
    flag: "audit-retention-days",
    type: int(7, 3650),
    default: 180,
    help: "how far back search_audit_log reaches through the Purview audit search API, days (Audit Premium: 365 or more)",
  }),
  // A history query takes seconds to 30 minutes (audit-search-api.md 2.2): the call returns after this
  // wait with what it has and a cursor that resumes the same query.
  historyWaitSeconds: setting({
    env: ["O365_HISTORY_WAIT_SECONDS"],
    flag: "history-wait-seconds",
    type: int(0, 3600),
    default: 150,
    help: "longest wait of one search_audit_log call for an audit search API query, seconds",
  }),
  auditLog: setting({
    env: ["O365_AUDIT_LOG"],
    flag: "audit-log",
    type: text,
    defaultNote: "stderr",
    help: "tool-call audit log file",
  }),
  logLevel: setting({
    env: ["O365_LOG_LEVEL"],
    flag: "log-level",
    type: oneOf(logLevelSchema),
    default: "info",
    help: "debug, info, warning, error",
  }),
  transport: setting({
    env: ["O365_TRANSPORT"],
    flag: "transport",
    type: oneOf(transportSchema),
    default: "stdio",
    help: "stdio or http",
  }),
  host: setting({
    env: ["O365_HTTP_HOST"],
    flag: "host",
    type: text,
    default: "127.0.0.1",
    help: "HTTP transport bind address (a non-loopback one needs O365_MCP_HTTP_TOKEN)",
  }),
  port: setting({
    env: ["O365_HTTP_PORT"],
    flag: "port",
    type: int(0, 65535),
    default: 3000,
    help: "HTTP transport port",
  }),
  httpToken: setting({
    env: ["O365_MCP_HTTP_TOKEN"],
    type: text,
    secret: true,
    help: "bearer token required by the HTTP transport (no flag: command lines are visible to other users); at least 32 characters off loopback",
  }),
  httpTokenFile: setting({
    env: ["O365_MCP_HTTP_TOKEN_FILE"],
    flag: "http-token-file",
    type: text,
    help: "file holding the HTTP transport's bearer token",
  }),
  allowedOrigins: setting({
    env: ["O365_ALLOWED_ORIGINS"],
    flag: "allowed-origin",
    type: list,
    default: [],
    help: "browser Origin allowed on the HTTP transport (repeat the flag; env: comma-separated)",
  }),
  stateless: setting({
    env: ["O365_STATELESS"],
    flag: "stateless",
    type: bool,
    default: false,
    help: "HTTP transport without sessions",
  }),
  cursorKey: setting({
    env: ["O365_CURSOR_KEY"],
    type: keyText,
    secret: true,
    defaultNote: "random per process",
    help: "key that signs paging cursors; give --stateless replicas the same one (32+ characters)",
  }),
  maxSessions: setting({
    env: ["O365_HTTP_MAX_SESSIONS"],
    type: int(1, 10_000),
    default: 32,
    help: "HTTP transport session cap",
  }),
  rateLimitPerMinute: setting({
    env: ["O365_HTTP_RATE_LIMIT_PER_MINUTE"],
    type: int(1, 1_000_000),
    default: 600,
    help: "HTTP transport requests/minute per client address",
  }),
  demo: setting({
    env: [],
    flag: "demo",
    type: bool,
    default: false,
    help: "run against the embedded emulator tenant",
  }),
};

/** The rows in --help order, each with its key. */
export const SETTINGS: Setting[] = Object.entries(SETTING_ROWS).map(([key, row]) => ({
  key,
  kind: row.type.kind,
  ...(row as SettingRow),
}));

export const CONFIG_FILE_FLAG = "config";
export const CONFIG_FILE_ENV = "O365_CONFIG";
