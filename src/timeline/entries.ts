// Turns trace rows, detail events and audit records into one list of timeline entries, each naming its
// source, actor, IP, action and the ids to fetch it whole, sorted by time.
import { clientIpsOf, recordTime } from "../audit/filter.js";
import { signInFailed } from "../audit/outcome.js";
import type { AuditRecord } from "../management/types.js";
import type { MessageTraceDetailEvent, MessageTraceRow } from "../messagetrace/types.js";
import { type MailFindings, rowKey } from "./mail.js";
import type { Correlation, EntrySource, TimelineEntry } from "./types.js";

/** Untrusted text kept per entry; longer is cut with a marker (the ids fetch it whole). */
const SUMMARY_CHARS = 300;
const RANK: Record<EntrySource, number> = { messageTrace: 1, messageTraceDetail: 2, audit: 3 };

/** Detail event names as a reader says them (o365-api.md 3.1 event examples). */
const EVENT_NAMES: Record<string, string> = {
  RECEIVE: "Received",
  SUBMIT: "Submitted",
  DELIVER: "Delivered",
  SPAM: "Spam verdict",
  FAIL: "Failed",
  SEND: "Sent on",
  DEFER: "Deferred",
  EXPAND: "Expanded",
  DROP: "Dropped",
  QUARANTINE: "Quarantined",
  TRANSFER: "Transferred",
};

/** A record value as text, whatever its type (records are untrusted: String() can throw on objects). */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null || value === undefined) return "";
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "[unreadable value]";
  }
}

function cut(text: unknown): string | null {
  if (typeof text !== "string" || text.trim() === "") return null;
  const t = text.trim();
  return t.length > SUMMARY_CHARS ? `${t.slice(0, SUMMARY_CHARS)}… [cut at ${SUMMARY_CHARS} chars]` : t;
}

const isoOf = (text: string) => {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString();
};

/** Sort (and cursor) key: time, then source, then a stable id. */
export function entryKey(e: TimelineEntry): string {
  const id = "auditId" in e.ids ? e.ids.auditId : `${e.ids.messageTraceId}|${e.ids.recipient}|${e.action}`;
  // A message's "Received" comes before anything at the same second.
  const rank = e.source === "messageTrace" && e.action === "Received" ? 0 : RANK[e.source];
  return `${e.time}|${rank}|${id.toLowerCase()}`;
}

function rowEntry(row: MessageTraceRow, action: string, summary = row.subject): TimelineEntry {
  return {
    time: isoOf(row.received),
    source: "messageTrace",
    action,
    actor: row.senderAddress,
    ip: row.fromIP || null,
    target: row.recipientAddress,
    summary: cut(summary),
    ids: { messageTraceId: row.messageTraceId, recipient: row.recipientAddress },
  };
}

function detailEntry(row: MessageTraceRow, e: MessageTraceDetailEvent): TimelineEntry {
  const name = e.event.toUpperCase().replace(/[\s_-]/g, "");
  const label = EVENT_NAMES[name] ?? e.event;
  const folder = Object.entries(e.data ?? {}).find(([k]) => /folder/i.test(k))?.[1];
  return {
    time: isoOf(e.date),
    source: "messageTraceDetail",
    action: e.action ? `${label} (${e.action})` : label,
    actor: row.senderAddress,
    ip: null,
    target: row.recipientAddress,
    summary: cut(folder ? `${folder}: ${e.description}` : e.description),
    ids: { messageTraceId: row.messageTraceId, recipient: row.recipientAddress },
  };
}

/** Internet Message-IDs a mailbox record names (o365-api.md 1.9: Folders[].FolderItems[], Item, AffectedItems[]). */
export function messageIdsOf(record: AuditRecord): string[] {
  const ids: string[] = [];
  const take = (item: unknown) => {
    const id =
      item && typeof item === "object" ? (item as Record<string, unknown>).InternetMessageId : undefined;
    if (typeof id === "string") ids.push(id.trim().toLowerCase());
  };
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  for (const folder of list(record.Folders)) {
    for (const item of list((folder as Record<string, unknown> | null)?.FolderItems)) take(item);
  }
  take(record.Item);
  for (const item of list(record.AffectedItems)) take(item);
  return ids;
}

