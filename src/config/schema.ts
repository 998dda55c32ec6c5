// The zod schemas built from the setting rows, and the schema of the effective configuration whose output
// type is the Config contract (types.ts). Settings reach Config through configSchema only: a key it does
// not place is stripped, so each setting is placed exactly once below (design.md section 3).
import { z } from "zod";
import { apiSchema } from "./choices.js";
import { SETTING_ROWS, type SettingRow } from "./settings.js";

type Rows = typeof SETTING_ROWS;
type ValueSchema<K extends keyof Rows> = Rows[K]["type"]["schema"];
/** A setting with a default is always set; one without may be undefined. */
type Leaf<K extends keyof Rows> = undefined extends Rows[K]["default"]
  ? z.ZodOptional<ValueSchema<K>>
  : z.ZodDefault<ValueSchema<K>>;

const keys = Object.keys(SETTING_ROWS) as (keyof Rows)[];

function shapeOf<S>(schemaOf: (row: SettingRow) => z.ZodType): S {
  return Object.fromEntries(keys.map((k) => [k, schemaOf(SETTING_ROWS[k] as SettingRow)])) as S;
}

/** Every setting on its own, unset keys allowed: the keys of a --config file, coerced from env strings. */
export const rawConfigSchema = z
  .object(shapeOf<{ [K in keyof Rows]: ValueSchema<K> }>((row) => row.type.schema))
  .partial();

/** Every setting with its default applied. */
export const settingsSchema = z.object(
  shapeOf<{ [K in keyof Rows]: Leaf<K> }>((row) =>
    row.default === undefined ? row.type.schema.optional() : row.type.schema.default(row.default),
  ),
);

/** Raw settings as typed values (the keys of a --config file); what loadConfig's overrides take. */
export type RawConfig = z.infer<typeof rawConfigSchema>;
/** What a caller may pass as overrides: the input side (strings accepted where env would give them). */
export type RawConfigInput = z.input<typeof rawConfigSchema>;
/** Every setting after defaults; loadConfig derives the rest of Config from it. */
export type Settings = z.output<typeof settingsSchema>;

export const endpointsSchema = z.object({
  /** Full token endpoint, e.g. https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token */
  tokenUrl: z.string(),
  /** Authority root derived from tokenUrl, e.g. https://login.microsoftonline.com/{tenant} */
  authority: z.string(),
  /** Management Activity API host root, e.g. https://manage.office.com (no path) */
  managementUrl: z.string(),
  /** Graph host root, e.g. https://graph.microsoft.com; undefined where the cloud has no Graph message trace */
  graphUrl: z.string().optional(),
  /** Reporting Web Service host root, e.g. https://reports.office365.com */
  reportingUrl: z.string().optional(),
});

/** Scope per API, e.g. { management: ["https://manage.office.com/.default"] } */
export const scopesSchema = z.record(apiSchema, z.array(z.string()));

/** The credential read from the settings; files are already read. Never log any of it. */
export const credentialsSchema = z.object({
  /** Secret value (already read from O365_CLIENT_SECRET_FILE when that was used). */
  clientSecret: z.string().optional(),
  /** PEM text holding the certificate and its private key (read from O365_CLIENT_CERT_FILE). */
  clientCertPem: z.string().optional(),
  clientCertPassword: z.string().optional(),
  refreshToken: z.string().optional(),
});

const s = settingsSchema.shape;

/** The effective configuration every layer receives; keys in the order o365://config shows them. */
export const configSchema = z.object({
  tenantId: SETTING_ROWS.tenantId.type.schema,
  clientId: SETTING_ROWS.clientId.type.schema,
  ...credentialsSchema.shape,
  authMode: s.authMode,
  /** File where the MSAL cache (and rotated refresh tokens) persist, mode 0600. */
  tokenCache: s.tokenCache,
  cloud: s.cloud,
  endpoints: endpointsSchema,
  scopes: scopesSchema,
  /** PublisherIdentifier sent on every Management API call; defaults to the tenant id. */
  publisherId: SETTING_ROWS.publisherId.type.schema,
  messageTraceBackend: s.messageTraceBackend,
  verifyTls: s.verifyTls,
  /** Extra CA certificates (PEM text) trusted in addition to the system store (O365_CA_FILE). */
  caPem: z.string().optional(),
  proxy: s.proxy,
  readOnly: s.readOnly,
  requestTimeoutMs: s.requestTimeoutMs,
  maxRetries: s.maxRetries,
  /** Client-side rate limits, requests per window. */
  rateLimits: z.object({
    managementPerMinute: s.managementPerMinute,
    messageTracePer5Min: s.messageTracePer5Min,
    /** Audit search API query submissions per rolling 24 h (audit-search-api.md 4.6). */
    auditQueriesPerDay: s.auditQueriesPerDay,
  }),
  /** On-disk content cache directory; memory-only when undefined. */
  cacheDir: s.cacheDir,
  /** Memory budget of the audit content cache, MiB of compressed blobs; default in src/audit. */
  cacheMemoryMb: s.cacheMemoryMb,
  /** Hours after a search window's end during which its content may still arrive (o365-api.md 1.6). */
  contentArrivalHours: s.contentArrivalHours,
  /** Days search_audit_log reaches back through the audit search API (audit-search-api.md 4.4). */
  auditRetentionDays: s.auditRetentionDays,
  /** Longest wait of one call for an audit search API query, seconds. */
  historyWaitSeconds: s.historyWaitSeconds,
  /** Tool-call audit log file; stderr when undefined. */
  auditLog: s.auditLog,
  outputBudgetBytes: s.outputBudgetBytes,
  /** Largest response body read from a service, MiB (src/http/body.ts). */
  maxResponseMb: s.maxResponseMb,
  /** What a tool result carries: both text and structuredContent, or text only. */
  resultContent: s.resultContent,
  transport: s.transport,
  http: z.object({
    host: s.host,
    port: s.port,
    /** Bearer token required by the HTTP transport (O365_MCP_HTTP_TOKEN or O365_MCP_HTTP_TOKEN_FILE; no flag). */
    token: s.httpToken,
    allowedOrigins: s.allowedOrigins,
    stateless: s.stateless,
    maxSessions: s.maxSessions,
    // Fixed limits, not settings: no one has needed to change them.
    sessionIdleMs: z.number().default(30 * 60_000),
    maxBodyBytes: z.number().default(1024 * 1024),
    /** Requests per minute per client address. */
    rateLimitPerMinute: s.rateLimitPerMinute,
  }),
  /** Signs paging cursors (O365_CURSOR_KEY); a random key per process when unset. Secret. */
  cursorKey: s.cursorKey,
  /** --demo: the embedded emulator tenant; endpoints point at it. */
  demo: s.demo,
  logLevel: s.logLevel,
});

export type Config = z.output<typeof configSchema>;
