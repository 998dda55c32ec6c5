// An inbox rule named with one or two punctuation characters ("." or ",,"), or whose name or words are
// about money: the names attackers give their rules (Microsoft-Analyzer-Suite, Hawk).
import { perRecord } from "../../detectors.js";
import { INBOX_RULE_OPERATIONS, inboxRuleOf } from "../../inbox-rule.js";
import { auditSearch } from "../../next-call.js";
import { userOf } from "../../record-fields.js";
import { defineRule } from "../../types.js";

export default defineRule({
  id: "inbox-rule-suspicious-name",
  title: "Inbox rule with a throwaway name or finance keywords",
  severity: "medium",
  mitre: { id: "T1564.008", name: "Hide Artifacts: Email Hiding Rules" },
  operations: INBOX_RULE_OPERATIONS,
  params: {
    keywords: ["invoice", "payment", "wire", "bank", "payroll", "remittance", "transfer", "ach", "swift"],
  },
  detect: perRecord((record, p) => {
    const rule = inboxRuleOf(record);
    if (!rule) return undefined;
    const name = rule.name.trim();
    if (/^[\p{P}\p{S}]{1,2}$/u.test(name)) {
      return { values: { user: userOf(record), rule: rule.name, why: "a name of only punctuation" } };
    }
    const text = `${name} ${rule.words}`.toLowerCase();
    const found = p.keywords.filter((k) => new RegExp(`\\b${k.toLowerCase()}`, "u").test(text));
    if (found.length === 0) return undefined;
    return {
      values: { user: userOf(record), rule: rule.name, why: `finance keywords (${found.join(", ")})` },
    };
  }),
  reason: ({ values: v }) => `${v.user} has inbox rule "${v.rule}" with ${v.why}.`,
  next: ({ values: v }) => auditSearch({ users: [String(v.user)], operations: [...INBOX_RULE_OPERATIONS] }),
});
