// The Reporting Web Service's two message-trace reports as flat entities (o365-api.md 2.5): one row per
// recipient for MessageTrace, one row per processing step for MessageTraceDetail. Every row repeats the
// query window's StartDate/EndDate (2.4). Dates stay Date objects here; the route writes them per format.

import type { EmuTrace } from "../tenant/types.js";
import type { FieldType } from "./filter.js";

export type LegacyRow = Record<string, string | number | Date | null>;

export interface ReportDefinition {
  name: "MessageTrace" | "MessageTraceDetail";
  fields: Record<string, FieldType>;
  /** Property order of an entity on the wire. */
  order: string[];
  defaultOrderBy: { field: string; desc: boolean };
  rows(traces: EmuTrace[], window: { start: Date; end: Date }): LegacyRow[];
}

const TRACE_FIELDS: Record<string, FieldType> = {
  Organization: "string",
  MessageId: "string",
  Received: "datetime",
  SenderAddress: "string",
  RecipientAddress: "string",
  Subject: "string",
  Status: "string",
  ToIP: "string",
  FromIP: "string",
  Size: "int",
  MessageTraceId: "guid",
  StartDate: "datetime",
  EndDate: "datetime",
  Index: "int",
};

const DETAIL_FIELDS: Record<string, FieldType> = {
  Organization: "string",
  MessageId: "string",
  MessageTraceId: "guid",
  RecipientAddress: "string",
  SenderAddress: "string",
  Date: "datetime",
  Event: "string",
  Action: "string",
  Detail: "string",
  Data: "string",
  StartDate: "datetime",
  EndDate: "datetime",
  Index: "int",
};

function inWindow(trace: EmuTrace, window: { start: Date; end: Date }): boolean {
  const t = trace.received.getTime();
  return t >= window.start.getTime() && t <= window.end.getTime();
}

export const MESSAGE_TRACE: ReportDefinition = {
  name: "MessageTrace",
  fields: TRACE_FIELDS,
  order: Object.keys(TRACE_FIELDS),
  defaultOrderBy: { field: "Received", desc: true },
  rows: (traces, window) =>
    traces
      .filter((t) => inWindow(t, window))
      .map((t) => ({
        Organization: t.organization,
        MessageId: t.messageId,
        Received: t.received,
        SenderAddress: t.senderAddress,
        RecipientAddress: t.recipientAddress,
        Subject: t.subject,
        // The legacy status list has no Recalled (o365-api.md 2.6): the message was delivered.
        Status: t.status === "Recalled" ? "Delivered" : t.status,
        ToIP: t.toIP,
        FromIP: t.fromIP,
        Size: t.size,
        MessageTraceId: t.messageTraceId,
        StartDate: window.start,
        EndDate: window.end,
      })),
};

export const MESSAGE_TRACE_DETAIL: ReportDefinition = {
  name: "MessageTraceDetail",
  fields: DETAIL_FIELDS,
  order: Object.keys(DETAIL_FIELDS),
  defaultOrderBy: { field: "Date", desc: false },
  rows: (traces, window) =>
    traces
      .filter((t) => inWindow(t, window))
      .flatMap((t) =>
        t.details.map((d) => ({
          Organization: t.organization,
          MessageId: t.messageId,
          MessageTraceId: t.messageTraceId,
          RecipientAddress: t.recipientAddress,
          SenderAddress: t.senderAddress,
          Date: d.date,
          Event: d.event,
          Action: d.action,
          Detail: d.detail,
          // The service URI-escapes the internal XML (o365-api.md 2.5).
          Data: encodeURIComponent(d.data),
          StartDate: window.start,
          EndDate: window.end,
        })),
      ),
};

export function reportByName(name: string): ReportDefinition | undefined {
  return [MESSAGE_TRACE, MESSAGE_TRACE_DETAIL].find((r) => r.name.toLowerCase() === name.toLowerCase());
}

/** Orders rows by `$orderby` terms (`Field [asc|desc]`, comma-separated); stable. */
export function sortRows(rows: LegacyRow[], terms: Array<{ field: string; desc: boolean }>): LegacyRow[] {
  const value = (v: LegacyRow[string]): string | number =>
    v instanceof Date ? v.getTime() : typeof v === "number" ? v : (v ?? "").toLowerCase();
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => {
      for (const term of terms) {
        const x = value(a.row[term.field]);
        const y = value(b.row[term.field]);
        if (x !== y) return (x < y ? -1 : 1) * (term.desc ? -1 : 1);
      }
      return a.i - b.i;
    })
    .map(({ row }) => row);
}
