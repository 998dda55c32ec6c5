// The synthetic tenant's data model, shared by the emulator's generator (src/emulator/tenant) and its
// routes (src/emulator/*.ts). Emulator-internal: the client side never imports it.
import type { IncidentFacts } from "../types.js";

export interface EmuUser {
  upn: string;
  displayName: string;
  objectId: string;
  puid: string;
  homeIp: string;
  country: string;
  isAdmin: boolean;
}

/** One content blob of the Management Activity feed. Records are generated on demand, deterministically. */
export interface EmuBlob {
  contentType: string;
  /** Opaque id with `$` characters, as the real service mints them (o365-api.md 1.5.5). */
  contentId: string;
  /** When the blob became available (always later than the events it holds). */
  contentCreated: Date;
  recordCount: number;
  /** The JSON array text of the blob's records (same text on every call). */
  body(): string;
}

/** One message-trace row (per recipient) with its detail events. */
export interface EmuTrace {
  messageTraceId: string;
  messageId: string;
  received: Date;
  senderAddress: string;
  recipientAddress: string;
  subject: string;
  /** Delivered, Failed, Pending, Expanded, Quarantined, FilteredAsSpam, GettingStatus, None or Recalled. */
  status: string;
  size: number;
  fromIP: string;
  toIP: string | null;
  organization: string;
  details: EmuTraceDetail[];
}

export interface EmuTraceDetail {
  date: Date;
  /** RECEIVE, SEND, FAIL, DELIVER, EXPAND, TRANSFER, DEFER, SPAM, TRANSPORT RULE... */
  event: string;
  action: string | null;
  detail: string;
  /** Internal XML, e.g. <root><MEP Name="ServerHostName" String="..."/></root> */
  data: string;
}

export interface TenantOptions {
  seed: number;
  tenantId: string;
  /** End of the generated history (the emulator's now at start). */
  now: Date;
  days: number;
  /**
   * Days of audit history the audit search can reach (default: `days`; never less). Older than the feed's
   * `days` it lives in history-only blobs, built lazily per query (history.ts).
   */
  historyDays?: number;
  blobsPerHour?: number;
  recordsPerBlob?: number;
  recordBytes?: number;
  /** Some records lag hours or days behind their blob, as the real feed does (default true; lag.ts). */
  longTailLag?: boolean;
}

export interface Tenant {
  tenantId: string;
  domain: string; // e.g. contoso-emu.onmicrosoft.com
  users: EmuUser[];
  /** Blobs of one content type, sorted by contentCreated ascending. */
  blobs(contentType: string): EmuBlob[];
  blobById(contentId: string): EmuBlob | undefined;
  /** All trace rows, sorted by received ascending. */
  traces: EmuTrace[];
  incident: IncidentFacts;
  /** Every audit record by event time, back to the history horizon (the Purview audit search's data). */
  history: AuditHistory;
}

/** Where one record lives: content type, blob index and record k (k < 0: placed record -1-k). */
export interface RecordRef {
  contentType: string;
  index: number;
  k: number;
}

export interface AuditHistory {
  /** The oldest instant the tenant holds audit records for (its history horizon). */
  start: Date;
  /**
   * Visits every record whose CreationTime is in [from, to) once (a blob's repeats of its neighbour's
   * records are the feed's duplicates, not history: skipped). The visitor returns false to stop.
   */
  scan(from: Date, to: Date, contentTypes: readonly string[], visit: HistoryVisitor): void;
  /**
   * The same records cut into slices of one blob each, so a caller can spread a long scan over many turns
   * of the event loop (the audit search gathers while its query runs).
   */
  slices(from: Date, to: Date, contentTypes: readonly string[]): HistorySlice[];
  /** The record a reference points at, rebuilt. */
  record(ref: RecordRef): Record<string, unknown>;
}

export type HistoryVisitor = (ref: RecordRef, record: Record<string, unknown>, time: number) => boolean;

export interface HistorySlice {
  /** Visits the slice's records in the window; false when the visitor asked to stop. */
  visit(visitor: HistoryVisitor): boolean;
}
