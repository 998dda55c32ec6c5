// The one redaction pass over text that leaves the process (design.md section 10: secrets never reach a
// client, a log or a file). Applied at the edges: every MCP message we send (tool results, log
// notifications, resources, errors), the audit log, and the diagnostic log (stderr). Lower layers may echo
// anything a service said; the edge does not trust them to have cleaned it.
//
// What is removed: the configured secrets (client secret, certificate password, refresh token, HTTP bearer
// token) in their raw, JSON-escaped, URL-encoded, base64 and base64url forms (also inside a longer base64
// string such as a Basic credential), and anything shaped like a JWT, an access or refresh token value, or
// a bearer credential.
import type { Config } from "./types.js";

export const REDACTED = "[redacted]";

/** Secrets shorter than this are not matched: a short value would erase ordinary words. */
const MIN_SECRET = 6;
/** Base64 fragments shorter than this are too likely to occur by chance. */
const MIN_BASE64_CORE = 8;

const JWT = /\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g;
// A credential has a digit somewhere; "Basic authentication" is prose, not a credential.
const BEARER = /\b(Bearer|Basic)(\s+|%20|\+)(?=[A-Za-z0-9\-._~+/%]*[0-9])[A-Za-z0-9\-._~+/%]{12,}=*/gi;
// "access_token":"…" (JSON, also JSON inside a JSON string) and refresh_token=… (forms, query strings).
// Prose such as "refresh_token: O365_TOKEN_CACHE is missing" is not a field and stays readable.
const TOKEN_FIELD =
  /((?:access|refresh|id)_?token|client_?secret|client_?assertion)(=|%3D|\\?["']\s*:\s*\\?["'])([^"'\\&\s,;}<>]{6,})/gi;

export type Redactor = (text: string) => string;

function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const forms: string[] = [];
  // The secret at each of the three byte offsets inside a longer base64 text (e.g. base64("id:secret")):
  // only the characters that depend on the secret's bytes alone are stable, so those are matched.
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString("base64");
    const start = shift === 0 ? 0 : 4;
    const total = shift + bytes.length;
    const end = total % 3 === 0 ? encoded.length : encoded.length - 4;
    const core = encoded.slice(start, end);
    if (core.length >= MIN_BASE64_CORE) forms.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  // The whole secret alone, with its padding or partial last group.
  const whole = bytes.toString("base64");
  forms.push(whole, whole.replace(/=+$/, ""), bytes.toString("base64url"));
  return forms;
}

/** Every form of `secret` that could appear in text we send. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, "+"),
    encodeURIComponent(JSON.stringify(secret).slice(1, -1)),
    ...base64Forms(secret),
  ]);
  // Longest first, so a shorter form never splits a longer one.
  return [...forms].filter((f) => f.length >= MIN_SECRET).sort((a, b) => b.length - a.length);
}

/** A redactor for these secrets (undefined and short ones are ignored) plus the token shapes. */
export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const forms = [
    ...new Set(secrets.filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET)),
  ].flatMap(secretForms);
  return (text) => {
    let out = text;
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out
      .replace(JWT, REDACTED)
      .replace(BEARER, (_m, scheme: string, gap: string) => `${scheme}${gap}${REDACTED}`)
      .replace(TOKEN_FIELD, (m, name: string, sep: string, value: string) =>
        value === REDACTED || value.startsWith("[redacted") ? m : `${name}${sep}${REDACTED}`,
      );
  };
}

/** The configured secrets of a Config. */
export function configSecrets(config: Config): (string | undefined)[] {
  return [
    config.clientSecret,
    config.clientCertPassword,
    config.refreshToken,
    config.http.token,
    config.cursorKey,
  ];
}

const byConfig = new WeakMap<Config, Redactor>();

/** The redactor for a Config (built once per Config). */
export function redactorFor(config: Config): Redactor {
  let r = byConfig.get(config);
  if (!r) {
    r = createRedactor(configSecrets(config));
    byConfig.set(config, r);
  }
  return r;
}

/** Redacts every string inside a JSON-shaped value; returns the same object when nothing changed. */
export function redactValue<T>(value: T, redact: Redactor): T {
  const json = JSON.stringify(value);
  if (json === undefined) return value;
  const cleaned = redact(json);
  if (cleaned === json) return value;
  // Redaction only replaces text inside JSON strings with a plain ASCII marker, so the JSON stays valid;
  // values outside strings (keys aside) cannot contain a secret's characters in a way that parses.
  try {
    return JSON.parse(cleaned) as T;
  } catch {
    return redactStrings(value, redact);
  }
}

function redactStrings<T>(value: T, redact: Redactor): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, redact)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [redact(k), redactStrings(v, redact)]),
    ) as T;
  }
  return value;
}
