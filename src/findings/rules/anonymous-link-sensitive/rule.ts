// An "anyone" link created on a file whose name says it is sensitive: data shared beyond the tenant.
import { perRecord } from "../../detectors.js";
import { auditSearch } from "../../next-call.js";
import { ipOf, userOf } from "../../record-fields.js";
import { defineRule } from "../../types.js";

export default defineRule({
  id: "anonymous-link-sensitive",
  title: "Anonymous link to a sensitive file",
  severity: "medium",
  mitre: { id: "T1567", name: "Exfiltration Over Web Service" },
  operations: ["AnonymousLinkCreated"],
  params: {
    keywords: [
      "payroll",
      "salary",
      "salaries",
      "password",
      "confidential",
      "invoice",
      "bank",
      "tax",
      "passport",
      "contract",
    ],
  },
  detect: perRecord((record, p) => {
    const file = String(record.SourceFileName ?? record.ObjectId ?? "");
    const lower = file.toLowerCase();
    const found = p.keywords.find((k) => new RegExp(`\\b${k}`, "u").test(lower));
    if (!found) return undefined;
    return {
      values: { user: userOf(record), file: file.slice(0, 120), keyword: found, ip: ipOf(record) ?? "?" },
    };
  }),
  reason: ({ values: v }) =>
    `${v.user} created an anonymous link to "${v.file}" (keyword "${v.keyword}") from ${v.ip}.`,
  next: ({ values: v }) =>
    auditSearch({ users: [String(v.user)], operations: ["AnonymousLinkCreated", "AnonymousLinkUsed"] }),
});
