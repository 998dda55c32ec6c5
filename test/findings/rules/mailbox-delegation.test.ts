import { describe } from "vitest";
import rule from "../../../src/findings/rules/mailbox-delegation/rule.js";
import { cmdlet, ruleCases } from "../rule-cases.js";

describe("mailbox-delegation", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "FullAccess",
        records: [
          cmdlet("Add-MailboxPermission", { Identity: "ceo", User: "mallory", AccessRights: "FullAccess" }),
        ],
        findings: 1,
        reason: /granted mallory FullAccess to mailbox ceo/,
      },
      {
        name: "SendAs",
        records: [
          cmdlet("Add-RecipientPermission", { Identity: "ceo", Trustee: "mallory", AccessRights: "SendAs" }),
        ],
        findings: 1,
      },
      {
        name: "Inbox folder permission",
        records: [
          cmdlet("Add-MailboxFolderPermission", {
            Identity: "ceo:\\Inbox",
            User: "m",
            AccessRights: "Reviewer",
          }),
        ],
        findings: 1,
      },
    ],
    negative: [
      {
        name: "ReadPermission only",
        records: [
          cmdlet("Add-MailboxPermission", { Identity: "ceo", User: "m", AccessRights: "ReadPermission" }),
        ],
        findings: 0,
      },
    ],
    boundary: [
      {
        name: "the top of the store (ceo:\\)",
        records: [
          cmdlet("Add-MailboxFolderPermission", { Identity: "ceo:\\", User: "m", AccessRights: "Reviewer" }),
        ],
        findings: 1,
      },
      {
        name: "the Calendar folder",
        records: [
          cmdlet("Add-MailboxFolderPermission", {
            Identity: "ceo:\\Calendar",
            User: "m",
            AccessRights: "Reviewer",
          }),
        ],
        findings: 0,
      },
    ],
  });
});
