import { describe, expect, it } from "vitest";
import { allowedOrigins, isAllowedOrigin } from "../../src/http/allowlist.js";

const origins = allowedOrigins({
  tokenUrl: "https://login.microsoftonline.com/t/oauth2/v2.0/token",
  authority: "https://login.microsoftonline.com/t",
  managementUrl: "https://manage.office.com",
  graphUrl: "https://graph.microsoft.com",
  reportingUrl: "https://reports.office365.com",
});

describe("host allowlist", () => {
  it("allows the configured management, graph and reporting origins", () => {
    expect(isAllowedOrigin(origins, "https://manage.office.com/api/v1.0/x/activity/feed/audit/1$2")).toBe(
      true,
    );
    expect(isAllowedOrigin(origins, "https://MANAGE.office.com:443/api")).toBe(true);
    expect(isAllowedOrigin(origins, "https://graph.microsoft.com/v1.0/admin")).toBe(true);
    expect(isAllowedOrigin(origins, "https://reports.office365.com/ecp/")).toBe(true);
  });
  it("refuses other hosts, ports, schemes, look-alikes and userinfo tricks", () => {
    for (const url of [
      "https://evil.example/api",
      "https://manage.office.com.evil.example/api",
      "https://manage.office.com:8443/api",
      "http://manage.office.com/api",
      "https://manage.office.com@evil.example/api",
      "https://evil.example@manage.office.com/api",
      "https://login.microsoftonline.com/t/oauth2/v2.0/token",
      "not a url",
    ]) {
      expect(isAllowedOrigin(origins, url), url).toBe(false);
    }
  });
  it("omits the origins of APIs the cloud does not have", () => {
    const o = allowedOrigins({
      tokenUrl: "https://l/t/oauth2/v2.0/token",
      authority: "https://l/t",
      managementUrl: "https://manage.office365.us",
    });
    expect([...o]).toEqual(["https://manage.office365.us"]);
  });
});
