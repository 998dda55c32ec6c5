// Message trace contract: Graph v1.0 messageTraces first, legacy Reporting Web Service as fallback
// (o365-api.md sections 2 and 3.2).
import type { CallOptions } from "../http/types.js";

export type MessageTraceBackendName = "graph" | "reporting";

export const MESSAGE_TRACE_STATUSES = [
  "Delivered",
  "Failed",
  "Pending",
  "Expanded",
  "Quarantined",
  "FilteredAsSpam",
  "GettingStatus",
  "None",
  // Graph only, and only with Prefer: include-unknown-enum-members (o365-api.md 3.2).
  "Recalled",
] as const;

export interface MessageTraceQuery {
  /** ISO-8601 UTC; default last 48 h. */
  startTime?: string;
  endTime?: string;
  senderAddress?: string;
  recipientAddress?: string;
  messageId?: string;
  messageTraceId?: string;
  subject?: string;
  subjectFilter?: "contains" | "startsWith" | "endsWith";
  /** Status names as in MESSAGE_TRACE_STATUSES (case-insensitive). */
  status?: string;
  fromIP?: string;
  toIP?: string;
  /** Page size asked of the service. */
  top?: number;
}

/** Raw OData options of the seed's legacy "message trace report" action. */
export interface LegacyODataQuery {
  $filter?: string;
  $select?: string;
  $orderby?: string;
  $top?: number;
  $format?: string;
}

/** One row per (message, recipient), normalized across backends. Times are ISO-8601 UTC. */
export interface MessageTraceRow {
  received: string;
  senderAddress: string;
  recipientAddress: string;
  subject: string | null;
  status: string;
  size: number | null;
  messageId: string | null;
  messageTraceId: string;
  fromIP: string | null;
  toIP: string | null;
  /** Any other fields asked for with $select on the legacy backend. */
  extra?: Record<string, unknown>;
}

export interface MessageTraceDetailEvent {
  date: string;
  event: string;
  action: string | null;
  description: string;
  /** Data XML decoded into key/values where it could be. */
  data?: Record<string, string>;
}

export interface TracePage {
  rows: MessageTraceRow[];
  /** Next page link (@odata.nextLink, d.__next or odata.nextLink resolved to absolute), allowlist-checked. */
  nextPageUri?: string;
  backend: MessageTraceBackendName;
  /** Rows the service returned on this page before the local subject filter (legacy; paging progress). */
  scanned?: number;
  /** Why Graph was not used when backend is "reporting" under auto. */
  fallbackReason?: string;
}

export interface MessageTraceClient {
  /** One page. With nextPageUri, continues a previous page of the same backend. */
  trace(
    req: {
      query?: MessageTraceQuery;
      odata?: LegacyODataQuery;
      nextPageUri?: string;
      backend?: MessageTraceBackendName;
    },
    opts?: CallOptions,
  ): Promise<TracePage>;
  detail(
    req: {
      messageTraceId: string;
      recipientAddress: string;
      senderAddress?: string;
      startTime?: string;
      endTime?: string;
      backend?: MessageTraceBackendName;
    },
    opts?: CallOptions,
  ): Promise<{
    events: MessageTraceDetailEvent[];
    backend: MessageTraceBackendName;
    fallbackReason?: string;
  }>;
}
