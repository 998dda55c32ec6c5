// The few shapes a rule's detection takes, so a rule states its pattern as data: one record that matches,
// a burst of records per key within a time span, or one key seen with several distinct values. Each is
// linear in the records after one sort, and bounded (a burst or key yields one hit, with capped evidence).
import type { AuditRecord } from "../management/types.js";
import { ipOf, recordTime, userOf } from "./record-fields.js";
import type { Detector, Hit, RuleEnv, RuleParams } from "./types.js";

/** One hit per record the predicate accepts; it returns the values the reason names (and a severity). */
export function perRecord<P extends RuleParams>(
  match: (record: AuditRecord, params: P, env: RuleEnv) => Omit<Hit, "records"> | undefined,
): Detector<P> {
  return (records, params, env) => {
    const hits: Hit[] = [];
    for (const record of records) {
      const found = match(record, params, env);
      if (found) hits.push({ records: [record], ...found });
    }
    return hits;
  };
}

export interface BurstSpec<P extends RuleParams> {
  /** Which records count, and for whom (undefined: not counted). */
  key(record: AuditRecord, params: P, env: RuleEnv): string | undefined;
  /** How much one record counts (default 1; MailItemsAccessed counts its items). */
  weight?(record: AuditRecord): number;
  threshold(params: P): number;
  withinMinutes(params: P): number;
}

/**
 * Per key, the first span of `withinMinutes` whose weight reaches `threshold`, extended while records keep
 * arriving within the span; then counting starts again after it. Values: key, count, minutes.
 */
export function burst<P extends RuleParams>(spec: BurstSpec<P>): Detector<P> {
  return (records, params, env) => {
    const byKey = new Map<string, AuditRecord[]>();
    for (const record of records) {
      const key = spec.key(record, params, env);
      if (key === undefined) continue;
      const list = byKey.get(key) ?? [];
      list.push(record);
      byKey.set(key, list);
    }
    const spanMs = spec.withinMinutes(params) * 60_000;
    const threshold = spec.threshold(params);
    const weight = spec.weight ?? (() => 1);
    const hits: Hit[] = [];
    for (const [key, list] of byKey) {
      list.sort((a, b) => recordTime(a) - recordTime(b));
      let start = 0;
      let sum = 0;
      for (let end = 0; end < list.length; end++) {
        sum += weight(list[end]);
        while (recordTime(list[end]) - recordTime(list[start]) > spanMs) sum -= weight(list[start++]);
        if (sum < threshold) continue;
        // Extend the burst while the next record is still within the span of the last one.
        let last = end;
        while (last + 1 < list.length && recordTime(list[last + 1]) - recordTime(list[last]) <= spanMs) {
          last++;
          sum += weight(list[last]);
        }
        const span = list.slice(start, last + 1);
        const minutes = Math.max(1, Math.round((recordTime(list[last]) - recordTime(list[start])) / 60_000));
        hits.push({ records: span, values: { key, count: sum, minutes } });
        start = last + 1;
        end = last;
        sum = 0;
      }
    }
    return hits;
  };
}

export interface DistinctSpec<P extends RuleParams> {
  key(record: AuditRecord, params: P, env: RuleEnv): string | undefined;
  value(record: AuditRecord): string | undefined;
  threshold(params: P): number;
}

/** Keys seen with at least `threshold` distinct values. Values: key, distinct, list (comma-joined, first 5). */
export function distinctPerKey<P extends RuleParams>(spec: DistinctSpec<P>): Detector<P> {
  return (records, params, env) => {
    const byKey = new Map<string, { records: AuditRecord[]; values: Set<string> }>();
    for (const record of records) {
      const key = spec.key(record, params, env);
      const value = spec.value(record);
      if (key === undefined || value === undefined) continue;
      const entry = byKey.get(key) ?? { records: [], values: new Set<string>() };
      entry.records.push(record);
      entry.values.add(value);
      byKey.set(key, entry);
    }
    const hits: Hit[] = [];
    for (const [key, entry] of byKey) {
      if (entry.values.size < spec.threshold(params)) continue;
      const list = [...entry.values].slice(0, 5).join(", ");
      hits.push({ records: entry.records, values: { key, distinct: entry.values.size, list } });
    }
    return hits;
  };
}

export interface NewIpSpec<P extends RuleParams> {
  /** Records that count (default: every record of the rule's operations). */
  select?(record: AuditRecord): boolean;
  baselineHours(params: P): number;
  recentHours(params: P): number;
}

/**
 * Per user and IP, the records from an IP that is new for the user (profile.ts): first seen in the window
 * at most recentHours before, after at least baselineHours of the user's activity from other IPs.
 * Values: user, ip, count, first (ISO time the IP was first seen).
 */
export function fromNewIp<P extends RuleParams>(spec: NewIpSpec<P>): Detector<P> {
  return (records, params, env) => {
    const opts = {
      baselineMs: spec.baselineHours(params) * 3_600_000,
      recentMs: spec.recentHours(params) * 3_600_000,
    };
    const groups = new Map<string, { user: string; ip: string; records: AuditRecord[] }>();
    for (const record of records) {
      if (spec.select && !spec.select(record)) continue;
      const user = userOf(record);
      const ip = ipOf(record);
      if (!user || !ip || !env.profile.isNewIp(user, ip, recordTime(record), opts)) continue;
      const key = `${user}\u0000${ip}`;
      const group = groups.get(key) ?? { user, ip, records: [] };
      group.records.push(record);
      groups.set(key, group);
    }
    return [...groups.values()].map((g) => ({
      records: g.records,
      values: {
        user: g.user,
        ip: g.ip,
        count: g.records.length,
        first: new Date(env.profile.firstSeen(g.user, g.ip) ?? 0).toISOString(),
      },
    }));
  };
}
