// loadConfig: flags > env > --config file > defaults, validated into the Config contract (design.md section 3).
// Every problem becomes one line of ConfigError.problems; no line ever quotes a secret.
import type { z } from "zod";
import { isGuid, isLoopbackHost } from "../identifiers.js";
import { readCredentials } from "./credentials.js";
import { resolveEndpoints } from "./endpoints.js";
import { configSchema, type RawConfigInput, type Settings, settingsSchema } from "./schema.js";
import { SETTINGS } from "./settings.js";
import { type RawValues, readConfigFile, readEnv, readFlags, readSettingFile } from "./sources.js";
import type { Config } from "./types.js";

export { configHelp } from "./help.js";
export type { RawConfig, RawConfigInput } from "./schema.js";

/** A token anyone on the network may guess at needs real entropy (32 base64url characters = 192 bits). */
export const MIN_REMOTE_TOKEN = 32;
const MAKE_TOKEN =
  "make one with: openssl rand -base64 32 (or node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64url'))\")";

const GUID_SHAPE = "32 hex digits as 8-4-4-4-12, e.g. 00000000-0000-0000-0000-000000000000";

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
  /** Where warnings (--no-verify-tls, an ignored --port) go (default stderr). */
  warn?: (line: string) => void;
}

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
  const settings = parseSettings(sources, problems);

  const tenantId = settings.tenantId ?? "";
  if (!settings.tenantId) problems.push("tenant id missing: set O365_TENANT_ID (--tenant-id)");
  // The Management API path needs the GUID (AF20013 otherwise, o365-api.md 1.7), so a domain is not enough.
  else if (!isGuid(tenantId))
    problems.push(
      tenantId.includes(".")
        ? "tenant id (O365_TENANT_ID) must be the tenant GUID, not a domain"
        : `tenant id (O365_TENANT_ID) is not a GUID: ${GUID_SHAPE}`,
    );
  if (!settings.clientId) problems.push("client id missing: set O365_CLIENT_ID (--client-id)");
  else if (!isGuid(settings.clientId))
    problems.push(`client id (O365_CLIENT_ID) is not a GUID: the app registration's id, ${GUID_SHAPE}`);
  if (settings.publisherId && !isGuid(settings.publisherId)) {
    problems.push("publisher id (O365_PUBLISHER_ID) must be a GUID (the vendor tenant id)");
  }

  const credentials = readCredentials(settings, settings.authMode, problems);
  const { endpoints, scopes } = resolveEndpoints(settings, settings.cloud, tenantId, problems);

  let caPem: string | undefined;
  if (settings.caFile) {
    const { text, problem } = readSettingFile(settings.caFile, "CA file (O365_CA_FILE)");
    if (problem) problems.push(problem);
    else if (!text?.includes("-----BEGIN CERTIFICATE-----"))
      problems.push("CA file (O365_CA_FILE) holds no PEM certificate");
    else caPem = text;
  }
  if (settings.proxy) checkProxy(settings.proxy, problems);

  const httpToken = readHttpToken(settings, problems);
  if (settings.transport === "http" && !isLoopbackHost(settings.host)) {
    if (!httpToken) {
      problems.push(
        `HTTP transport on a non-loopback host needs a bearer token: set O365_MCP_HTTP_TOKEN or O365_MCP_HTTP_TOKEN_FILE (${MAKE_TOKEN})`,
      );
    } else if (httpToken.length < MIN_REMOTE_TOKEN) {
      problems.push(
        `the HTTP bearer token is too short for a non-loopback host (${httpToken.length} characters, at least ${MIN_REMOTE_TOKEN}): ${MAKE_TOKEN}`,
      );
    }
  }
  const allowedOrigins = settings.allowedOrigins.map((o) => checkOrigin(o, problems));

  if (problems.length > 0 || !endpoints) throw new ConfigError(problems);

  const warn = input.warn ?? ((l) => process.stderr.write(`${l}\n`));
  // stdio has no port: a --port there usually means a forgotten --transport http.
  if (settings.transport === "stdio" && sources.some(([, values]) => values.port !== undefined)) {
    warn(
      "WARNING: --port (O365_HTTP_PORT) is ignored with the stdio transport; add --transport http to serve HTTP.",
    );
  }
  // Stateless replicas behind a load balancer each draw their own random cursor key otherwise.
  if (settings.transport === "http" && settings.stateless && !settings.cursorKey) {
    warn(
      "WARNING: --stateless without O365_CURSOR_KEY: a paging cursor only continues on the replica that issued it. Give every replica the same O365_CURSOR_KEY.",
    );
  }
  if (!settings.verifyTls) {
    warn(
      "WARNING: TLS certificate verification is OFF (--no-verify-tls). Anyone on the network path can read your tokens and audit data. Use O365_CA_FILE to trust a private CA instead.",
    );
  }

  // configSchema places each setting and strips the rest, so whole objects can be handed to it; the setting
  // schemas accept their own output, which makes this second parse a check, not a conversion.
  // Credentials reach Config from readCredentials alone (a secret file's text, never a raw value it dropped).
  const { clientSecret, clientCertPassword, refreshToken, ...plain } = settings;
  const effective = {
    ...plain,
    ...credentials,
    tenantId,
    clientId: settings.clientId!,
    endpoints,
    scopes,
    publisherId: settings.publisherId ?? tenantId,
    caPem,
    rateLimits: plain,
    http: { ...plain, token: httpToken, allowedOrigins },
  } satisfies z.input<typeof configSchema>;
  return configSchema.parse(effective);
}

/** The HTTP bearer token from O365_MCP_HTTP_TOKEN or the file O365_MCP_HTTP_TOKEN_FILE names (never a flag). */
function readHttpToken(settings: Settings, problems: string[]): string | undefined {
  if (settings.httpToken && settings.httpTokenFile) {
    problems.push("set either O365_MCP_HTTP_TOKEN or O365_MCP_HTTP_TOKEN_FILE, not both");
  }
  if (settings.httpToken) return settings.httpToken;
  if (!settings.httpTokenFile) return undefined;
  const what = "HTTP token file (O365_MCP_HTTP_TOKEN_FILE)";
  const { text, problem } = readSettingFile(settings.httpTokenFile, what);
  if (problem) problems.push(problem);
  else if (!text?.trim()) problems.push(`${what} is empty`);
  else return text.trim();
  return undefined;
}

/**
 * Merges the sources (later wins) and coerces each key on its own, so every bad key gets its own line; then
 * fills the defaults of the keys no source set (or that failed, so the remaining checks still run).
 */
function parseSettings(sources: [string, RawValues][], problems: string[]): Settings {
  const merged = new Map<string, { value: unknown; source: string }>();
  for (const [source, values] of sources) {
    for (const [key, value] of Object.entries(values)) {
      if (value !== undefined) merged.set(key, { value, source });
    }
  }
  const shape: Record<string, z.ZodType> = settingsSchema.shape;
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
  for (const [key, schema] of Object.entries(shape)) {
    if (!(key in out)) out[key] = schema.parse(undefined);
  }
  return out as Settings;
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
