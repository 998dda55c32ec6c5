import { describe } from "vitest";
import rule from "../../../src/findings/rules/oauth-consent/rule.js";
import { record, ruleCases } from "../rule-cases.js";

const consent = (appId: string, admin: boolean) =>
  record({
    Operation: "Consent to application.",
    RecordType: 8,
    Workload: "AzureActiveDirectory",
    ObjectId: appId,
    ModifiedProperties: [
      { Name: "ConsentContext.IsAdminConsent", NewValue: admin ? "True" : "False" },
      {
        Name: "ConsentAction.Permissions",
        NewValue: "[[Id: x, Scope:  Mail.Read offline_access, CreatedDateTime: ]]",
      },
    ],
    Target: [{ ID: appId, Type: 2 }],
  });

describe("oauth-consent", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "user consent to an unknown app",
        records: [consent("11111111-2222-3333-4444-555555555555", false)],
        findings: 1,
        severity: "medium",
        reason: /Consent to application "11111111-2222-3333-4444-555555555555" for Mail\.Read offline_access/,
      },
      {
        name: "admin consent is high",
        records: [consent("11111111-2222-3333-4444-555555555555", true)],
        findings: 1,
        severity: "high",
      },
    ],
    negative: [
      {
        name: "admin consent to Microsoft Graph PowerShell",
        records: [consent("14d82eec-204b-4c2f-b7e8-296a70dab67e", true)],
        findings: 0,
      },
    ],
    boundary: [
      {
        name: "a trusted id in upper case is still trusted",
        records: [consent("14D82EEC-204B-4C2F-B7E8-296A70DAB67E", true)],
        findings: 0,
      },
    ],
  });
});
