import { describe } from "vitest";
import rule from "../../../src/findings/rules/inbox-rule-delete-or-mark-read/rule.js";
import { cmdlet, record, ruleCases } from "../rule-cases.js";

describe("inbox-rule-delete-or-mark-read", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "DeleteMessage True",
        records: [cmdlet("New-InboxRule", { Name: "d", DeleteMessage: "True" })],
        findings: 1,
        reason: /"d" that deletes/,
      },
      {
        name: "MarkAsRead in UpdateInboxRules",
        records: [
          record({
            Operation: "UpdateInboxRules",
            OperationProperties: [
              { Name: "RuleName", Value: "r" },
              { Name: "RuleActions", Value: "MarkAsRead:True" },
            ],
          }),
        ],
        findings: 1,
      },
    ],
    negative: [
      {
        name: "a filing rule",
        records: [cmdlet("New-InboxRule", { Name: "f", MoveToFolder: "Receipts" })],
        findings: 0,
      },
    ],
    boundary: [
      {
        name: "DeleteMessage False is not a delete",
        records: [cmdlet("Set-InboxRule", { Name: "d", DeleteMessage: "False", MarkAsRead: "$false" })],
        findings: 0,
      },
    ],
  });
});
