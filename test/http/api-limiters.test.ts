import { describe, expect, it } from "vitest";
import { createApiLimiters } from "../../src/http/api-limiters.js";
import { backoffDelay } from "../../src/http/backoff.js";

describe("per-API rate limiters", () => {
  it("gives Graph and the legacy service one shared message-trace limiter, management its own", () => {
    const limiters = createApiLimiters({ managementPerMinute: 2000, messageTracePer5Min: 100 });
    expect(limiters.graph).toBe(limiters.reporting);
    expect(limiters.management).not.toBe(limiters.graph);
  });

  it("gives the audit search API budgets of its own: polls never spend message trace's, submissions are capped per day", async () => {
    const limiters = createApiLimiters({
      managementPerMinute: 2000,
      messageTracePer5Min: 1,
      auditQueriesPerDay: 2,
    });
    expect(limiters.auditSearch).not.toBe(limiters.graph);
    expect(limiters.auditQuerySubmit).not.toBe(limiters.auditSearch);
    await limiters.graph.acquire("graph");
    // The message trace budget (1) is spent; audit search polls still go at once.
    expect(await limiters.auditSearch.acquire("graph")).toBe(0);
    await limiters.auditQuerySubmit.acquire("graph");
    await limiters.auditQuerySubmit.acquire("graph");
    const waits: number[] = [];
    await expect(
      limiters.auditQuerySubmit.acquire("graph", undefined, (ms) => {
        waits.push(ms);
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(waits[0]).toBeGreaterThan(23 * 3_600_000);
  });
});

describe("backoffDelay", () => {
  it("doubles per attempt, caps at maxMs, and jitters into [50 %, 100 %] only with a random source", () => {
    expect([0, 1, 2].map((a) => backoffDelay(a, { baseMs: 300 }))).toEqual([300, 600, 1200]);
    expect(backoffDelay(10, { baseMs: 500, maxMs: 30_000 })).toBe(30_000);
    expect(backoffDelay(1, { baseMs: 500, random: () => 0 })).toBe(500);
    expect(backoffDelay(1, { baseMs: 500, random: () => 1 })).toBe(1000);
  });
});
