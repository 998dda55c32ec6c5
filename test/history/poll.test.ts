import { describe, expect, it } from "vitest";
import { waitForQuery } from "../../src/history/poll.js";
import { caught } from "../helpers/caught.js";
import { FakeAuditApi } from "./fake-api.js";

const fast = { firstMs: 1, factor: 2, maxMs: 4 };

describe("waitForQuery: poll with backoff until a terminal status, within a deadline", () => {
  it("polls until succeeded, reporting every status", async () => {
    const api = new FakeAuditApi(() => ({
      statuses: ["notStarted", "running", "running", "succeeded"],
      pages: [],
    }));
    const { query } = await api.create();
    const seen: string[] = [];
    const out = await waitForQuery(api, query, "beta", {
      deadline: Date.now() + 10_000,
      now: Date.now,
      schedule: fast,
      onStatus: (q, n) => seen.push(`${n}:${q.status}`),
    });
    expect(out.finished).toBe(true);
    expect(out.query.status).toBe("succeeded");
    expect(seen).toEqual(["1:running", "2:running", "3:succeeded"]);
  });

  it("stops at failed and cancelled too (a loop on succeeded only would hang, 2.1)", async () => {
    for (const end of ["failed", "cancelled"]) {
      const api = new FakeAuditApi(() => ({ statuses: ["running", end], pages: [] }));
      const { query } = await api.create();
      const out = await waitForQuery(api, query, "beta", {
        deadline: Date.now() + 5000,
        now: Date.now,
        schedule: fast,
      });
      expect(out).toMatchObject({ finished: true, polls: 1, query: { status: end } });
    }
  });

  it("keeps polling an unknown status such as queued", async () => {
    const api = new FakeAuditApi(() => ({ statuses: ["notStarted", "queued", "succeeded"], pages: [] }));
    const { query } = await api.create();
    const out = await waitForQuery(api, query, "beta", {
      deadline: Date.now() + 5000,
      now: Date.now,
      schedule: fast,
    });
    expect(out).toMatchObject({ finished: true, polls: 2 });
  });

  it("returns the last status at the deadline, and backs off between polls", async () => {
    const api = new FakeAuditApi(() => ({ statuses: ["running"], pages: [] }));
    const { query } = await api.create();
    const started = Date.now();
    const out = await waitForQuery(api, query, "beta", {
      deadline: started + 120,
      now: Date.now,
      schedule: { firstMs: 10, factor: 2, maxMs: 40 },
    });
    expect(out.finished).toBe(false);
    expect(out.query.status).toBe("running");
    // 10 + 20 + 40 + 40 + 10 (cut at the deadline): about 5 polls, never a tight loop.
    expect(out.polls).toBeGreaterThanOrEqual(3);
    expect(out.polls).toBeLessThanOrEqual(6);
  });

  it("stops polling at once when cancelled", async () => {
    const api = new FakeAuditApi(() => ({ statuses: ["running"], pages: [] }));
    const { query } = await api.create();
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 30);
    const e = await caught(
      waitForQuery(api, query, "beta", {
        deadline: Date.now() + 60_000,
        now: Date.now,
        schedule: { firstMs: 10_000, factor: 1, maxMs: 10_000 },
        signal: abort.signal,
      }),
    );
    expect(e.code).toBe("CANCELLED");
    expect(api.calls.filter((c) => c.startsWith("get"))).toEqual([]);
  });
});
