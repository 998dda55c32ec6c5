// The tenant's audit log queries and their lifecycle (audit-search-api.md 2.1, 4.6): a query is notStarted
// for the first tenth of its running time, then running, then succeeded (or failed / cancelled when a
// test armed that outcome), all read off the emulator's clock so tests can move time. Results are
// computed once, when a query is first seen finished, as references into the tenant's history (a page
// rebuilds its own records), capped at the record-count limit (2.5). Quotas: submissions per rolling
// 24 h and queued-or-running queries, both tenant-wide (4.6).
import { randomUUID } from "node:crypto";
import type { RecordRef } from "../tenant/history.js";
import type { QueryFilters } from "./query-body.js";

export type QueryStatus = "notStarted" | "running" | "succeeded" | "failed" | "cancelled";
export type Outcome = "succeeded" | "failed" | "cancelled";

/** What the token may see (4.2): every workload, some workloads, or nothing (AuditLog.Read.All only). */
export type Visibility = { kind: "all" } | { kind: "workloads"; workloads: Set<string> } | { kind: "none" };

export interface AuditQuery {
  id: string;
  filters: QueryFilters;
  visibility: Visibility;
  createdAt: number;
  runningMs: number;
  outcome: Outcome;
  /** The record-count limit in force when the query was created. */
  recordCountLimit: number;
  /** Set once its records were gathered (results.ts; succeeded only). */
  result?: { refs: RecordRef[]; limitExceeded: boolean; approximateCount: number };
  /** Deleted or reset: stop gathering. */
  abandoned?: boolean;
}

export interface AuditSearchSettings {
  runningMs: number;
  recordCountLimit: number;
  queriesPer24h: number;
  concurrentQueries: number;
  v1Available: boolean;
}

/** Test switches armed through the control surface; each arms the next N creates. */
export interface ArmedFaults {
  /** The next N queries end in this outcome instead of succeeded. */
  outcomes: Outcome[];
  /** The next N creates answer 429 with this Retry-After (null: no header). */
  throttles: Array<number | null>;
}

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number | null; reason: string };

const DAY = 86_400_000;
/** Completed searches are kept 30 days in the portal (2.4; Graph's rule UNCONFIRMED); older ones go. */
const KEEP_MS = 30 * DAY;

export interface AuditQueryStore {
  settings: AuditSearchSettings;
  armed: ArmedFaults;
  admit(now: number): Admission;
  create(filters: QueryFilters, visibility: Visibility, now: number): AuditQuery;
  get(id: string): AuditQuery | undefined;
  list(): AuditQuery[];
  delete(id: string): boolean;
  /** Back to the start: no queries, no submissions counted, options' settings, nothing armed. */
  reset(): void;
}

export function statusOf(query: AuditQuery, now: number): QueryStatus {
  const elapsed = now - query.createdAt;
  if (elapsed < query.runningMs) return elapsed < query.runningMs / 10 ? "notStarted" : "running";
  // Succeeded once its records are gathered too: a big window runs past its nominal time.
  if (query.outcome === "succeeded" && !query.result) return "running";
  return query.outcome;
}

export function createAuditQueryStore(defaults: AuditSearchSettings): AuditQueryStore {
  const queries = new Map<string, AuditQuery>();
  let submissions: number[] = [];
  const store: AuditQueryStore = {
    settings: { ...defaults },
    armed: { outcomes: [], throttles: [] },
    admit(now) {
      if (store.armed.throttles.length > 0) {
        const retryAfterSeconds = store.armed.throttles.shift() ?? null;
        return { ok: false, retryAfterSeconds, reason: "throttled (armed by the emulator control)" };
      }
      submissions = submissions.filter((t) => t > now - DAY);
      if (submissions.length >= store.settings.queriesPer24h) {
        const wait = Math.ceil((submissions[0] + DAY - now) / 1000);
        return {
          ok: false,
          retryAfterSeconds: Math.max(1, wait),
          reason: `the tenant submitted ${submissions.length} queries in the last 24 hours (limit ${store.settings.queriesPer24h})`,
        };
      }
      const active = [...queries.values()].filter((q) => {
        const status = statusOf(q, now);
        return status === "notStarted" || status === "running";
      });
      if (active.length >= store.settings.concurrentQueries) {
        const soonest = Math.min(...active.map((q) => q.createdAt + q.runningMs));
        return {
          ok: false,
          retryAfterSeconds: Math.max(1, Math.ceil((soonest - now) / 1000)),
          reason: `${active.length} queries are queued or running (limit ${store.settings.concurrentQueries})`,
        };
      }
      return { ok: true };
    },
    create(filters, visibility, now) {
      for (const [id, q] of queries)
        if (q.createdAt < now - KEEP_MS) {
          q.abandoned = true;
          queries.delete(id);
        }
      submissions.push(now);
      const query: AuditQuery = {
        id: randomUUID(),
        filters,
        visibility,
        createdAt: now,
        runningMs: store.settings.runningMs,
        outcome: store.armed.outcomes.shift() ?? "succeeded",
        recordCountLimit: store.settings.recordCountLimit,
      };
      queries.set(query.id, query);
      return query;
    },
    get: (id) => queries.get(id.toLowerCase()),
    list: () => [...queries.values()],
    // Deleting a running query frees its slot (7.6 leaves it open; PAX deletes "to free server slot").
    delete(id) {
      const query = queries.get(id.toLowerCase());
      if (query) query.abandoned = true;
      return queries.delete(id.toLowerCase());
    },
    reset() {
      for (const query of queries.values()) query.abandoned = true;
      queries.clear();
      submissions = [];
      store.settings = { ...defaults };
      store.armed = { outcomes: [], throttles: [] };
    },
  };
  return store;
}
