import { describe } from "vitest";
import rule from "../../../src/findings/rules/audit-evasion/rule.js";
import { cmdlet, ruleCases } from "../rule-cases.js";

describe("audit-evasion", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "unified audit ingestion off",
        records: [cmdlet("Set-AdminAuditLogConfig", { UnifiedAuditLogIngestionEnabled: "False" })],
        findings: 1,
        reason: /turned unified audit log ingestion off/,
        severity: "high",
      },
      {
        name: "mailbox audit bypass",
        records: [
          cmdlet("Set-MailboxAuditBypassAssociation", { Identity: "svc", AuditBypassEnabled: "$true" }),
        ],
        findings: 1,
      },
      {
        name: "audit retention shortened",
        records: [cmdlet("Set-Mailbox", { Identity: "ceo", AuditLogAgeLimit: "1" })],
        findings: 1,
        severity: "medium",
      },
    ],
    negative: [
      {
        name: "AuditEnabled True",
        records: [cmdlet("Set-Mailbox", { Identity: "x", AuditEnabled: "True" })],
        findings: 0,
      },
      {
        name: "Install-AdminAuditLogConfig",
        records: [cmdlet("Install-AdminAuditLogConfig", { AdminAuditLogConfig: "Default" })],
        findings: 0,
      },
    ],
    boundary: [
      {
        name: "ingestion switched on",
        records: [cmdlet("Set-AdminAuditLogConfig", { UnifiedAuditLogIngestionEnabled: "True" })],
        findings: 0,
      },
    ],
  });
});
