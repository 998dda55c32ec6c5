// generateTenant: a deterministic synthetic tenant from a seed (design.md 9). Cheap to build:
// users, a blob plan per content type and message-trace rows; blob bodies are built on demand.
import {
  blobIndexFor,
  buildBlobs,
  CONTENT_TYPES,
  type PlacedRecords,
  planBlobs,
  planHistoryBlobs,
  planKey,
} from "./blobs.js";
import { buildDirectory } from "./directory.js";
import { planFoothold } from "./foothold.js";
import { createHistory } from "./history.js";
import { planIncident } from "./incident.js";
import { planLookalikes } from "./lookalikes.js";
import type { RecordContext } from "./records/common.js";
import { randomMessages, recalledMessage, toTraceRows } from "./traces.js";
import type { EmuBlob, Tenant, TenantOptions } from "./types.js";

export { CONTENT_TYPES } from "./blobs.js";
export { TENANT_DOMAIN } from "./directory.js";

/** Default scale: 2 blobs per hour per content type of ~12 records (8 days x 5 types = 1,920 blobs). */
export const DEFAULT_BLOBS_PER_HOUR = 2;
export const DEFAULT_RECORDS_PER_BLOB = 12;

export function generateTenant(opts: TenantOptions): Tenant {
  const now = new Date(Math.floor(opts.now.getTime() / 1000) * 1000);
  const schedule = {
    seed: opts.seed,
    now,
    days: opts.days,
    blobsPerHour: opts.blobsPerHour ?? DEFAULT_BLOBS_PER_HOUR,
    recordsPerBlob: opts.recordsPerBlob ?? DEFAULT_RECORDS_PER_BLOB,
    recordBytes: opts.recordBytes,
    longTailLag: opts.longTailLag ?? true,
  };
  if (!(schedule.blobsPerHour > 0) || !(schedule.recordsPerBlob >= 1) || !(opts.days > 0)) {
    throw new Error("generateTenant: days, blobsPerHour and recordsPerBlob must be positive");
  }
  const dir = buildDirectory(opts.seed);
  const ctx: RecordContext = { orgId: opts.tenantId, dir };
  const incident = planIncident(opts.seed, now, dir, ctx);
  const foothold = planFoothold(opts.seed, now, dir, ctx, incident.facts.compromisedUser);
  const lookalikes = planLookalikes(opts.seed, now, dir, ctx);

  const plans = new Map(CONTENT_TYPES.map((ct) => [ct as string, planBlobs(ct, schedule)]));
  // History-only blobs before the feed's window, for the audit search (history.ts); the feed never sees them.
  const historyDays = Math.max(opts.days, opts.historyDays ?? opts.days);
  const historyStart = new Date(now.getTime() - historyDays * 86_400_000);
  const allPlans = new Map(
    CONTENT_TYPES.map((ct) => [
      ct as string,
      [...planHistoryBlobs(ct, schedule, historyDays), ...(plans.get(ct) ?? [])],
    ]),
  );
  const placed: PlacedRecords = new Map();
  let lateArrival = now;
  for (const { contentType, time, record, lagMs } of [
    ...incident.records,
    ...foothold.records,
    ...lookalikes.records,
  ]) {
    // An event older than the history horizon did not happen in this tenant (the foothold, horizon < 21 d).
    if (time.getTime() < historyStart.getTime()) continue;
    const typePlans = allPlans.get(contentType)!;
    const plan = typePlans[blobIndexFor(typePlans, time, lagMs)];
    if (record.Id === incident.lateRecordId) lateArrival = plan.contentCreated;
    const key = planKey(contentType, plan.index);
    placed.set(key, [...(placed.get(key) ?? []), record]);
  }

  const blobsByType = new Map<string, EmuBlob[]>();
  const byId = new Map<string, EmuBlob>();
  for (const [contentType, typePlans] of plans) {
    const blobs = buildBlobs(contentType, typePlans, placed, schedule, ctx);
    blobsByType.set(contentType, blobs);
    for (const blob of blobs) byId.set(blob.contentId, blob);
  }

  const messages = [
    ...randomMessages(opts.seed, dir, now, opts.days),
    recalledMessage(opts.seed, dir, now),
    ...incident.messages,
  ];
  messages.sort((a, b) => a.received.getTime() - b.received.getTime());

  return {
    tenantId: opts.tenantId,
    domain: dir.people[0].upn.split("@")[1],
    users: dir.people,
    blobs: (contentType) => blobsByType.get(contentType) ?? [],
    blobById: (contentId) => byId.get(contentId),
    traces: toTraceRows(opts.seed, messages),
    incident: {
      ...incident.facts,
      ...foothold.facts,
      foreignSignInAvailable: lateArrival.toISOString(),
      lookalikes: lookalikes.facts,
    },
    history: createHistory({ plans: allPlans, placed, schedule, ctx, start: historyStart }),
  };
}
