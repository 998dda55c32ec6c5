// Audit switched off or shortened: unified audit ingestion off, mailbox auditing off or bypassed, audit
// retention changed. What an attacker does before the noisy part.
import { perRecord } from "../../detectors.js";
import { auditSearch } from "../../next-call.js";
import { isFalse, isTrue, operationOf, param, userOf } from "../../record-fields.js";
import { defineRule } from "../../types.js";

const OPERATIONS = [
  "Set-AdminAuditLogConfig",
  "Set-Mailbox",
  "Set-MailboxAuditBypassAssociation",
  "Set-OrganizationConfig",
  "New-UnifiedAuditLogRetentionPolicy",
  "Set-UnifiedAuditLogRetentionPolicy",
  "Remove-UnifiedAuditLogRetentionPolicy",
];

export default defineRule({
  id: "audit-evasion",
  title: "Audit logging turned off, bypassed or shortened",
  severity: "high",
  mitre: { id: "T1562.008", name: "Impair Defenses: Disable or Modify Cloud Logs" },
  operations: OPERATIONS,
  params: {},
  detect: perRecord((record) => {
    const op = operationOf(record).toLowerCase();
    const target = param(record, "Identity") ?? String(record.ObjectId ?? "");
    let what: string | undefined;
    let severity: "high" | "medium" = "high";
    if (op === "set-adminauditlogconfig" && isFalse(param(record, "UnifiedAuditLogIngestionEnabled")))
      what = "turned unified audit log ingestion off";
    else if (op === "set-mailbox" && isFalse(param(record, "AuditEnabled")))
      what = `turned auditing off for ${target}`;
    else if (op === "set-mailbox" && param(record, "AuditLogAgeLimit") !== undefined) {
      what = `changed mailbox audit retention of ${target} to ${param(record, "AuditLogAgeLimit")}`;
      severity = "medium";
    } else if (op === "set-mailboxauditbypassassociation" && isTrue(param(record, "AuditBypassEnabled")))
      what = `exempted ${target} from mailbox auditing`;
    else if (op === "set-organizationconfig" && isTrue(param(record, "AuditDisabled")))
      what = "turned mailbox auditing off for the organization";
    else if (op.endsWith("unifiedauditlogretentionpolicy")) {
      what = `${operationOf(record)} ${param(record, "Name") ?? target} (retention ${param(record, "RetentionDuration") ?? "changed"})`;
      severity = "medium";
    }
    if (!what) return undefined;
    return { severity, values: { user: userOf(record), what } };
  }),
  reason: ({ values: v }) => `${v.user} ${v.what}.`,
  next: ({ values: v }) => auditSearch({ users: [String(v.user)], operations: OPERATIONS }),
});
