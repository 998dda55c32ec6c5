// The timeline's vocabulary: what it is asked about, what it returns, and what it read to say so.
import type { MessageTraceBackendName } from "../messagetrace/types.js";

/** What the timeline is about: one message (by Message-ID, or sender and subject), one user, or one IP. */
export type TimelineSubject =
  | { kind: "message"; messageId?: string; senderAddress?: string; subject?: string }
  | { kind: "user"; user: string }
  | { kind: "ip"; ip: string };

/** The frozen question: a cursor carries it so every page answers the same one. */
export interface TimelineQuestion {
  subject: TimelineSubject;
  /** ISO-8601 UTC. */
  startTime: string;
  endTime: string;
}

export type EntrySource = "messageTrace" | "messageTraceDetail" | "audit";

/** How an audit record is tied to the message: it names the message, or only its user and time fit. */
export type Correlation = "internetMessageId" | "userAndTime";

export interface TimelineEntry {
  /** ISO-8601 UTC. */
  time: string;
  source: EntrySource;
  action: string;
  actor: string | null;
  ip: string | null;
  /** Recipient of a mail entry, object of an audit record. */
  target: string | null;
  /** Subject, detail description, rule parameters, file name... (untrusted). */
  summary: string | null;
  /** How to fetch it whole: message_trace_detail with these, or search_audit_log contains auditId. */
  ids: { messageTraceId: string; recipient: string } | { auditId: string; workload: string | null };
  correlation?: Correlation;
}

/** What the message-trace side read. */
export interface TraceCoverage {
  queries: number;
  pages: number;
  rows: number;
  backend?: MessageTraceBackendName;
  fallbackReason?: string;
  detailsFetched: number;
  detailsFailed: number;
  /** True when this page reused the trace answer of an earlier page of the same timeline (no new request). */
  fromCache?: boolean;
}
