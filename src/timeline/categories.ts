// Which audit records a timeline shows: the kinds an investigator follows after a phish (sign-ins, rules,
// mail access, file activity, admin actions), by RecordType and Operation (o365-api.md 1.9). Everything
// else the users did is counted and named in a note, never dropped silently.

import { numberOf } from "../audit/outcome.js";
import type { AuditRecord } from "../management/types.js";

export type AuditCategory = "signIn" | "rule" | "mail" | "file" | "admin";

/** Entra STS logon (15), legacy account logon (9). */
const SIGN_IN_TYPES = new Set([9, 15]);
/** Mailbox item, item group, aggregated (MailItemsAccessed): RecordType 2, 3, 50. */
const MAIL_TYPES = new Set([2, 3, 50]);
/** SharePoint/OneDrive file operations (6) and sharing (14). */
const FILE_TYPES = new Set([6, 14]);
/** Exchange admin (1), Entra directory audit (8), datacenter and EOP cmdlets (10, 18). */
const ADMIN_TYPES = new Set([1, 8, 10, 18]);
/** Rule changes: admin cmdlets and the Outlook mailbox operation (o365-api.md 1.9, OBSERVED UpdateInboxRules). */
const RULE_OPERATION = /inboxrule|transportrule|^set-mailbox$|forwarding/i;

export function auditCategory(record: AuditRecord): AuditCategory | undefined {
  const op = typeof record.Operation === "string" ? record.Operation : "";
  const type = numberOf(record.RecordType);
  if (RULE_OPERATION.test(op)) return "rule";
  if (SIGN_IN_TYPES.has(type) || /^UserLog(ged|in)/i.test(op)) return "signIn";
  if (MAIL_TYPES.has(type)) return "mail";
  if (FILE_TYPES.has(type) || /^File/i.test(op)) return "file";
  if (ADMIN_TYPES.has(type)) return "admin";
  return undefined;
}

/** The records to show, and a note naming what was left out (most frequent operations first). */
export function followedRecords(records: AuditRecord[]): { shown: AuditRecord[]; note?: string } {
  const shown: AuditRecord[] = [];
  const other = new Map<string, number>();
  for (const record of records) {
    if (auditCategory(record)) shown.push(record);
    else {
      const op = (typeof record.Operation === "string" ? record.Operation : "unknown").slice(0, 60);
      other.set(op, (other.get(op) ?? 0) + 1);
    }
  }
  if (other.size === 0) return { shown };
  const total = [...other.values()].reduce((a, b) => a + b, 0);
  const top = [...other]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 6)
    .map(([op, count]) => `${op} ${count}`)
    .join(", ");
  return {
    shown,
    note: `${total} other audit records of the same users/IPs are not in the timeline (${top}${other.size > 6 ? ", ..." : ""}); search_audit_log shows them.`,
  };
}
