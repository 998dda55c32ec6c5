// The tenant's audit history by event time, for the Purview audit search (audit-search-api.md 3.4): the
// same records as the feed's blobs (same Id, same JSON), plus the history-only blobs before the feed's
// window. Nothing is held: a scan rebuilds the records of the blobs that can hold the window's events and
// hands back small references; a page rebuilds just its own records from them.
import { type BlobPlan, generateRecord, type PlacedRecords, planKey, type ScheduleOptions } from "./blobs.js";
import { MAX_RECORD_LAG_MS } from "./lag.js";
import type { AuditRecord, RecordContext } from "./records/common.js";
import type { AuditHistory, HistorySlice, RecordRef } from "./types.js";

export type { AuditHistory, HistorySlice, RecordRef } from "./types.js";

export interface HistoryInput {
  /** Every plan (history then feed), oldest first, per content type. */
  plans: Map<string, BlobPlan[]>;
  placed: PlacedRecords;
  schedule: ScheduleOptions;
  ctx: RecordContext;
  start: Date;
}

/** CreationTime is zone-less UTC in the feed (o365-api.md 1.9). */
export function eventTime(record: AuditRecord): number {
  return Date.parse(`${String(record.CreationTime)}Z`);
}

export function createHistory(input: HistoryInput): AuditHistory {
  const { plans, placed, schedule, ctx } = input;
  const planOf = (contentType: string, index: number): BlobPlan => {
    const typePlans = plans.get(contentType) ?? [];
    // History plans are numbered -count..-1 and feed plans 0..n-1, so an index maps to one array slot.
    const first = typePlans[0]?.index ?? 0;
    return typePlans[index - first];
  };
  const record = (ref: RecordRef): AuditRecord => {
    const plan = planOf(ref.contentType, ref.index);
    if (ref.k >= 0) return generateRecord(ref.contentType, plan, ref.k, schedule, ctx);
    return (placed.get(planKey(ref.contentType, ref.index)) ?? [])[-1 - ref.k];
  };
  const slices: AuditHistory["slices"] = (from, to, contentTypes) => {
    const lo = Math.max(from.getTime(), input.start.getTime());
    const hi = to.getTime();
    const out: HistorySlice[] = [];
    if (!(lo < hi)) return out;
    for (const contentType of contentTypes) {
      const typePlans = plans.get(contentType) ?? [];
      // A blob holds events from before its creation only, at most MAX_RECORD_LAG_MS before it.
      for (let i = firstCreatedAtOrAfter(typePlans, lo); i < typePlans.length; i++) {
        const plan = typePlans[i];
        if (plan.contentCreated.getTime() > hi + MAX_RECORD_LAG_MS) break;
        out.push({
          visit(visitor) {
            const extra = placed.get(planKey(contentType, plan.index)) ?? [];
            for (let k = -extra.length; k < plan.generated; k++) {
              const rec = k >= 0 ? generateRecord(contentType, plan, k, schedule, ctx) : extra[-1 - k];
              const time = eventTime(rec);
              if (time < lo || time >= hi) continue;
              if (!visitor({ contentType, index: plan.index, k }, rec, time)) return false;
            }
            return true;
          },
        });
      }
    }
    return out;
  };
  return {
    start: input.start,
    record,
    slices,
    scan(from, to, contentTypes, visit) {
      for (const slice of slices(from, to, contentTypes)) if (!slice.visit(visit)) return;
    },
  };
}

function firstCreatedAtOrAfter(plans: BlobPlan[], time: number): number {
  let lo = 0;
  let hi = plans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (plans[mid].contentCreated.getTime() < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