function parameters(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  return value
    .map((p) => (p && typeof p === "object" ? `${textOf(p.Name)}=${textOf(p.Value)}` : textOf(p)))
    .join("; ");
}

/** The one line an investigator reads first, by kind of record. */
function auditSummary(r: AuditRecord): unknown {
  const op = textOf(r.Operation).toLowerCase();
  if (op === "userloggedin" || op === "userloginfailed" || r.RecordType === 15) {
    return signInFailed(r)
      ? `failed: ${textOf(r.LogonError ?? r.ErrorNumber) || "sign-in failed"}`
      : "succeeded";
  }
  if (op.includes("inboxrule")) return parameters(r.Parameters) ?? parameters(r.OperationProperties);
  if (op === "mailitemsaccessed") {
    const count = r.OperationCount ?? messageIdsOf(r).length;
    return `${textOf(count)} item(s)${r.ClientInfoString ? ` via ${textOf(r.ClientInfoString)}` : ""}`;
  }
  const item = r.Item as Record<string, unknown> | undefined;
  if (item && typeof item.Subject === "string") return item.Subject;
  return r.SourceFileName ?? parameters(r.Parameters);
}

function auditEntry(r: AuditRecord, correlation?: Correlation): TimelineEntry {
  const ms = recordTime(r);
  const operation = textOf(r.Operation) || "unknown";
  const failed = (r.RecordType === 15 || operation.startsWith("UserLog")) && signInFailed(r);
  return {
    time: Number.isNaN(ms) ? textOf(r.CreationTime) : new Date(ms).toISOString(),
    source: "audit",
    action: operation + (failed && operation !== "UserLoginFailed" ? " (failed)" : ""),
    actor: typeof r.UserId === "string" ? r.UserId : null,
    ip: clientIpsOf(r)[0] ?? null,
    target: cut(r.ObjectId),
    summary: cut(auditSummary(r)),
    ids: { auditId: textOf(r.Id), workload: typeof r.Workload === "string" ? r.Workload : null },
    ...(correlation ? { correlation } : {}),
  };
}

export interface EntryInput {
  mail: MailFindings;
  records: AuditRecord[];
  /** Message subject: the Message-IDs audit records are tied to it by. */
  messageIds?: string[];
}

export function timelineEntries(input: EntryInput): TimelineEntry[] {
  const { mail } = input;
  const entries: TimelineEntry[] = [];
  const messageMode = input.messageIds !== undefined;
  const subjectUsers = new Set(mail.users);
  if (messageMode) {
    // One "Received" per message; each recipient's own steps follow (its RECEIVE is that same moment).
    const byMessage = new Map<string, MessageTraceRow[]>();
    for (const row of mail.rows) {
      const id = row.messageTraceId.toLowerCase();
      byMessage.set(id, [...(byMessage.get(id) ?? []), row]);
    }
    for (const rows of byMessage.values()) {
      const first = [...rows].sort((a, b) => a.received.localeCompare(b.received))[0];
      entries.push({ ...rowEntry(first, "Received"), target: `${rows.length} recipient(s)` });
    }
  }
  for (const row of mail.rows) {
    const events = mail.details.get(rowKey(row));
    if (events?.length) {
      for (const e of events) {
        if (!/^RECEIVE$/i.test(e.event.trim())) entries.push(detailEntry(row, e));
      }
    } else {
      const sent = !messageMode && subjectUsers.has(row.senderAddress.toLowerCase());
      entries.push(rowEntry(row, sent ? `Sent (${row.status})` : row.status));
    }
  }
  for (const row of mail.sent) entries.push(rowEntry(row, `Sent (${row.status})`));
  const ids = new Set(input.messageIds?.map((id) => id.toLowerCase()));
  for (const record of input.records) {
    const correlation: Correlation | undefined = messageMode
      ? messageIdsOf(record).some((id) => ids.has(id))
        ? "internetMessageId"
        : "userAndTime"
      : undefined;
    entries.push(auditEntry(record, correlation));
  }
  const keyed = entries.map((e) => ({ e, key: entryKey(e) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.e);
}
