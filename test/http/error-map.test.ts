import { describe, expect, it } from "vitest";
import { mapHttpError } from "../../src/http/error-map.js";

const url =
  "https://manage.office.com/api/v1.0/t/activity/feed/subscriptions/content?contentType=Audit.Exchange";
const af = (code: string, message: string, status = 400) => ({
  api: "management" as const,
  status,
  headers: { "request-id": "req-1" },
  bodyText: JSON.stringify({ error: { code, message } }),
  url,
});

describe("mapHttpError", () => {
  it("AF20022 names the content type and start_subscription", () => {
    const e = mapHttpError(af("AF20022", "No subscription found for the specified content type."));
    expect(e.code).toBe("AF20022");
    expect(e.hint).toContain("start a subscription for Audit.Exchange with start_subscription");
    expect(e.requestId).toBe("req-1");
    expect(e.retryable).toBe(false);
  });

  it("the legacy service's JSON-light odata.error body gives its message (o365-api.md 2.8)", () => {
    const e = mapHttpError({
      api: "reporting",
      status: 400,
      headers: {},
      bodyText:
        '{"odata.error":{"code":"","message":{"lang":"en-US","value":"Incorrect format for $top argument \'1000]\'."}}}',
      url: "https://reports.office365.com/ecp/reportingwebservice/reporting.svc/MessageTrace",
    });
    expect(e.message).toBe("Incorrect format for $top argument '1000]'.");
    expect(e.code).toBe("HTTP_400");
  });

  it("AF10001 names the permission the content type needs", () => {
    const dlpUrl = url.replace("Audit.Exchange", "DLP.All");
    const dlp = mapHttpError({
      ...af(
        "AF10001",
        "The permission set (ActivityFeed.Read) sent in the request does not include the expected permission.",
        401,
      ),
      url: dlpUrl,
    });
    expect(dlp.hint).toMatch(/^DLP\.All needs ActivityFeed\.ReadDlp as well as ActivityFeed\.Read/);
    const none = mapHttpError(
      af(
        "AF10001",
        "The permission set () sent in the request did not include the expected permission ActivityFeed.Read.",
        401,
      ),
    );
    expect(none.hint).toMatch(/^Grant the app the ActivityFeed\.Read application permission/);
    expect(none.hint).not.toContain("ReadDlp");
  });

  it("AF429 on HTTP 403 is retryable; AF20030 is not", () => {
    expect(mapHttpError(af("AF429", "Too many requests. Method=GetBlob, PublisherId=x", 403)).retryable).toBe(
      true,
    );
    const w = mapHttpError(af("AF20030", "Start time and end time must both be specified"));
    expect(w.retryable).toBe(false);
    expect(w.hint).toMatch(/24 hours/);
  });

  it("AF20051 explains the 7-day expiry; AF10001 asks for ActivityFeed.Read and admin consent", () => {
    expect(mapHttpError(af("AF20051", "expired", 400)).hint).toMatch(/7 days/);
    expect(mapHttpError(af("AF10001", "perm", 401)).hint).toMatch(/ActivityFeed\.Read.*admin consent/);
  });

  it("the start throttle code '429' in a 403 carries the wait from the text", () => {
    const e = mapHttpError(
      af("429", "Too many frequent subscription start requests. Please retry again after 8m 46s.", 403),
    );
    expect(e.retryable).toBe(true);
    expect(e.retryAfterMs).toBe(526_000);
    expect(e.hint).toContain("8m 46s");
  });

  it("an onboarding DataServiceException drops the stack trace and says to turn on auditing", () => {
    const e = mapHttpError(
      af(
        "StartSubscription [CorrId=1][TenantId=t,ContentType=Audit.AzureActiveDirectory][AppId",
        "] failed. Exception: Microsoft.Office.Compliance.Audit.DataServiceException: Tenant t does not exist.\r\n   at Foo.Bar()",
      ),
    );
    expect(e.code).toBe("TENANT_NOT_ONBOARDED");
    expect(e.message).not.toContain(" at Foo");
    expect(e.hint).toMatch(/audit logging/);
  });

  it("Graph 401 explains the service principal prerequisite", () => {
    const e = mapHttpError({
      api: "graph",
      status: 401,
      headers: {},
      bodyText: '{"error":{"code":"InvalidAuthenticationToken","message":"x"}}',
      url: "https://graph.microsoft.com/v1.0/x",
    });
    expect(e.hint).toContain("New-MgServicePrincipal -AppId 8bd644d1-64a1-4d4b-ae52-2e0cbf64e373");
  });

  it("legacy 403 'No permission' asks for a reader role; legacy 401 HTML is summarized", () => {
    const e = mapHttpError({
      api: "reporting",
      status: 403,
      headers: {},
      bodyText: '{"ErrorCode":"","Message":"No permission to access the report for the organization ."}',
      url: "https://reports.office365.com/ecp/x",
    });
    expect(e.hint).toMatch(/Global Reader|Security Reader/);
    expect(e.message).toContain("No permission");
    const h = mapHttpError({
      api: "reporting",
      status: 401,
      headers: {},
      bodyText: "<html><body>401 - Unauthorized</body></html>",
      url: "https://reports.office365.com/ecp/x",
    });
    expect(h.message).not.toContain("<html>");
    expect(h.hint).toContain("ReportingWebService.Read.All");
  });

  it("429 and 503 are retryable and honour Retry-After", () => {
    const e = mapHttpError({
      api: "graph",
      status: 429,
      headers: { "retry-after": "7" },
      bodyText: "",
      url: "https://graph.microsoft.com/x",
    });
    expect(e.retryable).toBe(true);
    expect(e.retryAfterMs).toBe(7000);
    expect(mapHttpError({ api: "management", status: 503, headers: {}, bodyText: "", url }).retryable).toBe(
      true,
    );
  });
});
