// The content blob schedule of the Management Activity feed. Only a small plan per blob is held in
// memory; a blob's records are rebuilt from its own seed on every body() call, so a gigabyte of
// content costs no memory. Lag, disorder and duplicates follow o365-api.md 1.5.5, 1.5.6 and 1.6.

import { MAX_LAG_MS, MIN_LAG_MS, recordLag } from "./lag.js";
import { rngFor } from "./random.js";
import type { AuditRecord, RecordContext, RecordGenerator } from "./records/common.js";
import { dlpRecord } from "./records/dlp.js";
import { entraRecord } from "./records/entra.js";
import { exchangeRecord } from "./records/exchange.js";
import { generalRecord } from "./records/general.js";
import { sharePointRecord } from "./records/sharepoint.js";
import type { EmuBlob } from "./types.js";

export const CONTENT_TYPES = [
  "Audit.AzureActiveDirectory",
  "Audit.Exchange",
  "Audit.SharePoint",
  "Audit.General",
  "DLP.All",
] as const;

const GENERATORS: Record<string, RecordGenerator> = {
  "Audit.AzureActiveDirectory": entraRecord,
  "Audit.Exchange": exchangeRecord,
  "Audit.SharePoint": sharePointRecord,
  "Audit.General": generalRecord,
  "DLP.All": dlpRecord,
};

const MINUTE = 60_000;
/** Share of blobs that repeat a record or two of the previous blob (duplicates are expected, 1.5.6). */
const DUPLICATE_SHARE = 0.08;

export interface ScheduleOptions {
  seed: number;
  now: Date;
  days: number;
  blobsPerHour: number;
  recordsPerBlob: number;
  recordBytes?: number;
  /** Some records lag hours or days (lag.ts); false keeps every lag within 20-90 minutes. */
  longTailLag: boolean;
}

/** The plan of one blob: enough to rebuild its records. Negative indices are history-only blobs. */
export interface BlobPlan {
  index: number;
  contentCreated: Date;
  generated: number;
  duplicates: number;
}

/** Records placed by hand (the incident), by content type and blob index. */
export type PlacedRecords = Map<string, AuditRecord[]>;

export function planKey(contentType: string, index: number): string {
  return `${contentType}#${index}`;
}

function contentIdFor(contentType: string, plan: BlobPlan): string {
  const stamp = plan.contentCreated.toISOString().replace(/[-:TZ.]/g, "");
  const serial = `${stamp}${String(plan.index % 1_000_000).padStart(6, "0")}`;
  const lower = contentType.toLowerCase().replace(".", "_");
  return `${serial}$${serial}$${lower}$${contentType.replace(".", "_")}`;
}

/** Plans every blob of one content type, oldest first, all created before now. */
export function planBlobs(contentType: string, opts: ScheduleOptions): BlobPlan[] {
  const interval = (60 * MINUTE) / opts.blobsPerHour;
  const start = opts.now.getTime() - opts.days * 24 * 60 * MINUTE;
  const count = Math.floor((opts.days * 24 * 60 * MINUTE) / interval);
  const plans: BlobPlan[] = [];
  for (let index = 0; index < count; index++) {
    const rng = rngFor(opts.seed, contentType, index, "plan");
    const spread = Math.max(1, Math.round(opts.recordsPerBlob / 2));
    plans.push({
      index,
      contentCreated: new Date(Math.floor(start + (index + rng.next() * 0.8) * interval)),
      generated: Math.max(1, opts.recordsPerBlob + rng.int(-spread, spread)),
      duplicates:
        index > 0 && rng.chance(DUPLICATE_SHARE) ? Math.min(rng.int(1, 2), plans[index - 1].generated) : 0,
    });
  }
  return plans;
}

/**
 * Plans the blobs before the feed's first one, back to `historyDays` before now, oldest first. They are
 * numbered -1, -2, ... back from the feed's blob 0, so adding history changes no feed blob or record: the
 * Purview audit search serves them (audit-search-api.md 3.4), the feed never does.
 */
