import { describe, expect, it } from "vitest";
import { unwrapRecord } from "../../src/history/unwrap.js";

// audit-search-api.md 3.3: a live auditLogRecord (abridged), and the feed's record of the same event.
const LIVE = {
  id: "d87d2977-96b6-4c65-aa44-032f7e314400",
  createdDateTime: "2026-07-17T08:28:17Z",
  auditLogRecordType: "AzureActiveDirectoryStsLogon",
  operation: "UserLoggedIn",
  organizationId: "4b8c18bd-2f9f-4227-af55-9f1061cf9c32",
  userType: "Regular",
  userId: "bbcfc3c5-0b93-4135-9ef9-18477a9fb504",
  service: "AzureActiveDirectory",
  objectId: "00000002-0000-0000-c000-000000000000",
  userPrincipalName: "rob@m7kni.io",
  clientIp: null,
  administrativeUnits: [""],
  auditData: {
    "@odata.type": "#microsoft.graph.security.defaultAuditData",
    CreationTime: "2026-07-17T08:28:17Z",
    Id: "d87d2977-96b6-4c65-aa44-032f7e314400",
    Operation: "UserLoggedIn",
    "RecordType@odata.type": "#Int64",
    RecordType: 15,
    UserKey: "bbcfc3c5-0b93-4135-9ef9-18477a9fb504",
    Workload: "AzureActiveDirectory",
    ClientIP: "2001:db8::1038",
    UserId: "rob@m7kni.io",
    ErrorNumber: "0",
    "ExtendedProperties@odata.type": "#Collection(microsoft.graph.security.defaultAuditData)",
    ExtendedProperties: [{ Name: "RequestType", Value: "OAuth2:Authorize" }],
    "Actor@odata.type": "#Collection(microsoft.graph.security.defaultAuditData)",
    Actor: [{ ID: "rob@m7kni.io", "Type@odata.type": "#Int64", Type: 5 }],
    AppAccessContext: { "@odata.type": "#microsoft.graph.security.defaultAuditData", ClientAppName: "x" },
  },
};

describe("unwrapRecord: the API's auditData is the feed's record", () => {
  it("strips OData annotations at every depth and writes CreationTime as the feed does", () => {
    expect(unwrapRecord(LIVE)).toEqual({
      CreationTime: "2026-07-17T08:28:17",
      Id: "d87d2977-96b6-4c65-aa44-032f7e314400",
      Operation: "UserLoggedIn",
      RecordType: 15,
      UserKey: "bbcfc3c5-0b93-4135-9ef9-18477a9fb504",
      Workload: "AzureActiveDirectory",
      ClientIP: "2001:db8::1038",
      UserId: "rob@m7kni.io",
      ErrorNumber: "0",
      ExtendedProperties: [{ Name: "RequestType", Value: "OAuth2:Authorize" }],
      Actor: [{ ID: "rob@m7kni.io", Type: 5 }],
      AppAccessContext: { ClientAppName: "x" },
      // Filled from the envelope: absent from this auditData.
      OrganizationId: "4b8c18bd-2f9f-4227-af55-9f1061cf9c32",
      ObjectId: "00000002-0000-0000-c000-000000000000",
    });
  });

  it("fills a sparse auditData from the envelope (userPrincipalName is the classic UserId, userId the UserKey)", () => {
    const r = unwrapRecord({ ...LIVE, auditData: { "@odata.type": "#x" } });
    expect(r).toMatchObject({
      Id: LIVE.id,
      CreationTime: "2026-07-17T08:28:17",
      UserId: "rob@m7kni.io",
      UserKey: LIVE.userId,
      Workload: "AzureActiveDirectory",
      RecordType: 15,
    });
  });

  it("drops a row without any Id (it could not be deduplicated)", () => {
    expect(unwrapRecord({ auditData: { Operation: "x" } })).toBeUndefined();
  });
});
