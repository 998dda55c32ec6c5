// A ManagementClient stand-in for engine unit tests: blobs in memory, request counters, injectable
// failures and latency that honours the abort signal.
import { O365Error } from "../../src/errors.js";
import { readBlobRecords } from "../../src/management/blob-records.js";
import type { AuditRecord, ContentBlob, ContentType, ManagementClient } from "../../src/management/types.js";

export interface FakeBlob extends ContentBlob {
  records: AuditRecord[];
}

export function record(over: Partial<AuditRecord> & { Id: string; CreationTime: string }): AuditRecord {
  return {
    Operation: "MailItemsAccessed",
    RecordType: 50,
    Workload: "Exchange",
    UserId: "a@contoso.com",
    ...over,
  };
}

export function blob(
  contentType: ContentType,
  id: string,
  created: string,
  records: AuditRecord[],
): FakeBlob {
  const expires = new Date(Date.parse(created) + 7 * 86_400_000).toISOString();
  return {
    contentType,
    contentId: id,
    contentUri: `https://manage.example/api/v1.0/t/activity/feed/audit/${id}`,
    contentCreated: created,
    contentExpiration: expires,
    records,
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

export class FakeManagement implements ManagementClient {
  listCalls: { contentType: string; startTime: string; endTime: string }[] = [];
  blobGets: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  latencyMs = 0;
  /** Serve each blob as the real client does: read from its JSON bytes (blob-records.ts), not pre-parsed. */
  fromBytes = false;
  /** Requests in flight when each blob request started (this one included). */
  readonly inFlightAtStart: number[] = [];
  /** The next N blob requests report an AF429 retry first. */
  throttleFirst = 0;
  /** Called once a body was admitted by the caller's beforeBody. */
  onAdmitted: (() => void) | undefined;
  /** contentId -> body size announced and returned (default 100). */
  readonly blobBytes = new Map<string, number>();
  /** contentId -> error thrown by retrieveContent. */
  failing = new Map<string, O365Error>();
  /** contentType -> error thrown by listContent. */
  failingLists = new Map<string, O365Error>();

  constructor(public blobs: FakeBlob[]) {}

  async listSubscriptions() {
    return [];
  }
  async startSubscription(): Promise<never> {
    throw new Error("not used");
  }
  async stopSubscription(): Promise<void> {}
  async listContentPage(): Promise<never> {
    throw new Error("not used");
  }
  async listNotificationsPage(): Promise<never> {
    throw new Error("not used");
  }
  contentUriFor(contentId: string): string {
    return `https://manage.example/api/v1.0/t/activity/feed/audit/${contentId}`;
  }

  async listContent(
    req: { contentType: ContentType; startTime: string; endTime: string },
    opts?: { signal?: AbortSignal; onEvent?: (e: never) => void },
  ): Promise<ContentBlob[]> {
    this.listCalls.push(req);
    const err = this.failingLists.get(req.contentType);
    if (err) throw err;
    const start = Date.parse(`${req.startTime}Z`);
    const end = Date.parse(`${req.endTime}Z`);
    opts?.onEvent?.({ type: "request" } as never);
    return this.blobs
      .filter((b) => b.contentType === req.contentType)
      .filter((b) => Date.parse(b.contentCreated) >= start && Date.parse(b.contentCreated) < end)
      .map(({ records: _r, ...b }) => b);
  }

  async retrieveContent(
    ref: { contentUri: string } | { contentId: string },
    opts?: {
      signal?: AbortSignal;
      onEvent?: (e: never) => void;
      beforeBody?: (declaredBytes: number | undefined) => Promise<void>;
      pick?: readonly string[];
    },
  ) {
    const uri = "contentUri" in ref ? ref.contentUri : this.contentUriFor(ref.contentId);
    this.blobGets.push(uri);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      opts?.onEvent?.({ type: "request" } as never);
      this.inFlightAtStart.push(this.inFlight);
      if (this.throttleFirst > 0) {
        this.throttleFirst--;
        // What the HTTP layer reports before retrying an AF429 (o365-api.md 1.8).
        opts?.onEvent?.({ type: "retry", reason: "AF429 (HTTP 403)" } as never);
      }
      if (this.latencyMs > 0) await sleep(this.latencyMs, opts?.signal);
      const found = this.blobs.find((b) => b.contentUri === uri);
      if (!found)
        throw new O365Error({ api: "management", code: "AF20050", message: "not found", hint: "-" });
      const err = this.failing.get(found.contentId);
      if (err) throw err;
      const bytes = this.blobBytes.get(found.contentId) ?? 100;
      // As the HTTP layer does once the answer's headers are in (Content-Length).
      await opts?.beforeBody?.(bytes);
      this.onAdmitted?.();
      if (this.fromBytes) {
        const blob = readBlobRecords(Buffer.from(JSON.stringify(found.records)), opts?.pick);
        return { records: blob.all(), blob, bytes, contentUri: uri };
      }
      return { records: structuredClone(found.records), bytes, contentUri: uri };
    } finally {
      this.inFlight--;
    }
  }
}