export function planHistoryBlobs(
  contentType: string,
  opts: ScheduleOptions,
  historyDays: number,
): BlobPlan[] {
  const interval = (60 * MINUTE) / opts.blobsPerHour;
  const start = opts.now.getTime() - opts.days * 24 * 60 * MINUTE;
  const count = Math.max(0, Math.floor(((historyDays - opts.days) * 24 * 60 * MINUTE) / interval));
  const plans: BlobPlan[] = [];
  for (let index = -count; index < 0; index++) {
    const rng = rngFor(opts.seed, contentType, index, "plan");
    const spread = Math.max(1, Math.round(opts.recordsPerBlob / 2));
    const previous = plans.at(-1);
    plans.push({
      index,
      contentCreated: new Date(Math.floor(start + (index + rng.next() * 0.8) * interval)),
      generated: Math.max(1, opts.recordsPerBlob + rng.int(-spread, spread)),
      duplicates: previous && rng.chance(DUPLICATE_SHARE) ? Math.min(rng.int(1, 2), previous.generated) : 0,
    });
  }
  return plans;
}

/** Index of the blob that would hold an event at `time`: the first created at least `lagMs` later. */
export function blobIndexFor(plans: BlobPlan[], time: Date, lagMs = MIN_LAG_MS): number {
  const earliest = time.getTime() + lagMs;
  const index = plans.findIndex((p) => p.contentCreated.getTime() >= earliest);
  return index === -1 ? plans.length - 1 : index;
}

/** Record k of a planned blob: its own seed, an event time usually 20-90 minutes before the blob's creation. */
export function generateRecord(
  contentType: string,
  plan: BlobPlan,
  k: number,
  opts: ScheduleOptions,
  ctx: RecordContext,
): AuditRecord {
  const rng = rngFor(opts.seed, contentType, plan.index, k);
  const typical = MIN_LAG_MS + rng.next() * (MAX_LAG_MS - MIN_LAG_MS);
  const lag = recordLag(opts.seed, contentType, plan.index, k, typical, opts.longTailLag);
  const time = new Date(Math.floor((plan.contentCreated.getTime() - lag) / 1000) * 1000);
  return GENERATORS[contentType](rng, time, ctx);
}

function serialize(record: AuditRecord, recordBytes: number | undefined): string {
  const json = JSON.stringify(record);
  if (!recordBytes) return json;
  const overhead = ',"EmulatorPadding":""'.length;
  const need = recordBytes - json.length - overhead;
  return need > 0 ? `${json.slice(0, -1)},"EmulatorPadding":"${"x".repeat(need)}"}` : json;
}

export function buildBlobs(
  contentType: string,
  plans: BlobPlan[],
  placed: PlacedRecords,
  opts: ScheduleOptions,
  ctx: RecordContext,
): EmuBlob[] {
  return plans.map((plan, i) => {
    const extra = placed.get(planKey(contentType, plan.index)) ?? [];
    const previous = i > 0 ? plans[i - 1] : undefined;
    return {
      contentType,
      contentId: contentIdFor(contentType, plan),
      contentCreated: plan.contentCreated,
      recordCount: plan.generated + plan.duplicates + extra.length,
      body(): string {
        const records: AuditRecord[] = [];
        for (let k = 0; k < plan.generated; k++)
          records.push(generateRecord(contentType, plan, k, opts, ctx));
        // A later blob repeats the tail of the one before it, as the real feed does.
        for (let d = 0; d < plan.duplicates && previous; d++) {
          records.push(generateRecord(contentType, previous, previous.generated - 1 - d, opts, ctx));
        }
        const order = rngFor(opts.seed, contentType, plan.index, "order");
        for (const record of extra) records.splice(order.int(0, records.length), 0, record);
        return `[${records.map((r) => serialize(r, opts.recordBytes)).join(",")}]`;
      },
    };
  });
}
