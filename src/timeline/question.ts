// build_timeline's input, checked before any API call: one subject (a message, a user or an IP) and a
// window that one message-trace query can cover (o365-api.md 3.1, 3.2: 10 days per query, 90 days back).
import { isIP } from "node:net";
import { O365Error } from "../errors.js";
import { DAY_MS, HOUR_MS, parseTime } from "../time.js";
import type { TimelineQuestion, TimelineSubject } from "./types.js";

const MAX_WINDOW_DAYS = 10;
const LOOKBACK_DAYS = 90;
const DEFAULT_HOURS = 48;
const EMAIL = /^[^\s@'"<>]+@[^\s@'"<>]+$/;
/** RFC 5322 msg-id: "<" id-left "@" id-right ">"; Message trace filters on it exactly. */
const MESSAGE_ID = /^<[^\s<>"]+@[^\s<>"]+>$/;

export interface TimelineArgs {
  messageId?: string;
  senderAddress?: string;
  subject?: string;
  user?: string;
  ip?: string;
  startTime?: string;
  endTime?: string;
}

function invalid(code: string, message: string, hint: string): O365Error {
  return new O365Error({ api: "input", code, message, hint });
}

const given = (v: string | undefined): v is string => v !== undefined && v.trim() !== "";

function address(value: string, field: string): string {
  const text = value.trim();
  if (!EMAIL.test(text) || text.length > 320) {
    throw invalid(
      "INVALID_ADDRESS",
      `${field} "${value.slice(0, 80)}" is not an email address.`,
      `Give ${field} as one SMTP address (the UPN for a user), e.g. adele@contoso.com.`,
    );
  }
  return text.toLowerCase();
}

function messageId(value: string): string {
  const text = value.trim();
  const bracketed = text.startsWith("<") ? text : `<${text}>`;
  if (!MESSAGE_ID.test(bracketed) || bracketed.length > 500) {
    throw invalid(
      "INVALID_MESSAGE_ID",
      `messageId "${value.slice(0, 80)}" is not a Message-ID.`,
      "Give the Internet Message-ID header as message_trace shows it, e.g. <abc123@mail.contoso.com>.",
    );
  }
  return bracketed;
}

function subjectOf(args: TimelineArgs): TimelineSubject {
  const kinds = [
    given(args.messageId) || given(args.senderAddress) ? "messageId/senderAddress" : undefined,
    given(args.user) ? "user" : undefined,
    given(args.ip) ? "ip" : undefined,
  ].filter((k) => k !== undefined);
  if (kinds.length === 0) {
    throw invalid(
      "NO_SUBJECT",
      given(args.subject)
        ? "subject alone does not name a message."
        : "Nothing to build a timeline of: none of messageId, senderAddress, user or ip was given.",
      "Give messageId (or senderAddress, optionally with subject) for a message, user for a mailbox, or ip for an address.",
    );
  }
  if (kinds.length > 1) {
    throw invalid(
      "INVALID_ARGUMENTS",
      `Give one subject, not ${kinds.join(" and ")}.`,
      "Build one timeline per subject: a message (messageId or senderAddress), a user, or an ip.",
    );
  }
  if (given(args.subject) && !given(args.senderAddress) && !given(args.messageId)) {
    throw invalid("INVALID_ARGUMENTS", "subject needs senderAddress.", "Give senderAddress with subject.");
  }
  if (given(args.user)) return { kind: "user", user: address(args.user, "user") };
  if (given(args.ip)) {
    const ip = args.ip.trim();
    if (isIP(ip) === 0) {
      throw invalid(
        "INVALID_IP",
        `ip "${args.ip.slice(0, 60)}" is not an IPv4 or IPv6 address.`,
        "Give one address without port, e.g. 203.0.113.66 or 2001:db8::1.",
      );
    }
    return { kind: "ip", ip: ip.toLowerCase() };
  }
  return {
    kind: "message",
    ...(given(args.messageId) ? { messageId: messageId(args.messageId) } : {}),
    ...(given(args.senderAddress) ? { senderAddress: address(args.senderAddress, "senderAddress") } : {}),
    ...(given(args.subject) ? { subject: args.subject.trim() } : {}),
  };
}

/** Default the last 48 h; an end in the future is now. Every refusal says what to give instead. */
function windowOf(args: TimelineArgs, now: Date): { start: Date; end: Date } {
  const asked = given(args.endTime) ? parseTime(args.endTime, "endTime") : now;
  const end = asked.getTime() > now.getTime() ? now : asked;
  const start = given(args.startTime)
    ? parseTime(args.startTime, "startTime")
    : new Date(end.getTime() - DEFAULT_HOURS * HOUR_MS);
  if (end.getTime() <= start.getTime()) {
    throw invalid(
      "INVALID_WINDOW",
      `The window is empty: endTime ${end.toISOString()} is not after startTime ${start.toISOString()}${asked !== end ? " (an endTime in the future counts as now)" : ""}.`,
      "Give a startTime in the past, earlier than endTime.",
    );
  }
  if (end.getTime() - start.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    throw invalid(
      "WINDOW_TOO_LONG",
      `startTime and endTime are more than ${MAX_WINDOW_DAYS} days apart, more than one message-trace query may cover.`,
      "Give a window of at most 10 days, e.g. from shortly before the message was received.",
    );
  }
  if (start.getTime() < now.getTime() - LOOKBACK_DAYS * DAY_MS) {
    throw invalid(
      "WINDOW_TOO_OLD",
      `startTime ${start.toISOString()} is more than ${LOOKBACK_DAYS} days ago; message trace keeps ${LOOKBACK_DAYS} days.`,
      `Use a startTime within the last ${LOOKBACK_DAYS} days.`,
    );
  }
  return { start, end };
}

export function resolveQuestion(args: TimelineArgs, now: Date): TimelineQuestion {
  const subject = subjectOf(args);
  const { start, end } = windowOf(args, now);
  return { subject, startTime: start.toISOString(), endTime: end.toISOString() };
}
