// Looks for secrets in everything a user, a client or a log reader can see: each secret in the encodings it
// could leave in (verbatim, JSON-escaped, URL-encoded, base64, base64url) and, for long PEM bodies, per line.
export interface Secret {
  name: string;
  value: string;
}

/** Text seen on one output channel (a tool result, a resource, a log line...). */
export interface Observation {
  channel: string;
  text: string;
}

const MIN_FRAGMENT = 24;

/** The strings whose presence would mean the secret leaked. */
export function secretForms(value: string): string[] {
  const forms = new Set<string>([
    value,
    JSON.stringify(value).slice(1, -1),
    encodeURIComponent(value),
    Buffer.from(value, "utf8").toString("base64"),
    Buffer.from(value, "utf8").toString("base64url"),
    encodeURIComponent(value).replace(/%20/g, "+"),
    ...shiftedBase64(value),
  ]);
  // A JWT or a PEM body can leak in parts: its signature segment, or one line of the key.
  for (const part of value.split(/[.\n]/)) {
    const trimmed = part.trim();
    if (trimmed.length >= MIN_FRAGMENT && !/^-----/.test(trimmed)) forms.add(trimmed);
  }
  return [...forms].filter((f) => f.length >= 8);
}

/** The secret inside a longer base64 text (e.g. a Basic credential "id:secret"), at each byte offset. */
function shiftedBase64(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  return [1, 2].flatMap((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString("base64");
    const core = encoded.slice(4, encoded.length - 4);
    return core.length >= 16 ? [core, core.replace(/\+/g, "-").replace(/\//g, "_")] : [];
  });
}

/** Private key PEM body only (a certificate is public; its key is not). */
export function privateKeyOf(pem: string): string {
  const match = /-----BEGIN [A-Z ]*PRIVATE KEY-----([\s\S]*?)-----END [A-Z ]*PRIVATE KEY-----/.exec(pem);
  if (!match) throw new Error("no private key in PEM");
  return match[1].trim();
}

/** "channel: secret name" for every leak found; empty when clean. */
export function findLeaks(observations: Observation[], secrets: Secret[]): string[] {
  const leaks: string[] = [];
  for (const secret of secrets) {
    const forms = secretForms(secret.value);
    for (const { channel, text } of observations) {
      const hit = forms.find((f) => text.includes(f));
      if (hit !== undefined)
        leaks.push(
          `${channel}: ${secret.name} (${hit === secret.value ? "verbatim" : "encoded or partial"})`,
        );
    }
  }
  return leaks;
}
