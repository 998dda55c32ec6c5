import { describe } from "vitest";
import rule from "../../../src/findings/rules/anonymous-link-sensitive/rule.js";
import { activity, ruleCases } from "../rule-cases.js";

const link = (file: string) =>
  activity({
    minutes: 0,
    ip: "192.0.2.10",
    operation: "AnonymousLinkCreated",
    extra: { RecordType: 14, SourceFileName: file },
  });

describe("anonymous-link-sensitive", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "a payroll workbook",
        records: [link("Payroll 2026.xlsx")],
        findings: 1,
        reason: /"Payroll 2026\.xlsx" \(keyword "payroll"\)/,
      },
    ],
    negative: [{ name: "a team photo", records: [link("Team offsite.jpg")], findings: 0 }],
    boundary: [
      {
        name: "a keyword inside another word does not count (syntax)",
        records: [link("syntax guide.pdf")],
        findings: 0,
      },
    ],
  });
});
