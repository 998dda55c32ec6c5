// Graph shapes of message-trace rows and details (o365-api.md 3.2: exchangeMessageTrace,
// exchangeMessageTraceDetail) and the opaque $skiptoken that pins a listing's window and offset.
import { createHash } from "node:crypto";
import type { EmuTrace, EmuTraceDetail } from "../tenant/types.js";

/** Graph's exchangeMessageTraceStatus enum is camelCase; "None" has no member, so it is the evolvable catch-all. */
const GRAPH_STATUS: Record<string, string> = {
  GettingStatus: "gettingStatus",
  Pending: "pending",
  Failed: "failed",
  Delivered: "delivered",
  Expanded: "expanded",
  Quarantined: "quarantined",
  FilteredAsSpam: "filteredAsSpam",
  None: "unknownFutureValue",
};
/** Evolvable members after unknownFutureValue: sent only to callers that ask for them (o365-api.md 3.2). */
const EVOLVED_STATUS: Record<string, string> = { Recalled: "recalled" };
export const GRAPH_STATUS_VALUES = [...Object.values(GRAPH_STATUS), ...Object.values(EVOLVED_STATUS)];

/** The member a caller sees: `recalled` needs `Prefer: include-unknown-enum-members`. */
export function graphStatus(status: string, includeUnknown = true): string {
  const evolved = EVOLVED_STATUS[status];
  if (evolved !== undefined) return includeUnknown ? evolved : "unknownFutureValue";
  return GRAPH_STATUS[status] ?? "unknownFutureValue";
}

/** Whether the request asked for the evolvable enum's newer members (a Prefer header may list several). */
export function includesUnknownEnumMembers(prefer: string | string[] | undefined): boolean {
  const values = Array.isArray(prefer) ? prefer : prefer === undefined ? [] : [prefer];
  return values
    .flatMap((v) => v.split(","))
    .some((v) => v.trim().toLowerCase() === "include-unknown-enum-members");
}

/** DateTimeOffset as Graph writes it: UTC, whole seconds, Z. */
export function graphDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function graphTraceRow(row: EmuTrace, includeUnknown: boolean): Record<string, unknown> {
  return {
    id: row.messageTraceId,
    senderAddress: row.senderAddress,
    recipientAddress: row.recipientAddress,
    messageId: row.messageId,
    receivedDateTime: graphDate(row.received),
    subject: row.subject,
    size: row.size,
    fromIP: row.fromIP,
    // toIP is "" for inbound (o365-api.md 3.2).
    toIP: row.toIP ?? "",
    status: graphStatus(row.status, includeUnknown),
  };
}

/** "TRANSPORT RULE" -> "Transport rule", "RECEIVE" -> "Receive" (the casing of the Graph docs' examples). */
function graphEvent(event: string): string {
  return event.charAt(0) + event.slice(1).toLowerCase();
}

function detailId(row: EmuTrace, index: number): string {
  const h = createHash("sha1").update(`${row.messageTraceId}|${row.recipientAddress}|${index}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function graphDetail(row: EmuTrace, detail: EmuTraceDetail, index: number): Record<string, unknown> {
  return {
    id: detailId(row, index),
    messageId: row.messageId,
    dateTime: graphDate(detail.date),
    event: graphEvent(detail.event),
    action: detail.action ?? "",
    description: detail.detail,
    data: detail.data,
  };
}

export interface ListCursor {
  offset: number;
  start: number;
  end: number;
}

export function encodeSkipToken(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.offset, cursor.start, cursor.end])).toString("base64url");
}

export function decodeSkipToken(token: string): ListCursor | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown;
    if (!Array.isArray(value) || value.length !== 3 || !value.every((n) => Number.isInteger(n) && n >= 0))
      return undefined;
    return { offset: value[0], start: value[1], end: value[2] };
  } catch {
    return undefined;
  }
}
