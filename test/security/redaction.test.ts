// The one redaction function (src/config/secret-redaction.ts): each configured secret in every form it can
// leave in, and the token shapes, while ordinary prose and identifiers pass untouched.
import { describe, expect, it } from "vitest";
import { createRedactor, REDACTED, redactValue } from "../../src/config/secret-redaction.js";

const SECRET = "s3cr~et/Value+with=odd chars";
const redact = createRedactor([SECRET, undefined, "short"]);

describe("createRedactor", () => {
  it.each([
    ["raw", SECRET],
    ["JSON-escaped", JSON.stringify(`"${SECRET}"`)],
    ["URL-encoded", encodeURIComponent(SECRET)],
    ["form-encoded", encodeURIComponent(SECRET).replace(/%20/g, "+")],
    ["base64", Buffer.from(SECRET).toString("base64")],
    ["base64url", Buffer.from(SECRET).toString("base64url")],
    ["inside a Basic credential", `Basic ${Buffer.from(`client-id:${SECRET}`).toString("base64")}`],
    ["inside a longer base64 text", Buffer.from(`ab${SECRET}cd`).toString("base64")],
  ])("removes the secret %s", (_form, text) => {
    const out = redact(`before ${text} after`);
    expect(out).toContain(REDACTED);
    expect(out).not.toContain(text.slice(2, -2));
  });

  it("removes JWTs, bearer credentials and token fields, whoever they belong to", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3gifQ.c2lnbmF0dXJl";
    expect(redact(`token ${jwt}.`)).toBe(`token ${REDACTED}.`);
    expect(redact("Authorization: Bearer abc123def456ghi789")).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redact('{"access_token":"opaque-0123456789"}')).toBe(`{"access_token":"${REDACTED}"}`);
    expect(redact("grant_type=refresh_token&refresh_token=0.AAAbcdef123&x=1")).toBe(
      `grant_type=refresh_token&refresh_token=${REDACTED}&x=1`,
    );
  });

  it("leaves prose, ids and short configured values alone", () => {
    const prose =
      "Basic authentication is off; the bearer token is required. short is a word. 4451a062-48cb-e80d-e8c0-196330437ae6. auth mode refresh_token: O365_TOKEN_CACHE file does not exist yet";
    expect(redact(prose)).toBe(prose);
  });

  it("redacts inside JSON values and keeps the structure", () => {
    const value = { content: [{ type: "text", text: `x ${SECRET} y` }], n: 1 };
    expect(redactValue(value, redact)).toEqual({
      content: [{ type: "text", text: `x ${REDACTED} y` }],
      n: 1,
    });
    const clean = { a: "nothing here" };
    expect(redactValue(clean, redact)).toBe(clean);
  });
});
