// An inbox rule that forwards, redirects or forwards as attachment outside the tenant: the classic
// exfiltration rule of a compromised mailbox (Hawk, Microsoft-Analyzer-Suite).

import { perRecord } from "../../detectors.js";
import { INBOX_RULE_OPERATIONS, inboxRuleOf } from "../../inbox-rule.js";
import { auditSearch } from "../../next-call.js";
import { userOf } from "../../record-fields.js";
import { defineRule } from "../../types.js";

export default defineRule({
  id: "inbox-rule-forward-external",
  title: "Inbox rule forwards mail outside the tenant",
  severity: "high",
  mitre: { id: "T1114.003", name: "Email Collection: Email Forwarding Rule" },
  operations: INBOX_RULE_OPERATIONS,
  params: {},
  detect: perRecord((record, _p, env) => {
    const rule = inboxRuleOf(record);
    const outside = rule?.forwardTo.filter((a) => !env.isInternal(a)) ?? [];
    if (!rule || outside.length === 0) return undefined;
    return {
      values: {
        user: userOf(record),
        rule: rule.name,
        to: outside.join(", "),
        internal: env.internalDomains.join(", ") || "(none seen)",
      },
    };
  }),
  reason: ({ values: v }) =>
    `${v.user} has inbox rule "${v.rule}" forwarding to ${v.to}, outside the tenant's domains (${v.internal}).`,
  next: ({ values: v }) => auditSearch({ users: [String(v.user)], operations: [...INBOX_RULE_OPERATIONS] }),
});
