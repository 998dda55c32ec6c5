import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { redactConfig } from "../../src/config/redact.js";

describe("redactConfig", () => {
  it("replaces every secret by [set] and keeps the rest", () => {
    const config = loadConfig({
      argv: ["--transport", "http"],
      env: {
        O365_MCP_HTTP_TOKEN: "HTTP-TOKEN-123",
        O365_TENANT_ID: "11111111-2222-3333-4444-555555555555",
        O365_CLIENT_ID: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        O365_CLIENT_SECRET: "CLIENT-SECRET-456",
        O365_AUTH_MODE: "refresh_token",
        O365_REFRESH_TOKEN: "REFRESH-789",
        O365_HTTP_PROXY: "http://bob:PROXY-PASS-000@proxy.example:3128",
      },
    });
    const redacted = redactConfig(config) as Record<string, unknown>;
    const text = JSON.stringify(redacted);
    for (const secret of ["HTTP-TOKEN-123", "CLIENT-SECRET-456", "REFRESH-789", "PROXY-PASS-000"]) {
      expect(text).not.toContain(secret);
    }
    expect(redacted["clientSecret"]).toBe("[set]");
    expect(redacted["refreshToken"]).toBe("[set]");
    expect((redacted["http"] as Record<string, unknown>)["token"]).toBe("[set]");
    expect(redacted["proxy"]).toContain("proxy.example:3128");
    expect(redacted["tenantId"]).toBe("11111111-2222-3333-4444-555555555555");
  });
});
