// How a setting's value is written and parsed. Env vars and flags give strings, a --config file gives JSON
// values; each value type accepts both and says how the flag takes it (design.md section 3).
import { z } from "zod";
import { apiSchema } from "./choices.js";

/** How the flag parser reads the setting: a boolean flag takes no value, a list flag repeats. */
export type SettingKind = "string" | "boolean" | "number" | "list";

export interface ValueType<S extends z.ZodType = z.ZodType> {
  kind: SettingKind;
  schema: S;
}

const nonEmpty = z.string().trim().min(1, "must not be empty");

/** Any non-empty text, trimmed. */
export const text = { kind: "string", schema: nonEmpty } as const;

/** A signing key: long enough that it cannot be guessed. */
export const keyText = {
  kind: "string",
  schema: z.string().trim().min(32, "must be at least 32 characters (e.g. openssl rand -base64 32)"),
} as const;

/** Text kept exactly as given (a password may be blank or end in spaces). */
export const verbatim = { kind: "string", schema: z.string() } as const;

/** A choice matched case-insensitively (GCCHigh is gcchigh); a wrong one lists the valid ones. */
export function oneOf<S extends z.ZodEnum>(choices: S) {
  const options = choices.options as string[];
  const schema = z.preprocess(
    (v) =>
      typeof v === "string" ? (options.find((o) => o.toLowerCase() === v.trim().toLowerCase()) ?? v) : v,
    choices.clone({ ...choices.def, error: () => `must be one of ${options.join(", ")}` }),
  );
  return { kind: "string", schema } as const;
}

const TRUE = ["true", "1", "yes", "on"];
const FALSE = ["false", "0", "no", "off"];
const boolSchema = z.preprocess(
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
export const bool = { kind: "boolean", schema: boolSchema } as const;

export function int(min: number, max: number) {
  const schema = z.preprocess(
    (v) => (typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`),
  );
  return { kind: "number", schema } as const;
}

/** Comma-separated in env, repeated as a flag, an array in JSON. */
export const list = {
  kind: "list",
  schema: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter((s) => s !== "")),
} as const;

const scopeList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(/[\s,]+/)).map((s) => s.trim()).filter((s) => s !== ""));

type Api = z.infer<typeof apiSchema>;

/** O365_SCOPES: "a b" (management), "management=a,graph=b", or in JSON an object per API. */
const scopesSchema = z
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
      const out: Partial<Record<Api, string[]>> = {};
      for (const part of v.split(/[,;]\s*(?=\w+=)/)) {
        const [api, value] = [part.slice(0, part.indexOf("=")).trim(), part.slice(part.indexOf("=") + 1)];
        const known = apiSchema.safeParse(api);
        if (!known.success) {
          // continue: the union then reports this line instead of a bare "Invalid input".
          ctx.addIssue({
            code: "custom",
            message: `unknown API "${api}" (management, graph, reporting)`,
            continue: true,
          });
          return z.NEVER;
        }
        out[known.data] = scopeList.parse(value.replace(/,/g, " "));
      }
      return out;
    }),
    z.array(z.string()).transform((v) => ({ management: scopeList.parse(v) })),
  ])
  .transform((v) => v as Partial<Record<Api, string[]>>);
export const scopeOverride = { kind: "string", schema: scopesSchema } as const;
