import { describe, expect, it } from "vitest";
import { contentTypeScope, feedContentTypeOf } from "../../src/history/content-type.js";
import type { AuditRecord } from "../../src/management/types.js";

const rec = (fields: Partial<AuditRecord>): AuditRecord =>
  ({ Id: "1", CreationTime: "2026-11-01T00:00:00", RecordType: 1, Operation: "x", ...fields }) as AuditRecord;

describe("feed content type of a history record (o365-api.md 1.3)", () => {
  it("follows the workload, OneDrive with SharePoint, the rest in Audit.General", () => {
    expect(feedContentTypeOf(rec({ Workload: "Exchange" }))).toBe("Audit.Exchange");
    expect(feedContentTypeOf(rec({ Workload: "AzureActiveDirectory" }))).toBe("Audit.AzureActiveDirectory");
    expect(feedContentTypeOf(rec({ Workload: "OneDrive" }))).toBe("Audit.SharePoint");
    expect(feedContentTypeOf(rec({ Workload: "MicrosoftTeams" }))).toBe("Audit.General");
    expect(feedContentTypeOf(rec({}))).toBe("Audit.General");
  });
  it("puts DLP rule matches in DLP.All whatever their workload", () => {
    expect(feedContentTypeOf(rec({ Workload: "Exchange", Operation: "DlpRuleMatch", RecordType: 13 }))).toBe(
      "DLP.All",
    );
  });
  it("cuts nothing when all five content types are asked", () => {
    expect(
      contentTypeScope([
        "Audit.AzureActiveDirectory",
        "Audit.Exchange",
        "Audit.SharePoint",
        "Audit.General",
        "DLP.All",
      ]),
    ).toBeUndefined();
    const scope = contentTypeScope(["Audit.Exchange"]);
    expect(scope?.(rec({ Workload: "Exchange" }))).toBe(true);
    expect(scope?.(rec({ Workload: "SharePoint" }))).toBe(false);
  });
});
