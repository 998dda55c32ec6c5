// An inbox rule that deletes mail or marks it read: hides replies and warnings from the mailbox owner.
import { perRecord } from "../../detectors.js";
import { INBOX_RULE_OPERATIONS, inboxRuleOf } from "../../inbox-rule.js";
import { auditSearch } from "../../next-call.js";
import { userOf } from "../../record-fields.js";
import { defineRule } from "../../types.js";

export default defineRule({
  id: "inbox-rule-delete-or-mark-read",
  title: "Inbox rule deletes mail or marks it read",
  severity: "medium",
  mitre: { id: "T1564.008", name: "Hide Artifacts: Email Hiding Rules" },
  operations: INBOX_RULE_OPERATIONS,
  params: {},
  detect: perRecord((record) => {
    const rule = inboxRuleOf(record);
    if (!rule || !(rule.deletes || rule.marksRead)) return undefined;
    const action = [rule.deletes ? "deletes" : "", rule.marksRead ? "marks read" : ""]
      .filter(Boolean)
      .join(" and ");
    return { values: { user: userOf(record), rule: rule.name, action } };
  }),
  reason: ({ values: v }) => `${v.user} has inbox rule "${v.rule}" that ${v.action} the mail it matches.`,
  next: ({ values: v }) => auditSearch({ users: [String(v.user)], operations: [...INBOX_RULE_OPERATIONS] }),
});
