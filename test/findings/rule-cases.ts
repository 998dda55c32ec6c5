// Rule tests as data: each rule gets positive, negative and boundary cases, each a list of records and the
// number of findings the rule must produce, run through the real engine (runRules).
import { expect, it } from "vitest";
import { runRules } from "../../src/findings/engine.js";
import type { Finding, Rule } from "../../src/findings/types.js";
import type { AuditRecord } from "../../src/management/types.js";

export const DOMAIN = "contoso.example";
const T0 = Date.parse("2026-03-02T00:00:00Z");
let seq = 0;

/** CreationTime as the service writes it (no zone), `minutes` after a fixed start. */
export const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString().slice(0, 19);

export function record(fields: Record<string, unknown>): AuditRecord {
  seq++;
  return {
    Id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    CreationTime: at(0),
    RecordType: 1,
    UserType: 0,
    Workload: "Exchange",
    UserId: `alice@${DOMAIN}`,
    ...fields,
  } as unknown as AuditRecord;
}

/** An Exchange cmdlet with its Parameters (o365-api.md 1.9, Exchange admin). */
export function cmdlet(
  operation: string,
  params: Record<string, string>,
  extra: Record<string, unknown> = {},
) {
  return record({
    Operation: operation,
    ClientIP: "192.0.2.10",
    Parameters: Object.entries(params).map(([Name, Value]) => ({ Name, Value })),
    ...extra,
  });
}

/** An Entra sign-in (RecordType 15). */
export function signIn(opts: {
  minutes: number;
  ip: string;
  user?: string;
  failed?: boolean;
  session?: string;
  agent?: string;
}) {
  return record({
    Operation: opts.failed ? "UserLoginFailed" : "UserLoggedIn",
    RecordType: 15,
    Workload: "AzureActiveDirectory",
    CreationTime: at(opts.minutes),
    UserId: opts.user ?? `alice@${DOMAIN}`,
    ClientIP: opts.ip,
    ActorIpAddress: opts.ip,
    ResultStatus: opts.failed ? "Failed" : "Success",
    ErrorNumber: opts.failed ? "50126" : "0",
    ExtendedProperties: [{ Name: "UserAgent", Value: opts.agent ?? "Mozilla/5.0 (Windows NT 10.0)" }],
    DeviceProperties: [{ Name: "SessionId", Value: opts.session ?? `s-${seq}` }],
  });
}

/** Activity of a user from an IP at a time (MailItemsAccessed by default). */
export function activity(opts: {
  minutes: number;
  ip: string;
  user?: string;
  operation?: string;
  extra?: object;
}) {
  return record({
    Operation: opts.operation ?? "MailItemsAccessed",
    RecordType: 50,
    CreationTime: at(opts.minutes),
    UserId: opts.user ?? `alice@${DOMAIN}`,
    ClientIP: opts.ip,
    ...opts.extra,
  });
}

/** A day of ordinary activity from the office (three users share it) and alice's home. */
export function baseline(): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (let m = 0; m < 24 * 60; m += 120) {
    for (const user of ["alice", "bob", "carol"]) {
      out.push(signIn({ minutes: m, ip: "192.0.2.10", user: `${user}@${DOMAIN}` }));
    }
    out.push(signIn({ minutes: m + 30, ip: "198.51.100.7" }));
  }
  return out;
}

export interface RuleCase {
  name: string;
  records: AuditRecord[];
  /** Findings of this rule expected. */
  findings: number;
  /** Checked on the first finding. */
  reason?: RegExp;
  severity?: Finding["severity"];
  evidence?: number;
}

export function findingsOf(rule: Rule, records: AuditRecord[]): Finding[] {
  return runRules({ rules: [rule], records, now: new Date(T0 + 30 * 86_400_000), internalDomains: [DOMAIN] })
    .findings;
}

/** One test per case; the rule must have at least one positive, one negative and one boundary case. */
export function ruleCases(
  rule: Rule,
  cases: { positive: RuleCase[]; negative: RuleCase[]; boundary: RuleCase[] },
) {
  it("has positive, negative and boundary cases", () => {
    expect(cases.positive.length).toBeGreaterThan(0);
    expect(cases.negative.length).toBeGreaterThan(0);
    expect(cases.boundary.length).toBeGreaterThan(0);
  });
  for (const [kind, list] of Object.entries(cases)) {
    for (const c of list) {
      it(`${kind}: ${c.name}`, () => {
        const found = findingsOf(rule, c.records);
        expect(found.map((f) => f.reason)).toHaveLength(c.findings);
        for (const f of found) expect(f.ruleId).toBe(rule.id);
        if (c.reason) expect(found[0].reason).toMatch(c.reason);
        if (c.severity) expect(found[0].severity).toBe(c.severity);
        if (c.evidence !== undefined) expect(found[0].evidence).toHaveLength(c.evidence);
      });
    }
  }
}
