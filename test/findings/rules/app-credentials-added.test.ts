import { describe } from "vitest";
import rule from "../../../src/findings/rules/app-credentials-added/rule.js";
import { record, ruleCases } from "../rule-cases.js";

describe("app-credentials-added", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "service principal credentials",
        records: [record({ Operation: "Add service principal credentials.", ObjectId: "Payroll app" })],
        findings: 1,
        reason: /to application Payroll app/,
      },
    ],
    negative: [
      { name: "Update user.", records: [record({ Operation: "Update user.", ObjectId: "x" })], findings: 0 },
    ],
    boundary: [
      {
        name: "the operation with a trailing space as the service writes it",
        records: [
          record({ Operation: "Update application – Certificates and secrets management ", ObjectId: "a" }),
        ],
        findings: 1,
      },
    ],
  });
});
