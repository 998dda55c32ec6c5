// loadConfig: flags > env > --config file > cloud preset defaults, validated into the Config contract.
// Every problem becomes one line of ConfigError.problems; no line ever quotes a secret.
import { readCredentials } from "./credentials.js";
import { resolveEndpoints } from "./endpoints.js";
import { type RawConfig, type RawConfigInput, rawConfigSchema } from "./raw.js";
import { SETTINGS } from "./settings.js";
import { type RawValues, readConfigFile, readEnv, readFlags, readSettingFile } from "./sources.js";
import type { Config } from "./types.js";

export type { RawConfig, RawConfigInput } from "./raw.js";
export { configHelp } from "./settings.js";

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

export interface LoadConfigInput {
  argv: string[];
  env: Record<string, string | undefined>;
  /** Highest precedence (the CLI's --demo wiring, tests). */
  overrides?: Partial<RawConfigInput>;
  /** Where the --no-verify-tls warning goes (default stderr). */
  warn?: (line: string) => void;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i;

export function loadConfig(input: LoadConfigInput): Config {
  const problems: string[] = [];
  const flags = readFlags(input.argv);
  problems.push(...flags.problems);
  const env = readEnv(input.env);
  const configFile = flags.configFile ?? env.configFile;
  const file = configFile ? readConfigFile(configFile) : { values: {}, problems: [] };
  problems.push(...file.problems);

  const sources: [string, RawValues][] = [
    ["config file", file.values],
    ["env", env.values],
    ["flag", flags.values],
    ["overrides", (input.overrides ?? {}) as RawValues],
  ];
  const raw = parseRaw(sources, problems);

  const tenantId = raw.tenantId ?? "";
  if (!raw.tenantId) problems.push("tenant id missing: set O365_TENANT_ID (--tenant-id)");
  // The Management API path needs the GUID (AF20013 otherwise, o365-api.md 1.7), so a domain is not enough.
  else if (!GUID.test(tenantId))
    problems.push("tenant id (O365_TENANT_ID) must be the tenant GUID, not a domain");
  if (!raw.clientId) problems.push("client id missing: set O365_CLIENT_ID (--client-id)");
  else if (!GUID.test(raw.clientId))
    problems.push("client id (O365_CLIENT_ID) must be the app registration GUID");
  if (raw.publisherId && !GUID.test(raw.publisherId)) {
    problems.push("publisher id (O365_PUBLISHER_ID) must be a GUID (the vendor tenant id)");
  }

  const authMode = raw.authMode ?? "client_credentials";
  const credentials = readCredentials(raw, authMode, problems);
  const cloud = raw.cloud ?? "commercial";
  const { endpoints, scopes } = resolveEndpoints(raw, cloud, tenantId, problems);

  let caPem: string | undefined;
  if (raw.caFile) {
    const { text, problem } = readSettingFile(raw.caFile, "CA file (O365_CA_FILE)");
    if (problem) problems.push(problem);
    else if (!text?.includes("-----BEGIN CERTIFICATE-----"))
      problems.push("CA file (O365_CA_FILE) holds no PEM certificate");
    else caPem = text;
  }
  if (raw.proxy) checkProxy(raw.proxy, problems);

  const transport = raw.transport ?? "stdio";
  const host = raw.host ?? "127.0.0.1";
  if (transport === "http" && !LOOPBACK.test(host) && !raw.httpToken) {
    problems.push(
      "HTTP transport on a non-loopback host needs a bearer token: set O365_MCP_HTTP_TOKEN (--http-token)",
    );
  }
  const allowedOrigins = (raw.allowedOrigins ?? []).map((o) => checkOrigin(o, problems));

  if (problems.length > 0 || !endpoints) throw new ConfigError(problems);

  const verifyTls = raw.verifyTls ?? true;
  if (!verifyTls) {
    (input.warn ?? ((l) => process.stderr.write(`${l}\n`)))(
      "WARNING: TLS certificate verification is OFF (--no-verify-tls). Anyone on the network path can read your tokens and audit data. Use O365_CA_FILE to trust a private CA instead.",
    );
  }

  return {
    tenantId,
    clientId: raw.clientId!,
    ...credentials,
    authMode,
    tokenCache: raw.tokenCache,
    cloud,
    endpoints,
    scopes,
    publisherId: raw.publisherId ?? tenantId,
    messageTraceBackend: raw.messageTraceBackend ?? "auto",
    verifyTls,
    caPem,
    proxy: raw.proxy,
    readOnly: raw.readOnly ?? false,
    requestTimeoutMs: raw.requestTimeoutMs ?? 30_000,
    maxRetries: raw.maxRetries ?? 4,
    rateLimits: {
      managementPerMinute: raw.managementPerMinute ?? 2000,
      messageTracePer5Min: raw.messageTracePer5Min ?? 100,
    },
    cacheDir: raw.cacheDir,
    cacheMemoryMb: raw.cacheMemoryMb,
    auditLog: raw.auditLog,
    outputBudgetBytes: raw.outputBudgetBytes ?? 20_000,
    transport,
    http: {
      host,
      port: raw.port ?? 3000,
      token: raw.httpToken,
      allowedOrigins,
      stateless: raw.stateless ?? false,
      maxSessions: raw.maxSessions ?? 32,
      sessionIdleMs: 30 * 60_000,
      maxBodyBytes: 1024 * 1024,
      rateLimitPerMinute: raw.rateLimitPerMinute ?? 600,
    },
    demo: raw.demo ?? false,
    logLevel: raw.logLevel ?? "info",
  };
}

/** Merges the sources (later wins) and coerces each key on its own, so every bad key gets its own line. */
function parseRaw(sources: [string, RawValues][], problems: string[]): RawConfig {
  const merged = new Map<string, { value: unknown; source: string }>();
  for (const [source, values] of sources) {
    for (const [key, value] of Object.entries(values)) {
      if (value !== undefined) merged.set(key, { value, source });
    }
  }
  const shape = rawConfigSchema.shape as Record<string, (typeof rawConfigSchema.shape)[keyof RawConfig]>;
  const out: Record<string, unknown> = {};
  for (const [key, { value, source }] of merged) {
    const schema = shape[key];
    if (!schema) {
      problems.push(`unknown setting "${key}" (${source})`);
      continue;
    }
    const result = schema.safeParse(value);
    if (result.success) out[key] = result.data;
    else problems.push(`${describe(key, source)}: ${result.error.issues.map((i) => i.message).join("; ")}`);
  }
  return out as RawConfig;
}

function describe(key: string, source: string): string {
  const s = SETTINGS.find((x) => x.key === key);
  if (source === "flag" && s?.flag) return `--${s.flag}`;
  if (source === "env" && s?.env[0]) return s.env.join("/");
  return `${key} (${source})`;
}

function checkProxy(proxy: string, problems: string[]): void {
  try {
    const url = new URL(proxy);
    if (url.protocol !== "http:" && url.protocol !== "https:")
      problems.push("proxy (O365_HTTP_PROXY) must be an http:// or https:// URL");
  } catch {
    problems.push("proxy (O365_HTTP_PROXY) is not a valid URL");
  }
}

function checkOrigin(origin: string, problems: string[]): string {
  try {
    const url = new URL(origin);
    if (url.origin !== origin.replace(/\/$/, ""))
      problems.push(`allowed origin "${origin}" must be scheme://host[:port] only`);
    return url.origin;
  } catch {
    problems.push(`allowed origin "${origin}" is not a valid origin`);
    return origin;
  }
}
