// Zod schema of the merged raw settings (flags > env > file), coercing the strings that env and flags give.
import { z } from "zod";
import { CLOUDS } from "./presets.js";

const text = z.string().trim().min(1, "must not be empty");

const TRUE = ["true", "1", "yes", "on"];
const FALSE = ["false", "0", "no", "off"];
const bool = z.preprocess(
  (v) =>
    typeof v === "string"
      ? TRUE.includes(v.trim().toLowerCase())
        ? true
        : FALSE.includes(v.trim().toLowerCase())
          ? false
          : v
      : v,
  z.boolean({ error: "must be true or false" }),
);

const int = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`),
  );

const list = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter((s) => s !== ""));

const scopeList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(/[\s,]+/)).map((s) => s.trim()).filter((s) => s !== ""));

/** O365_SCOPES: "a b" (management), "management=a,graph=b", or in JSON an object per API. */
const scopes = z
  .union([
    z
      .object({
        management: scopeList.optional(),
        graph: scopeList.optional(),
        reporting: scopeList.optional(),
      })
      .strict(),
    z.string().transform((v, ctx) => {
      if (!v.includes("=")) return { management: scopeList.parse(v) };
      const out: Record<string, string[]> = {};
      for (const part of v.split(/[,;]\s*(?=\w+=)/)) {
        const [api, value] = [part.slice(0, part.indexOf("=")).trim(), part.slice(part.indexOf("=") + 1)];
        if (api !== "management" && api !== "graph" && api !== "reporting") {
          // continue: the union then reports this line instead of a bare "Invalid input".
          ctx.addIssue({
            code: "custom",
            message: `unknown API "${api}" (management, graph, reporting)`,
            continue: true,
          });
          return z.NEVER;
        }
        out[api] = scopeList.parse(value.replace(/,/g, " "));
      }
      return out as { management?: string[]; graph?: string[]; reporting?: string[] };
    }),
    z.array(z.string()).transform((v) => ({ management: scopeList.parse(v) })),
  ])
  .transform((v) => v as Partial<Record<"management" | "graph" | "reporting", string[]>>);

export const rawConfigSchema = z
  .object({
    tenantId: text,
    clientId: text,
    clientSecret: text,
    clientSecretFile: text,
    clientCertFile: text,
    clientCertPassword: z.string(),
    authMode: z.enum(["client_credentials", "refresh_token"]),
    refreshToken: text,
    tokenCache: text,
    cloud: z.enum(CLOUDS),
    managementUrl: text,
    tokenUrl: text,
    graphUrl: text,
    reportingUrl: text,
    scopes,
    publisherId: text,
    messageTraceBackend: z.enum(["auto", "graph", "reporting"]),
    verifyTls: bool,
    caFile: text,
    proxy: text,
    readOnly: bool,
    requestTimeoutMs: int(100, 600_000),
    maxRetries: int(0, 10),
    managementPerMinute: int(1, 1_000_000),
    messageTracePer5Min: int(1, 1_000_000),
    outputBudgetBytes: int(1000, 10_000_000),
    cacheDir: text,
    cacheMemoryMb: int(0, 100_000),
    auditLog: text,
    logLevel: z.enum(["debug", "info", "warning", "error"]),
    transport: z.enum(["stdio", "http"]),
    host: text,
    port: int(0, 65535),
    httpToken: text,
    allowedOrigins: list,
    stateless: bool,
    maxSessions: int(1, 10_000),
    rateLimitPerMinute: int(1, 1_000_000),
    demo: bool,
  })
  .partial();

/** Raw settings as typed values (the keys of a --config file); what loadConfig's overrides take. */
export type RawConfig = z.infer<typeof rawConfigSchema>;
/** What a caller may pass as overrides: the input side (strings accepted where env would give them). */
export type RawConfigInput = z.input<typeof rawConfigSchema>;
