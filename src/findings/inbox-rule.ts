// One inbox rule as the three ways it reaches the audit log describe it (o365-api.md 1.9): the
// New-InboxRule / Set-InboxRule cmdlets with Parameters, and UpdateInboxRules (Outlook desktop, EWS,
// MAPI) with RuleName and RuleActions in OperationProperties.
import type { AuditRecord } from "../management/types.js";
import { addressesIn, isTrue, operationOf, pairValue, param } from "./record-fields.js";

export const INBOX_RULE_OPERATIONS = ["New-InboxRule", "Set-InboxRule", "UpdateInboxRules"] as const;

export interface InboxRule {
  name: string;
  /** ForwardTo, ForwardAsAttachmentTo and RedirectTo addresses, lower case. */
  forwardTo: string[];
  deletes: boolean;
  marksRead: boolean;
  moveToFolder?: string;
  /** Words of the rule's conditions (subject, body, sender address words). */
  words: string;
}

const FORWARDING = ["ForwardTo", "ForwardAsAttachmentTo", "RedirectTo"];
const WORD_CONDITIONS = [
  "SubjectContainsWords",
  "SubjectOrBodyContainsWords",
  "BodyContainsWords",
  "FromAddressContainsWords",
];

/** RuleActions "ForwardTo:a@x;MoveToFolder:RSS Feeds" as Name/Value pairs. */
function ruleActions(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(";")) {
    const colon = part.indexOf(":");
    if (colon > 0) out.set(part.slice(0, colon).trim().toLowerCase(), part.slice(colon + 1).trim());
  }
  return out;
}

export function inboxRuleOf(record: AuditRecord): InboxRule | undefined {
  const operation = operationOf(record).toLowerCase();
  if (operation === "updateinboxrules") {
    const actionsText = pairValue(record, "OperationProperties", "RuleActions") ?? "";
    const actions = ruleActions(actionsText);
    const forwardTo = FORWARDING.some((f) => actions.has(f.toLowerCase())) ? addressesIn(actionsText) : [];
    return {
      name: pairValue(record, "OperationProperties", "RuleName") ?? "",
      forwardTo,
      deletes: actions.has("deletemessage") || actions.has("softdeletemessage"),
      marksRead: isTrue(actions.get("markasread")),
      moveToFolder: actions.get("movetofolder"),
      words: pairValue(record, "OperationProperties", "RuleCondition") ?? "",
    };
  }
  if (operation !== "new-inboxrule" && operation !== "set-inboxrule") return undefined;
  return {
    name: param(record, "Name") ?? param(record, "Identity") ?? "",
    forwardTo: FORWARDING.flatMap((f) => addressesIn(param(record, f))),
    deletes: isTrue(param(record, "DeleteMessage")) || isTrue(param(record, "SoftDeleteMessage")),
    marksRead: isTrue(param(record, "MarkAsRead")),
    moveToFolder: param(record, "MoveToFolder"),
    words: WORD_CONDITIONS.map((c) => param(record, c) ?? "").join(" "),
  };
}
