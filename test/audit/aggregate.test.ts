// groupBy with distinct counts: "distinct ClientIP per SessionId", "distinct UserId per ClientIP".
import { describe, expect, it } from "vitest";
import { Aggregator, MAX_DISTINCT_VALUES } from "../../src/audit/aggregate.js";
import type { AuditRecord } from "../../src/management/types.js";

let n = 0;
const rec = (fields: Record<string, unknown>): AuditRecord =>
  ({
    Id: `id-${n++}`,
    CreationTime: "2026-03-02T00:00:00",
    Operation: "UserLoggedIn",
    RecordType: 15,
    ...fields,
  }) as AuditRecord;
const signIn = (user: string, ip: string, session: string) =>
  rec({
    UserId: user,
    ClientIP: null,
    ActorIpAddress: ip,
    DeviceProperties: [{ Name: "SessionId", Value: session }],
  });

describe("Aggregator with distinct fields", () => {
  it("counts distinct ClientIP per SessionId, Entra's session and address included, most spread first", () => {
    const agg = new Aggregator([{ field: "SessionId", distinct: ["ClientIP"] }]);
    for (const r of [
      signIn("a", "198.51.100.7", "S1"),
      signIn("a", "198.51.100.7", "S2"),
      signIn("a", "203.0.113.66", "S2"),
      signIn("a", "203.0.113.66:4431", "S2"),
      signIn("b", "192.0.2.10", "S3"),
      signIn("b", "192.0.2.10", "S3"),
    ]) {
      agg.add(r);
    }
    expect(agg.result().SessionId).toEqual([
      {
        key: "S2",
        count: 3,
        distinct: { ClientIP: 2 },
        values: { ClientIP: ["198.51.100.7", "203.0.113.66"] },
      },
      { key: "S3", count: 2, distinct: { ClientIP: 1 }, values: { ClientIP: ["192.0.2.10"] } },
      { key: "S1", count: 1, distinct: { ClientIP: 1 }, values: { ClientIP: ["198.51.100.7"] } },
    ]);
  });

  it("counts distinct users per IP (a spray) and does not list values past five", () => {
    const agg = new Aggregator([{ field: "ClientIP", distinct: ["UserId"] }]);
    for (let i = 0; i < 7; i++) agg.add(signIn(`u${i}`, "203.0.113.9", `s${i}`));
    const [row] = agg.result().ClientIP;
    expect(row).toEqual({ key: "203.0.113.9", count: 7, distinct: { UserId: 7 } });
  });

  it("adds no value for a record without the field, and plain groupBy is unchanged", () => {
    const agg = new Aggregator(["Operation", { field: "Operation", distinct: ["Missing"] }]);
    agg.add(rec({}));
    const out = agg.result();
    expect(out.Operation).toEqual([{ key: "UserLoggedIn", count: 1, distinct: { Missing: 0 } }]);
  });

  it("caps a distinct set and marks the count as a floor", () => {
    const agg = new Aggregator([{ field: "Operation", distinct: ["Id"] }]);
    for (let i = 0; i < MAX_DISTINCT_VALUES + 5; i++) agg.add(rec({}));
    const [row] = agg.result().Operation;
    expect(row.distinct).toEqual({ Id: MAX_DISTINCT_VALUES });
    expect(row.distinctCapped).toBe(true);
  });
});

describe("Aggregator.absorb: one search read in two parts (history and feed)", () => {
  const spec = [{ field: "ClientIP", distinct: ["UserId"] }];

  it("unites distinct values across parts: a value in both counts once, as in one scan", () => {
    const older = new Aggregator(spec);
    const newer = new Aggregator(spec);
    const whole = new Aggregator(spec);
    // Six users each side (unlisted: more than five), two of them in both: eight in all.
    for (let i = 0; i < 6; i++) {
      older.add(signIn(`u${i}`, "203.0.113.9", `s${i}`));
      newer.add(signIn(`u${i + 4}`, "203.0.113.9", `t${i}`));
    }
    for (let i = 0; i < 10; i++) whole.add(signIn(`u${i}`, "203.0.113.9", `s${i}`));
    older.absorb(newer.result());
    expect(older.result().ClientIP).toEqual([{ key: "203.0.113.9", count: 12, distinct: { UserId: 10 } }]);
    expect(whole.result().ClientIP[0].distinct).toEqual({ UserId: 10 });
  });

  it("keeps values, counts and the spread-first order of one scan", () => {
    const sessions = [{ field: "SessionId", distinct: ["ClientIP"] }];
    const older = new Aggregator(sessions);
    const newer = new Aggregator(sessions);
    older.add(signIn("a", "198.51.100.7", "S1"));
    older.add(signIn("a", "198.51.100.7", "S2"));
    newer.add(signIn("a", "203.0.113.66", "S2"));
    newer.add(signIn("a", "198.51.100.7", "S1"));
    newer.add(signIn("a", "198.51.100.7", "S1"));
    older.absorb(newer.result());
    expect(older.result().SessionId).toEqual([
      {
        key: "S2",
        count: 2,
        distinct: { ClientIP: 2 },
        values: { ClientIP: ["198.51.100.7", "203.0.113.66"] },
      },
      { key: "S1", count: 3, distinct: { ClientIP: 1 }, values: { ClientIP: ["198.51.100.7"] } },
    ]);
  });

  it("marks a count as a floor when a row's values are not all known", () => {
    const older = new Aggregator(spec);
    older.add(signIn("u1", "203.0.113.9", "s1"));
    older.absorb({ ClientIP: [{ key: "203.0.113.9", count: 9, distinct: { UserId: 9 } }] });
    const [row] = older.result().ClientIP;
    expect(row).toEqual({ key: "203.0.113.9", count: 10, distinct: { UserId: 9 }, distinctCapped: true });
  });
});
