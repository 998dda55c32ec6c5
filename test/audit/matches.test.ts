import { describe, expect, it } from "vitest";
import { Aggregator } from "../../src/audit/aggregate.js";
import { MatchCollector } from "../../src/audit/matches.js";
import { record } from "./fake-management.js";

const at = (i: number) => Date.parse("2026-11-26T00:00:00Z") + i * 1000;

describe("MatchCollector", () => {
  it("drops a record whose Id was already collected and counts it", () => {
    const c = new MatchCollector(10);
    expect(c.add(record({ Id: "a", CreationTime: "x" }), at(1))).toBe(true);
    expect(c.add(record({ Id: "a", CreationTime: "x" }), at(1))).toBe(false);
    expect(c.total).toBe(1);
    expect(c.duplicates).toBe(1);
  });

  it("keeps the earliest matches in time order whatever order they arrive in", () => {
    const c = new MatchCollector(3);
    for (const i of [9, 2, 7, 1, 5, 3, 8]) c.add(record({ Id: `r${i}`, CreationTime: "x" }), at(i));
    expect(c.sorted().records.map((r) => r.Id)).toEqual(["r1", "r2", "r3"]);
    expect(c.total).toBe(7);
    expect(c.overflow).toBe(4);
  });

  it("orders records with the same time by Id", () => {
    const c = new MatchCollector(5);
    for (const id of ["c", "a", "b"]) c.add(record({ Id: id, CreationTime: "x" }), at(1));
    expect(c.sorted().records.map((r) => r.Id)).toEqual(["a", "b", "c"]);
  });

  it("resumes strictly after the cursor key and counts what it skipped", () => {
    const c = new MatchCollector(2, { time: at(3), id: "r3" });
    for (const i of [5, 1, 3, 4, 2, 6]) c.add(record({ Id: `r${i}`, CreationTime: "x" }), at(i));
    expect(c.sorted().records.map((r) => r.Id)).toEqual(["r4", "r5"]);
    expect(c.skipped).toBe(3);
    expect(c.overflow).toBe(1);
    expect(c.total).toBe(6);
  });
});

describe("Aggregator", () => {
  it("counts by field, largest first, with ClientIP taken from wherever the workload put it", () => {
    const a = new Aggregator(["Operation", "ClientIP", "AppAccessContext.ClientAppName"]);
    a.add(record({ Id: "1", CreationTime: "x", Operation: "A", ClientIP: "1.1.1.1:80" }));
    a.add(record({ Id: "2", CreationTime: "x", Operation: "B", ActorIpAddress: "1.1.1.1" }));
    a.add(
      record({ Id: "3", CreationTime: "x", Operation: "B", AppAccessContext: { ClientAppName: "Outlook" } }),
    );
    const out = a.result();
    expect(out.Operation).toEqual([
      { key: "B", count: 2 },
      { key: "A", count: 1 },
    ]);
    expect(out.ClientIP).toEqual([
      { key: "1.1.1.1", count: 2 },
      { key: "(none)", count: 1 },
    ]);
    expect(out["AppAccessContext.ClientAppName"]).toEqual([
      { key: "(none)", count: 2 },
      { key: "Outlook", count: 1 },
    ]);
  });

  it("finds fields case-insensitively", () => {
    const a = new Aggregator(["userid"]);
    a.add(record({ Id: "1", CreationTime: "x", UserId: "u@x" }));
    expect(a.result().userid).toEqual([{ key: "u@x", count: 1 }]);
  });

  it("folds keys past 10,000 per field into (other), still counting every match", () => {
    const a = new Aggregator(["Id"]);
    for (let i = 0; i < 10_005; i++) a.add(record({ Id: `id-${i}`, CreationTime: "x" }));
    const counts = a.result().Id;
    expect(counts).toHaveLength(10_001);
    expect(counts[0]).toEqual({ key: "(other)", count: 5 });
    expect(counts.reduce((n, c) => n + c.count, 0)).toBe(10_005);
  });
});
