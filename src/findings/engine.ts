// Runs rules over the records of a scan: each rule sees only its operations (time-sorted), every hit
// becomes a finding with its evidence, duplicates (same rule, same evidence) collapse, and the list is
// sorted by severity, then time, then rule id, so the same records always give the same findings.
import type { AuditRecord } from "../management/types.js";
import { internalDomainsOf, isInternalAddress } from "./domains.js";
import { withWindow } from "./next-call.js";
import { buildProfile } from "./profile.js";
import { ipOf, isoTime, operationOf, recordTime, userOf } from "./record-fields.js";
import { type Finding, type Rule, type RuleEnv, SEVERITIES } from "./types.js";

/** Evidence records listed per finding; evidenceTotal counts them all. */
export const MAX_EVIDENCE = 20;

export interface EngineInput {
  rules: readonly Rule[];
  records: readonly AuditRecord[];
  /** Overrides the domains derived from the records (tests, a tenant whose users are not all seen). */
  internalDomains?: readonly string[];
  /** Bounds the next calls' endTime. */
  now: Date;
  /** Keeps only findings with at least one evidence record that passes (judged on all, not the listed 20). */
  keep?: (record: AuditRecord) => boolean;
}

export function runRules(input: EngineInput): { findings: Finding[]; internalDomains: string[] } {
  const sorted = [...input.records].sort((a, b) => recordTime(a) - recordTime(b));
  const internalDomains = [...(input.internalDomains ?? internalDomainsOf(sorted))];
  const env: RuleEnv = {
    internalDomains,
    isInternal: (address) => isInternalAddress(address, internalDomains),
    profile: buildProfile(sorted),
  };
  const byOperation = new Map<string, AuditRecord[]>();
  for (const record of sorted) {
    const op = operationOf(record).trim().toLowerCase();
    const list = byOperation.get(op) ?? [];
    list.push(record);
    byOperation.set(op, list);
  }
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const rule of input.rules) {
    const own = rule.operations.flatMap((op) => byOperation.get(op.trim().toLowerCase()) ?? []);
    own.sort((a, b) => recordTime(a) - recordTime(b));
    for (const hit of rule.detect(own, rule.params, env)) {
      if (hit.records.length === 0) continue;
      if (input.keep && !hit.records.some(input.keep)) continue;
      const ids = hit.records.map((r) => String(r.Id ?? ""));
      const key = `${rule.id}\u0000${[...ids].sort().join(",")}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const evidence = hit.records.slice(0, MAX_EVIDENCE).map((r) => {
        const ip = ipOf(r);
        const user = userOf(r);
        return {
          id: String(r.Id ?? ""),
          time: isoTime(r),
          operation: operationOf(r),
          ...(user ? { user } : {}),
          ...(ip ? { ip } : {}),
        };
      });
      const last = hit.records.reduce((a, b) => (recordTime(b) > recordTime(a) ? b : a));
      findings.push({
        ruleId: rule.id,
        title: rule.title,
        severity: hit.severity ?? rule.severity,
        time: isoTime(last),
        reason: rule.reason(hit, rule.params),
        evidence,
        ...(hit.records.length > MAX_EVIDENCE ? { evidenceTotal: hit.records.length } : {}),
        ...(rule.mitre ? { mitre: rule.mitre } : {}),
        next: withWindow(
          rule.next(hit, rule.params),
          recordTime(hit.records[0]),
          recordTime(last),
          input.now.getTime(),
        ),
      });
    }
  }
  const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);
  findings.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      Date.parse(a.time) - Date.parse(b.time) ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      (a.evidence[0].id < b.evidence[0].id ? -1 : 1),
  );
  return { findings, internalDomains };
}
