// The message-trace side of a timeline: rows for the subject, the involved users' mail sent after it, and
// the detail events of a bounded number of recipients. Every cut is counted and said (o365-api.md 3.2:
// Graph allows 100 message-trace requests per 5 minutes per tenant, so a timeline spends few of them).
import { createPageGuard } from "../http/page-guard.js";
import type { CallOptions } from "../http/types.js";
import type {
  MessageTraceClient,
  MessageTraceDetailEvent,
  MessageTraceQuery,
  MessageTraceRow,
} from "../messagetrace/types.js";
import type { TimelineQuestion, TraceCoverage } from "./types.js";

/** Pages read per query for the subject itself (1,000 rows a Graph page by default). */
const SUBJECT_PAGES = 3;
/** Recipients whose detail events are fetched: one Graph request each. */
export const MAX_DETAILS = 8;
/** Involved users whose sent mail after the message is traced (one page each). */
export const MAX_SENDERS = 5;
/** Statuses that put the message in the mailbox, where its recipient can open it (o365-api.md 2.6). */
const IN_MAILBOX = new Set(["delivered", "filteredasspam"]);

export const rowKey = (r: { messageTraceId: string; recipientAddress: string }) =>
  `${r.messageTraceId.toLowerCase()}|${r.recipientAddress.toLowerCase()}`;

export interface MailFindings {
  /** Rows of the subject (the message, or the user's / IP's mail), deduplicated. */
  rows: MessageTraceRow[];
  /** Mail the involved users sent after the message (message subject only). */
  sent: MessageTraceRow[];
  /** Detail events by rowKey, for the recipients they were fetched for. */
  details: Map<string, MessageTraceDetailEvent[]>;
  /** Mailboxes the message reached (and an internal sender): whose audit records follow it. */
  users: string[];
  /** Earliest receipt of the message, where the audit window starts. */
  received?: string;
  coverage: TraceCoverage;
  notes: string[];
}

interface Reader {
  client: MessageTraceClient;
  opts: CallOptions;
  coverage: TraceCoverage;
  notes: string[];
}

/** Reads up to `maxPages` pages of one query and says when more were left. */
async function traceQuery(r: Reader, query: MessageTraceQuery, maxPages: number, what: string) {
  const rows: MessageTraceRow[] = [];
  r.coverage.queries++;
  let page = await r.client.trace({ query }, r.opts);
  const backend = page.backend;
  r.coverage.backend ??= backend;
  r.coverage.fallbackReason ??= page.fallbackReason;
  const guard = createPageGuard(backend, "message trace paging");
  for (let n = 1; ; n++) {
    r.coverage.pages++;
    rows.push(...page.rows);
    if (!page.nextPageUri) break;
    if (n >= maxPages) {
      r.notes.push(
        `Message trace of ${what}: the first ${n} page(s) (${rows.length} rows) were read, more exist; narrow the window or use message_trace.`,
      );
      break;
    }
    guard.follow(page.nextPageUri, page.scanned ?? page.rows.length);
    page = await r.client.trace({ query, nextPageUri: page.nextPageUri, backend }, r.opts);
  }
  r.coverage.rows += rows.length;
  return rows;
}

