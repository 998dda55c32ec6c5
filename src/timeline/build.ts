// build_timeline's engine: resolve the subject in message trace, gather what followed in the audit log, and
// merge both into one chronological list with what was read from each source. No input check here beyond
// what only the services can answer (a message that is not in the trace, a user with no activity at all).
import { resolveSearchWindow } from "../audit/query.js";
import type { AuditSearch, SearchNotice, SearchProgress } from "../audit/types.js";
import { isO365Error, O365Error } from "../errors.js";
import type { CallOptions } from "../http/types.js";
import type { ContentType } from "../management/types.js";
import type { MessageTraceClient } from "../messagetrace/types.js";
import { type AuditCoverage, gatherAudit } from "./audit.js";
import { followedRecords } from "./categories.js";
import { timelineEntries } from "./entries.js";
import { gatherMail } from "./mail.js";
import type { MailCache } from "./mail-cache.js";
import type { TimelineEntry, TimelineQuestion, TraceCoverage } from "./types.js";

export interface TimelineServices {
  messageTrace: MessageTraceClient;
  audit: AuditSearch;
  /** Message-trace answers of recent questions (pages of one timeline reuse them). */
  mailCache?: MailCache;
  /** Content types with an enabled subscription (none: the audit side is not read, and the result says so). */
  contentTypes(): Promise<ContentType[]>;
}

export interface Timeline {
  entries: TimelineEntry[];
  /** Whose audit records were searched. */
  users: string[];
  coverage: { messageTrace: TraceCoverage; audit: AuditCoverage | null };
  notes: string[];
}

type Opts = CallOptions & { onProgress?: (p: SearchProgress) => void; onNotice?: (n: SearchNotice) => void };

function describe(q: TimelineQuestion): string {
  const s = q.subject;
  if (s.kind === "user") return `user ${s.user}`;
  if (s.kind === "ip") return `IP ${s.ip}`;
  const parts = [
    s.messageId && `messageId ${s.messageId}`,
    s.senderAddress && `sender ${s.senderAddress}`,
    s.subject !== undefined && `subject containing "${s.subject.slice(0, 80)}"`,
  ].filter(Boolean);
  return `the message with ${parts.join(", ")}`;
}

export async function buildTimeline(
  services: TimelineServices,
  q: TimelineQuestion,
  now: Date,
  opts: Opts,
): Promise<Timeline> {
  const window = `${q.startTime} to ${q.endTime}`;
  const key = JSON.stringify(q);
  const cached = services.mailCache?.get(key);
  const mail = cached ?? (await gatherMail(services.messageTrace, q, opts));
  if (!cached) services.mailCache?.set(key, mail);
  const notes = [...mail.notes];
  if (q.subject.kind === "message" && mail.rows.length === 0) {
    const fallback = mail.coverage.fallbackReason ? ` (${mail.coverage.fallbackReason})` : "";
    throw new O365Error({
      api: "input",
      code: "MESSAGE_NOT_FOUND",
      message: `Message trace has no row for ${describe(q)} between ${window}${fallback}.`,
      hint: "Check the Message-ID (as message_trace shows it, with angle brackets) or the sender, and give a window that contains the received time (at most 10 days, 90 days back); message_trace with senderAddress lists candidates.",
    });
  }
  const s = q.subject;
  const users = s.kind === "message" ? mail.users : s.kind === "user" ? [s.user] : [];
  const ips = s.kind === "ip" ? [s.ip] : [];
  let audit: Timeline["coverage"]["audit"] = null;
  let records: Awaited<ReturnType<typeof gatherAudit>>["records"] = [];
  if (users.length === 0 && ips.length === 0) {
    notes.push(
      "Audit not searched: no recipient's mailbox got the message (quarantined, failed or pending).",
    );
  } else {
    // After a message, what matters is what followed its receipt (the audit window starts there).
    const startTime = s.kind === "message" && mail.received ? mail.received : q.startTime;
    const read = auditWindow(startTime, q.endTime, now, notes);
    const contentTypes = read ? await services.contentTypes() : [];
    if (read && contentTypes.length === 0) {
      notes.push(
        "Audit not searched: no content type has an enabled subscription (start_subscription, e.g. Audit.Exchange).",
      );
    } else if (read) {
      const found = await gatherAudit(
        services.audit,
        {
          startTime: read.start.toISOString(),
          endTime: read.end.toISOString(),
          contentTypes,
          who: s.kind === "ip" ? { clientIps: ips } : { users },
        },
        opts,
      );
      audit = found.coverage;
      const followed = followedRecords(found.records);
      records = followed.shown;
      notes.push(...found.notes, ...(followed.note ? [followed.note] : []));
    }
  }
  if (s.kind !== "message" && mail.rows.length === 0 && audit !== null && audit.matches === 0) {
    const what = s.kind === "user" ? "user" : "ip";
    throw new O365Error({
      api: "input",
      code: "NO_ACTIVITY",
      message: `Nothing found for ${describe(q)} between ${window}: no message-trace row and no audit record (${audit.blobsListed} blobs of ${audit.contentTypes.join(", ")} read${audit.blobsFailed + audit.blobsExpired > 0 ? `, ${audit.blobsFailed + audit.blobsExpired} unread` : ""}).`,
      hint:
        what === "user"
          ? "Check the UPN (the sign-in address, e.g. adele@contoso.com; not a display name or alias), or widen the window."
          : "Check the address (no port), or widen the window.",
    });
  }
  const messageIds =
    s.kind === "message"
      ? [...new Set(mail.rows.map((r) => r.messageId).filter((id): id is string => typeof id === "string"))]
      : undefined;
  return {
    entries: timelineEntries({ mail, records, messageIds }),
    users,
    coverage: { messageTrace: cached ? { ...mail.coverage, fromCache: true } : mail.coverage, audit },
    notes,
  };
}

/** The audit search's own window rules (o365-api.md 1.6); a refusal leaves the audit side unread, said. */
function auditWindow(startTime: string, endTime: string, now: Date, notes: string[]) {
  try {
    return resolveSearchWindow({ startTime, endTime }, now);
  } catch (error) {
    if (!isO365Error(error) || error.api !== "input") throw error;
    notes.push(`Audit not searched: ${error.message}${error.hint ? ` ${error.hint}` : ""}`);
    return undefined;
  }
}
