// An inbox rule that files mail where nobody looks (RSS Feeds, Archive, Conversation History, Junk):
// attackers hide the replies to their fraud there (Microsoft-Analyzer-Suite).
import { perRecord } from "../../detectors.js";
import { INBOX_RULE_OPERATIONS, inboxRuleOf } from "../../inbox-rule.js";
import { auditSearch } from "../../next-call.js";
import { userOf } from "../../record-fields.js";
import { defineRule } from "../../types.js";

export default defineRule({
  id: "inbox-rule-hiding-folder",
  title: "Inbox rule moves mail to a folder nobody reads",
  severity: "medium",
  mitre: { id: "T1564.008", name: "Hide Artifacts: Email Hiding Rules" },
  operations: INBOX_RULE_OPERATIONS,
  params: {
    folders: ["RSS Feeds", "RSS Subscriptions", "Archive", "Conversation History", "Junk Email", "Junk"],
  },
  detect: perRecord((record, p) => {
    const rule = inboxRuleOf(record);
    // ":\RSS Feeds" and "mailbox:\Archive" name the same folders as "RSS Feeds".
    const folder = rule?.moveToFolder
      ?.replace(/^.*[:\\/]/, "")
      .trim()
      .toLowerCase();
    if (!rule || !folder || !p.folders.some((f) => f.toLowerCase() === folder)) return undefined;
    return { values: { user: userOf(record), rule: rule.name, folder: rule.moveToFolder ?? "" } };
  }),
  reason: ({ values: v }) => `${v.user} has inbox rule "${v.rule}" moving mail to "${v.folder}".`,
  next: ({ values: v }) => auditSearch({ users: [String(v.user)], operations: [...INBOX_RULE_OPERATIONS] }),
});
