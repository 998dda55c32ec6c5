import { describe, expect, it } from "vitest";
import { bearerChallenge, createBearerCheck } from "../../src/transports/bearer-auth.js";

describe("createBearerCheck", () => {
  const check = createBearerCheck("tok-123");

  it("accepts the exact token, with any case of the scheme", () => {
    expect(check("Bearer tok-123")).toBe("ok");
    expect(check("bearer tok-123")).toBe("ok");
  });

  it("tells a missing token from a wrong one", () => {
    expect(check(undefined)).toBe("missing");
    expect(check("Basic dXNlcjpwYXNz")).toBe("missing");
    expect(check("Bearer tok-1234")).toBe("invalid");
    expect(check("Bearer tok-12")).toBe("invalid");
  });

  it("lets everything through when no token is configured", () => {
    expect(createBearerCheck(undefined)(undefined)).toBe("ok");
  });

  it("builds the WWW-Authenticate challenge with the realm", () => {
    expect(bearerChallenge("missing")).toBe('Bearer realm="office365-mcp"');
    expect(bearerChallenge("invalid")).toBe('Bearer realm="office365-mcp", error="invalid_token"');
  });
});
