// The table of every setting: JSON key, environment variables, CLI flag. Flags, env, --config file and
// configHelp() all come from this one list, so they cannot drift apart (design.md section 3).

export type SettingKind = "string" | "boolean" | "number" | "list";

export interface Setting {
  /** camelCase key in a --config JSON file and in RawConfig. */
  key: string;
  /** Environment variables, first set one wins. */
  env: string[];
  /** Long flag without the dashes. Secrets have none: command lines are visible to every local user. */
  flag?: string;
  kind: SettingKind;
  secret?: boolean;
  help: string;
}

export const SETTINGS: Setting[] = [
  { key: "tenantId", env: ["O365_TENANT_ID"], flag: "tenant-id", kind: "string", help: "tenant GUID" },
  {
    key: "clientId",
    env: ["O365_CLIENT_ID"],
    flag: "client-id",
    kind: "string",
    help: "app registration (client) id",
  },
  {
    key: "clientSecret",
    env: ["O365_CLIENT_SECRET"],
    kind: "string",
    secret: true,
    help: "client secret value",
  },
  {
    key: "clientSecretFile",
    env: ["O365_CLIENT_SECRET_FILE"],
    flag: "client-secret-file",
    kind: "string",
    help: "file holding the client secret",
  },
  {
    key: "clientCertFile",
    env: ["O365_CLIENT_CERT_FILE"],
    flag: "client-cert-file",
    kind: "string",
    help: "PEM file with certificate and private key (certificate credential)",
  },
  {
    key: "clientCertPassword",
    env: ["O365_CLIENT_CERT_PASSWORD"],
    kind: "string",
    secret: true,
    help: "password of an encrypted private key",
  },
  {
    key: "authMode",
    env: ["O365_AUTH_MODE"],
    flag: "auth-mode",
    kind: "string",
    help: "client_credentials (default) or refresh_token",
  },
  {
    key: "refreshToken",
    env: ["O365_REFRESH_TOKEN"],
    kind: "string",
    secret: true,
    help: "initial refresh token for refresh_token mode",
  },
  {
    key: "tokenCache",
    env: ["O365_TOKEN_CACHE"],
    flag: "token-cache",
    kind: "string",
    help: "file where the MSAL cache and rotated refresh tokens persist (mode 0600)",
  },
  {
    key: "cloud",
    env: ["O365_CLOUD"],
    flag: "cloud",
    kind: "string",
    help: "commercial (default), gcc, gcchigh, dod, china, custom",
  },
  {
    key: "managementUrl",
    env: ["O365_MANAGEMENT_URL"],
    flag: "management-url",
    kind: "string",
    help: "Management Activity API host root, e.g. https://manage.office.com",
  },
  {
    key: "tokenUrl",
    env: ["O365_TOKEN_URL"],
    flag: "token-url",
    kind: "string",
    help: "token endpoint https://login.../{tenant}/oauth2/v2.0/token ({tenant} is substituted)",
  },
  {
    key: "graphUrl",
    env: ["O365_GRAPH_URL"],
    flag: "graph-url",
    kind: "string",
    help: "Graph host root, e.g. https://graph.microsoft.com",
  },
  {
    key: "reportingUrl",
    env: ["O365_REPORTING_URL"],
    flag: "reporting-url",
    kind: "string",
    help: "Reporting Web Service host root, e.g. https://reports.office365.com",
  },
  {
    key: "scopes",
    env: ["O365_SCOPES"],
    flag: "scopes",
    kind: "string",
    help: "scope override: 'scope1 scope2' (management) or 'management=...,graph=...,reporting=...'",
  },
  {
    key: "publisherId",
    env: ["O365_PUBLISHER_ID"],
    flag: "publisher-id",
    kind: "string",
    help: "PublisherIdentifier GUID (default: the tenant id)",
  },
  {
    key: "messageTraceBackend",
    env: ["O365_MESSAGE_TRACE_BACKEND"],
    flag: "message-trace-backend",
    kind: "string",
    help: "auto (default: Graph, then legacy), graph, reporting",
  },
  {
    key: "verifyTls",
    env: ["O365_VERIFY_TLS"],
    kind: "boolean",
    help: "verify TLS certificates (default true); --no-verify-tls turns it off, loudly",
  },
  {
    key: "caFile",
    env: ["O365_CA_FILE"],
    flag: "ca-file",
    kind: "string",
    help: "PEM file of extra CA certificates to trust",
  },
  {
    key: "proxy",
    env: ["O365_HTTP_PROXY", "HTTPS_PROXY", "https_proxy"],
    flag: "proxy",
    kind: "string",
    help: "proxy URL for every outbound request",
  },
  {
    key: "readOnly",
    env: ["O365_READ_ONLY"],
    flag: "read-only",
    kind: "boolean",
    help: "hide tools that change the tenant",
  },
  {
    key: "requestTimeoutMs",
    env: ["O365_REQUEST_TIMEOUT_MS"],
    flag: "request-timeout-ms",
    kind: "number",
    help: "per-request timeout towards Microsoft, ms (default 30000)",
  },
  {
    key: "maxRetries",
    env: ["O365_MAX_RETRIES"],
    flag: "max-retries",
    kind: "number",
    help: "retries of one request on 429/5xx/AF429/resets (default 4)",
  },
  {
    key: "managementPerMinute",
    env: ["O365_MANAGEMENT_RATE_PER_MINUTE"],
    kind: "number",
    help: "client-side Management API limit, requests/minute (default 2000)",
  },
  {
    key: "messageTracePer5Min",
    env: ["O365_MESSAGE_TRACE_RATE_PER_5MIN"],
    kind: "number",
    help: "client-side message trace limit, requests/5 minutes (default 100)",
  },
  {
    key: "outputBudgetBytes",
    env: ["O365_OUTPUT_BUDGET_BYTES"],
    flag: "output-budget-bytes",
    kind: "number",
    help: "default text budget per tool result, bytes (default 20000)",
  },
  {
    key: "cacheDir",
    env: ["O365_CACHE_DIR"],
    flag: "cache-dir",
    kind: "string",
    help: "on-disk content cache directory (default: memory only)",
  },
  {
    key: "cacheMemoryMb",
    env: ["O365_CACHE_MEMORY_MB"],
    flag: "cache-memory-mb",
    kind: "number",
    help: "memory budget of the audit content cache, MB of compressed blobs (default 32; 0 = no memory cache)",
  },
  {
    key: "auditLog",
    env: ["O365_AUDIT_LOG"],
    flag: "audit-log",
    kind: "string",
    help: "tool-call audit log file (default: stderr)",
  },
  {
    key: "logLevel",
    env: ["O365_LOG_LEVEL"],
    flag: "log-level",
    kind: "string",
    help: "debug, info (default), warning, error",
  },
  {
    key: "transport",
    env: ["O365_TRANSPORT"],
    flag: "transport",
    kind: "string",
    help: "stdio (default) or http",
  },
  {
    key: "host",
    env: ["O365_HTTP_HOST"],
    flag: "host",
    kind: "string",
    help: "HTTP transport bind address (default 127.0.0.1)",
  },
  {
    key: "port",
    env: ["O365_HTTP_PORT"],
    flag: "port",
    kind: "number",
    help: "HTTP transport port (default 3000)",
  },
  {
    key: "httpToken",
    env: ["O365_MCP_HTTP_TOKEN"],
    flag: "http-token",
    kind: "string",
    secret: true,
    help: "bearer token required by the HTTP transport",
  },
  {
    key: "allowedOrigins",
    env: ["O365_ALLOWED_ORIGINS"],
    flag: "allowed-origin",
    kind: "list",
    help: "browser Origin allowed on the HTTP transport (repeat the flag; env: comma-separated)",
  },
  {
    key: "stateless",
    env: ["O365_STATELESS"],
    flag: "stateless",
    kind: "boolean",
    help: "HTTP transport without sessions",
  },
  {
    key: "maxSessions",
    env: ["O365_HTTP_MAX_SESSIONS"],
    kind: "number",
    help: "HTTP transport session cap (default 32)",
  },
  {
    key: "rateLimitPerMinute",
    env: ["O365_HTTP_RATE_LIMIT_PER_MINUTE"],
    kind: "number",
    help: "HTTP transport requests/minute per client address (default 600)",
  },
  { key: "demo", env: [], flag: "demo", kind: "boolean", help: "run against the embedded emulator tenant" },
];

export const CONFIG_FILE_FLAG = "config";
export const CONFIG_FILE_ENV = "O365_CONFIG";

/** The --help text block listing every flag and environment variable. */
export function configHelp(): string {
  const lines = ["Options (flag | environment | meaning):"];
  lines.push(`  --config FILE | ${CONFIG_FILE_ENV} | JSON file with the camelCase keys below`);
  for (const s of SETTINGS) {
    const value = s.kind === "boolean" ? "" : s.kind === "number" ? " N" : " VALUE";
    const flag = s.flag ? `--${s.flag}${value}` : s.key === "verifyTls" ? "--no-verify-tls" : "(env only)";
    const env = s.env.length > 0 ? s.env.join(", ") : "(flag only)";
    lines.push(`  ${flag} | ${env} | ${s.help} [config key: ${s.key}]`);
  }
  lines.push("  --help | | this text");
  return lines.join("\n");
}
