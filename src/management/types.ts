// Office 365 Management Activity API client contract (o365-api.md section 1).
import type { z } from "zod";
import type { ApiRequest, CallOptions } from "../http/types.js";
import type {
  contentBlobSchema,
  contentNotificationSchema,
  subscriptionSchema,
  webhookSchema,
} from "./responses.js";

export const CONTENT_TYPES = [
  "Audit.AzureActiveDirectory",
  "Audit.Exchange",
  "Audit.SharePoint",
  "Audit.General",
  "DLP.All",
] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

// The response shapes are the output types of the schemas their bodies are parsed with (responses.ts).
export type Webhook = z.output<typeof webhookSchema>;
export type Subscription = z.output<typeof subscriptionSchema>;
export type ContentBlob = z.output<typeof contentBlobSchema>;
export type ContentNotification = z.output<typeof contentNotificationSchema>;

/** One audit record as the API returns it (o365-api.md 1.9). Always has Id, CreationTime, Operation... */
export type AuditRecord = Record<string, unknown> & {
  Id: string;
  CreationTime: string;
  Operation: string;
  RecordType: number;
  Workload?: string;
  UserId?: string;
};

export interface ContentPage<T> {
  items: T[];
  /** The NextPageUri header of this response (already checked against the host allowlist), if any. */
  nextPageUri?: string;
}

export interface ManagementClient {
  /**
   * May be served from a cache up to 60 s old (subscription-cache.ts; start/stop invalidate it);
   * refresh: true always asks the API.
   */
  listSubscriptions(opts?: CallOptions & { refresh?: boolean }): Promise<Subscription[]>;
  /** AF20024 ("already enabled, no property change") is success: alreadyEnabled true. */
  startSubscription(
    contentType: ContentType,
    webhook: Omit<Webhook, "status"> | undefined,
    opts?: CallOptions,
  ): Promise<{ subscription: Subscription; alreadyEnabled: boolean }>;
  stopSubscription(contentType: ContentType, opts?: CallOptions): Promise<void>;
  /**
   * One page of /subscriptions/content. Pass either a window (each <= 24 h, start within 7 days) or the
   * nextPageUri of the previous page. startTime/endTime are ISO strings.
   */
  listContentPage(
    req: { contentType: ContentType; startTime?: string; endTime?: string; nextPageUri?: string },
    opts?: CallOptions,
  ): Promise<ContentPage<ContentBlob>>;
  /** Every page of one <= 24 h window, following NextPageUri until it is gone. */
  listContent(
    req: { contentType: ContentType; startTime: string; endTime: string },
    opts?: CallOptions & { onPage?: (page: number, blobs: number) => void },
  ): Promise<ContentBlob[]>;
  /**
   * GET a contentUri (or the URI built from a contentId). Returns the record array and its size; `blob` reads
   * records one at a time (with the `pick` fields of every record read up front), when the client kept the
   * body's bytes.
   */
  retrieveContent(
    ref: { contentUri: string } | { contentId: string },
    opts?: CallOptions & Pick<ApiRequest, "beforeBody" | "bodyPool"> & { pick?: readonly string[] },
  ): Promise<{ records: AuditRecord[]; blob?: BlobRecords; bytes: number; contentUri: string }>;
  listNotificationsPage(
    req: { contentType: ContentType; startTime?: string; endTime?: string; nextPageUri?: string },
    opts?: CallOptions,
  ): Promise<ContentPage<ContentNotification>>;
  /** The contentUri for a contentId in this tenant. */
  contentUriFor(contentId: string): string;
}

/** One blob's records, read on demand, with the picked fields and each one's compact JSON text. */
export interface BlobRecords {
  readonly count: number;
  /** Record i, parsed on first use. */
  record(i: number): AuditRecord;
  /** Every record, parsed. */
  all(): AuditRecord[];
  /** Record i's picked top-level fields (blob-records.ts, readBlobRecords' `pick`), as JSON.parse gives them. */
  picked(i: number): Record<string, unknown>;
  /** Record i's JSON text, exactly what JSON.stringify(record(i)) gives. */
  line(i: number): string;
  /**
   * The lines of records first..last joined by newlines, as bytes. May reuse the served bytes in place (the
   * separators between records are overwritten with newlines; no line ever includes them).
   */
  joinedLines(first: number, last: number): Buffer;
  /** Byte length of line(i). */
  lineBytes(i: number): number;
  /**
   * Done with the served bytes: they go back to the pool they came from (ApiRequest.bodyPool). Records
   * parsed before stay whole; reading anything else afterwards throws.
   */
  release(): void;
}