function dedupe(rows: MessageTraceRow[], seen = new Set<string>()): MessageTraceRow[] {
  return rows.filter((row) => {
    const key = rowKey(row);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1).toLowerCase();

/** Recipients whose mailbox got the message, then an internal sender (same domain as such a recipient). */
function involvedUsers(rows: MessageTraceRow[]): string[] {
  const users = new Set<string>();
  for (const row of rows) {
    if (IN_MAILBOX.has(row.status.toLowerCase())) users.add(row.recipientAddress.toLowerCase());
  }
  const domains = new Set([...users].map(domainOf));
  for (const row of rows) {
    const sender = row.senderAddress.toLowerCase();
    if (domains.has(domainOf(sender))) users.add(sender);
  }
  return [...users];
}

/** Detail events for up to MAX_DETAILS rows, the ones in a mailbox first; a failed fetch keeps its row. */
async function readDetails(r: Reader, rows: MessageTraceRow[], q: TimelineQuestion) {
  const details = new Map<string, MessageTraceDetailEvent[]>();
  const ordered = [...rows].sort(
    (a, b) => Number(IN_MAILBOX.has(b.status.toLowerCase())) - Number(IN_MAILBOX.has(a.status.toLowerCase())),
  );
  const chosen = ordered.slice(0, MAX_DETAILS);
  const failures: string[] = [];
  for (const row of chosen) {
    try {
      const res = await r.client.detail(
        {
          messageTraceId: row.messageTraceId,
          recipientAddress: row.recipientAddress,
          senderAddress: row.senderAddress,
          startTime: q.startTime,
          endTime: q.endTime,
          backend: r.coverage.backend,
        },
        r.opts,
      );
      details.set(rowKey(row), res.events);
      r.coverage.detailsFetched++;
    } catch (error) {
      if (r.opts.signal?.aborted) throw error;
      r.coverage.detailsFailed++;
      failures.push(`${row.recipientAddress}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (rows.length > chosen.length) {
    r.notes.push(
      `Detail events were fetched for ${chosen.length} of ${rows.length} recipients (mailbox deliveries first); the others show their trace row only (message_trace_detail has the rest).`,
    );
  }
  for (const f of failures.slice(0, 3)) r.notes.push(`Detail events not read for ${f.slice(0, 300)}`);
  return details;
}

export async function gatherMail(
  client: MessageTraceClient,
  q: TimelineQuestion,
  opts: CallOptions,
): Promise<MailFindings> {
  const r: Reader = {
    client,
    opts,
    coverage: { queries: 0, pages: 0, rows: 0, detailsFetched: 0, detailsFailed: 0 },
    notes: [],
  };
  const window = { startTime: q.startTime, endTime: q.endTime };
  const s = q.subject;
  if (s.kind === "user" || s.kind === "ip") {
    const [a, b]: MessageTraceQuery[] =
      s.kind === "user"
        ? [{ recipientAddress: s.user }, { senderAddress: s.user }]
        : [{ fromIP: s.ip }, { toIP: s.ip }];
    const what = s.kind === "user" ? s.user : s.ip;
    const rows = dedupe([
      ...(await traceQuery(r, { ...a, ...window }, SUBJECT_PAGES, what)),
      ...(await traceQuery(r, { ...b, ...window }, SUBJECT_PAGES, what)),
    ]);
    return {
      rows,
      sent: [],
      details: new Map(),
      users: s.kind === "user" ? [s.user] : [],
      coverage: r.coverage,
      notes: r.notes,
    };
  }
  const query: MessageTraceQuery = { ...window };
  if (s.messageId) query.messageId = s.messageId;
  if (s.senderAddress) query.senderAddress = s.senderAddress;
  if (s.subject) query.subject = s.subject;
  const rows = dedupe(await traceQuery(r, query, SUBJECT_PAGES, "the message"));
  if (rows.length === 0)
    return { rows, sent: [], details: new Map(), users: [], coverage: r.coverage, notes: r.notes };
  const received = rows.map((row) => row.received).sort()[0];
  const details = await readDetails(r, rows, q);
  const users = involvedUsers(rows);
  const seen = new Set(rows.map(rowKey));
  const sent: MessageTraceRow[] = [];
  for (const user of users.slice(0, MAX_SENDERS)) {
    // What left their mailbox afterwards (a forwarding rule's copies are traced as sent by the user).
    const out = await traceQuery(
      r,
      { senderAddress: user, startTime: received, endTime: q.endTime },
      1,
      `mail sent by ${user}`,
    );
    sent.push(...dedupe(out, seen));
  }
  if (users.length > MAX_SENDERS) {
    r.notes.push(
      `Mail sent after the message was traced for ${MAX_SENDERS} of ${users.length} involved users; use message_trace with senderAddress for the others.`,
    );
  }
  return { rows, sent, details, users, received, coverage: r.coverage, notes: r.notes };
}
