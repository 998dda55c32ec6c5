import { describe } from "vitest";
import rule from "../../../src/findings/rules/inbox-rule-suspicious-name/rule.js";
import { cmdlet, ruleCases } from "../rule-cases.js";

describe("inbox-rule-suspicious-name", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "a name of one dot",
        records: [cmdlet("New-InboxRule", { Name: "." })],
        findings: 1,
        reason: /only punctuation/,
      },
      {
        name: "finance words in the conditions",
        records: [cmdlet("New-InboxRule", { Name: "sync", SubjectOrBodyContainsWords: "wire;payment" })],
        findings: 1,
        reason: /payment, wire/,
      },
    ],
    negative: [
      {
        name: "Move newsletters",
        records: [cmdlet("New-InboxRule", { Name: "Move newsletters", MoveToFolder: "Newsletters" })],
        findings: 0,
      },
    ],
    boundary: [
      { name: "two punctuation characters", records: [cmdlet("New-InboxRule", { Name: ",," })], findings: 1 },
      {
        name: "three punctuation characters",
        records: [cmdlet("New-InboxRule", { Name: "..." })],
        findings: 0,
      },
      {
        name: "a keyword inside another word does not count",
        records: [cmdlet("New-InboxRule", { Name: "Coach notes" })],
        findings: 0,
      },
    ],
  });
});
