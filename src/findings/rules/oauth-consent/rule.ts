// Consent to an application and new delegated or application permission grants (illicit consent grant).
// Microsoft's own first-party apps are not flagged: their app ids are a parameter.
import { perRecord } from "../../detectors.js";
import { auditSearch } from "../../next-call.js";
import { modifiedProperties, userOf } from "../../record-fields.js";
import { defineRule } from "../../types.js";

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const OPERATIONS = [
  "Consent to application.",
  "Add delegated permission grant.",
  "Add app role assignment to service principal.",
];

export default defineRule({
  id: "oauth-consent",
  title: "Consent or permission grant to an application",
  severity: "medium",
  mitre: { id: "T1528", name: "Steal Application Access Token" },
  operations: OPERATIONS,
  params: {
    // Microsoft Graph Command Line Tools / PowerShell, Azure CLI, Azure PowerShell, Teams, Office, Outlook
    // Mobile, Graph Explorer: Microsoft first-party (learn.microsoft.com, "Verify first-party Microsoft
    // applications in sign-in reports").
    trustedAppIds: [
      "14d82eec-204b-4c2f-b7e8-296a70dab67e",
      "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
      "1950a258-227b-4e31-a9cf-717495945fc2",
      "1fec8e78-bce4-4aaf-ab1b-5451cc387264",
      "d3590ed6-52b3-4102-aeff-aad2292ab01c",
      "27922004-5251-4030-b22d-91ecd9a37ea4",
      "de8bc8b5-d9f9-48b1-a8ad-b748da725064",
      "00000003-0000-0000-c000-000000000000",
    ],
  },
  detect: perRecord((record, p) => {
    const props = modifiedProperties(record);
    const text = JSON.stringify([record.Target ?? [], record.ObjectId ?? "", props]);
    const ids = [...new Set([...text.matchAll(GUID)].map((m) => m[0].toLowerCase()))];
    if (ids.some((id) => p.trustedAppIds.includes(id))) return undefined;
    const prop = (name: string) =>
      props.find((x) => x.name.toLowerCase() === name.toLowerCase())?.newValue ?? "";
    const admin = /true/i.test(prop("ConsentContext.IsAdminConsent"));
    const scopes =
      prop("ConsentAction.Permissions")
        .match(/Scope:\s*([^,\]]+)/i)?.[1]
        ?.trim() ?? "";
    const app = prop("DisplayName") || String(record.ObjectId ?? "") || ids[0] || "an application";
    return {
      severity: admin ? "high" : "medium",
      values: {
        user: userOf(record),
        operation: String(record.Operation),
        app: app.replace(/^"|"$/g, ""),
        kind: admin ? "admin (tenant-wide) " : "",
        scopes: scopes ? ` for ${scopes}` : "",
      },
    };
  }),
  reason: ({ values: v }) =>
    `${v.user}: ${v.kind}${String(v.operation).replace(/\.$/, "")} "${v.app}"${v.scopes}.`,
  next: ({ values: v }) => auditSearch({ users: [String(v.user)], operations: OPERATIONS }),
});
