// The effective configuration every layer receives. Loading and validation live in src/config/load.ts
// (design.md section 3); this file is the contract the other layers code against.

export type Cloud = "commercial" | "gcc" | "gcchigh" | "dod" | "china" | "custom";
export type AuthMode = "client_credentials" | "refresh_token";
export type MessageTraceBackend = "auto" | "graph" | "reporting";
export type TransportKind = "stdio" | "http";
export type Api = "management" | "graph" | "reporting";

export interface Endpoints {
  /** Full token endpoint, e.g. https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token */
  tokenUrl: string;
  /** Authority root derived from tokenUrl, e.g. https://login.microsoftonline.com/{tenant} */
  authority: string;
  /** Management Activity API host root, e.g. https://manage.office.com (no path) */
  managementUrl: string;
  /** Graph host root, e.g. https://graph.microsoft.com; undefined where the cloud has no Graph message trace */
  graphUrl?: string;
  /** Reporting Web Service host root, e.g. https://reports.office365.com */
  reportingUrl?: string;
}

export interface Config {
  tenantId: string;
  clientId: string;
  /** Secret value (already read from O365_CLIENT_SECRET_FILE when that was used). Never log it. */
  clientSecret?: string;
  /** PEM text holding the certificate and its private key (read from O365_CLIENT_CERT_FILE). */
  clientCertPem?: string;
  clientCertPassword?: string;
  authMode: AuthMode;
  refreshToken?: string;
  /** File where the MSAL cache (and rotated refresh tokens) persist, mode 0600. */
  tokenCache?: string;
  cloud: Cloud;
  endpoints: Endpoints;
  /** Scope per API, e.g. { management: ["https://manage.office.com/.default"] } */
  scopes: Record<Api, string[]>;
  /** PublisherIdentifier sent on every Management API call; defaults to the tenant id. */
  publisherId: string;
  messageTraceBackend: MessageTraceBackend;
  verifyTls: boolean;
  /** Extra CA certificates (PEM text) trusted in addition to the system store (O365_CA_FILE). */
  caPem?: string;
  proxy?: string;
  readOnly: boolean;
  /** Per-request timeout towards Microsoft, ms. */
  requestTimeoutMs: number;
  /** Maximum retries of one request (429, 5xx, AF429, resets). */
  maxRetries: number;
  /** Client-side rate limits, requests per window. */
  rateLimits: { managementPerMinute: number; messageTracePer5Min: number };
  /** On-disk content cache directory (O365_CACHE_DIR); memory-only when undefined. */
  cacheDir?: string;
  /** Memory budget of the audit content cache, MiB of compressed blobs (O365_CACHE_MEMORY_MB); default in src/audit. */
  cacheMemoryMb?: number;
  /** Tool-call audit log file (O365_AUDIT_LOG); stderr when undefined. */
  auditLog?: string;
  /** Default output budget in bytes of text per tool result. */
  outputBudgetBytes: number;
  transport: TransportKind;
  http: {
    host: string;
    port: number;
    /** Bearer token required by the HTTP transport (O365_MCP_HTTP_TOKEN / --http-token). */
    token?: string;
    allowedOrigins: string[];
    stateless: boolean;
    maxSessions: number;
    sessionIdleMs: number;
    maxBodyBytes: number;
    /** Requests per minute per client address. */
    rateLimitPerMinute: number;
  };
  /** --demo: the embedded emulator tenant; endpoints point at it. */
  demo: boolean;
  logLevel: "debug" | "info" | "warning" | "error";
}
