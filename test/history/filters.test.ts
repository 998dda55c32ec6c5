import { describe, expect, it } from "vitest";
import { mapFilters } from "../../src/history/filters.js";

describe("mapFilters: search_audit_log filters as audit search API server-side filters", () => {
  it("sends operations, users, normalised IPs, record type names, one service and the keyword", () => {
    const m = mapFilters({
      operations: ["UserLoggedIn", " Consent to application. ", "UserLoggedIn"],
      users: ["Megan@Contoso.com"],
      clientIps: ["203.0.113.66:443", "[2001:DB8::1]:443"],
      recordTypes: [15, 8],
      workloads: ["AzureActiveDirectory"],
      contains: " Invoice Viewer ",
    });
    expect(m.body).toEqual({
      operationFilters: ["Consent to application.", "UserLoggedIn"],
      userPrincipalNameFilters: ["Megan@Contoso.com"],
      ipAddressFilters: ["2001:db8::1", "203.0.113.66"],
      recordTypeFilters: ["AzureActiveDirectory", "AzureActiveDirectoryStsLogon"],
      serviceFilter: "AzureActiveDirectory",
      keywordFilter: "Invoice Viewer",
    });
    expect(m.server).toEqual(["operations", "users", "clientIps", "recordTypes", "workloads", "contains"]);
    expect(m.clientOnly).toEqual([]);
    expect(m.caveats.join(" ")).toMatch(/MailboxOwnerUPN[\s\S]*keywordFilter/);
  });

  it("keeps filters the service cannot apply faithfully client-side only", () => {
    const m = mapFilters({
      // 22 is Yammer in the Graph enum but Viva Engage in the Management API; 400 is past the drift edge.
      recordTypes: [15, 22],
      workloads: ["Exchange", "SharePoint"],
      resultStatus: ["Failed"],
    });
    expect(m.body).toEqual({});
    expect(m.clientOnly).toEqual(["recordTypes", "workloads", "resultStatus"]);
    expect(mapFilters({ recordTypes: [400] }).body.recordTypeFilters).toBeUndefined();
  });

  it("sends nothing for an empty filter (the whole window is asked for)", () => {
    expect(mapFilters({ operations: [], users: [" "], contains: "  " })).toEqual({
      body: {},
      server: [],
      clientOnly: [],
      caveats: [],
    });
  });
});
