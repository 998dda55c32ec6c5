import { describe } from "vitest";
import rule from "../../../src/findings/rules/inbox-rule-hiding-folder/rule.js";
import { cmdlet, ruleCases } from "../rule-cases.js";

describe("inbox-rule-hiding-folder", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "RSS Feeds",
        records: [cmdlet("New-InboxRule", { Name: "x", MoveToFolder: "RSS Feeds" })],
        findings: 1,
        reason: /moving mail to "RSS Feeds"/,
      },
      {
        name: "mailbox path to Conversation History",
        records: [cmdlet("New-InboxRule", { Name: "x", MoveToFolder: "alice:\\Conversation History" })],
        findings: 1,
      },
    ],
    negative: [
      {
        name: "an internal folder (Move newsletters)",
        records: [cmdlet("New-InboxRule", { Name: "Move newsletters", MoveToFolder: "Newsletters" })],
        findings: 0,
      },
    ],
    boundary: [
      {
        name: "a folder that only contains the word Archive",
        records: [cmdlet("New-InboxRule", { Name: "x", MoveToFolder: "Archive 2024 projects" })],
        findings: 0,
      },
    ],
  });
});
