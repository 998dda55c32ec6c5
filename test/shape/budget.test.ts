import { describe, expect, it } from "vitest";
import { createBudget, OVERHEAD_BYTES, truncationNote } from "../../src/shape/budget.js";

const row = (i: number) => ({ i, pad: "x".repeat(100) });

describe("output budget", () => {
  it("cuts at a record boundary once the byte budget is used", () => {
    const budget = createBudget<ReturnType<typeof row>>({ budgetBytes: OVERHEAD_BYTES + 1200 });
    let accepted = 0;
    for (let i = 0; i < 100; i++) if (budget.add(row(i))) accepted++;
    expect(accepted).toBeGreaterThan(5);
    expect(accepted).toBeLessThan(15);
    expect(budget.rows.map((r) => r.i)).toEqual([...Array(accepted).keys()]);
    expect(budget.bytes).toBeLessThanOrEqual(1200);
    expect(budget.reason).toBe("budget");
  });

  it("counts a row by its text line when that is longer than its JSON (escaped hidden characters)", () => {
    // U+202E is 3 bytes in JSON and 6 ("\\u202E") in the text, so the text decides.
    const hidden = { v: "\u202e".repeat(100) };
    expect(Buffer.byteLength(JSON.stringify(hidden))).toBeLessThan(350);
    const budget = createBudget<typeof hidden>({ budgetBytes: OVERHEAD_BYTES + 1000 });
    const accepted = [0, 1, 2].filter(() => budget.add(hidden)).length;
    expect(accepted).toBe(1);
    expect(budget.bytes).toBeGreaterThan(600);
  });

  it("stops at the limit and refuses everything after it", () => {
    const budget = createBudget<ReturnType<typeof row>>({ budgetBytes: 100_000, limit: 3 });
    const results = [0, 1, 2, 3, 4].map((i) => budget.add(row(i)));
    expect(results).toEqual([true, true, true, false, false]);
    expect(budget.reason).toBe("limit");
  });

  it("always accepts the first row so paging progresses", () => {
    const budget = createBudget<{ big: string }>({ budgetBytes: 10 });
    expect(budget.add({ big: "y".repeat(5000) })).toBe(true);
    expect(budget.add({ big: "z" })).toBe(false);
  });

  it("says why and how to continue", () => {
    expect(truncationNote("budget", 12, "records")).toMatch(/12 records.*output budget.*cursor=nextCursor/);
  });
});
