import { ServerError } from "@azure/msal-node";
import { describe, expect, it } from "vitest";
import { mapAuthError } from "../../src/auth/aadsts.js";

const serverError = (num: number, error: string, text: string) =>
  new ServerError(
    error,
    "corr",
    `Error(s): ${num} - Timestamp: t - Description: AADSTS${num}: ${text}\r\nTrace ID: x - Correlation ID: y`,
    "",
    String(num),
    400,
  );

describe("mapAuthError", () => {
  const cases: [number, string, RegExp][] = [
    [7000215, "invalid_client", /secret value, not its id/],
    [700016, "unauthorized_client", /O365_CLIENT_ID and O365_TENANT_ID/],
    [90002, "invalid_request", /O365_TENANT_ID.*O365_CLOUD/],
    [70011, "invalid_scope", /\/\.default/],
    [1002012, "invalid_scope", /\/\.default/],
    [500011, "invalid_resource", /service principal/],
    [650057, "invalid_client", /admin consent/],
    [700082, "invalid_grant", /O365_REFRESH_TOKEN/],
    [50173, "invalid_grant", /O365_REFRESH_TOKEN/],
    [70008, "invalid_grant", /O365_REFRESH_TOKEN/],
  ];
  for (const [num, error, hint] of cases) {
    it(`AADSTS${num} gets its hint`, () => {
      const e = mapAuthError(serverError(num, error, "Something happened."));
      expect(e.api).toBe("auth");
      expect(e.code).toBe(`AADSTS${num}`);
      expect(e.hint).toMatch(hint);
      expect(e.message).toBe(`AADSTS${num}: Something happened.`);
    });
  }

  it("an unknown AADSTS code links to the error lookup page", () => {
    expect(mapAuthError(serverError(123456, "invalid_request", "x")).hint).toContain("error?code=123456");
  });

  it("scrubs secrets that a message might echo", () => {
    const e = mapAuthError(serverError(900144, "invalid_request", "bad value TOPSECRET-1"), ["TOPSECRET-1"]);
    expect(e.message).not.toContain("TOPSECRET-1");
  });
});
