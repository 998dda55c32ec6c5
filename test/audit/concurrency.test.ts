import { describe, expect, it } from "vitest";
import { AdaptiveConcurrency } from "../../src/audit/concurrency.js";
import { forEachAdaptive } from "../../src/audit/pool.js";

describe("AdaptiveConcurrency", () => {
  it("grows by one per completed request up to its maximum (slow start)", () => {
    const c = new AdaptiveConcurrency({ initial: 4, min: 2, max: 8 });
    expect(c.limit).toBe(4);
    for (let i = 0; i < 10; i++) c.onSuccess();
    expect(c.limit).toBe(8);
    expect(c.peak).toBe(8);
  });

  it("halves on an AF429 retry, a 429 retry or a limiter wait, never below its minimum", () => {
    const c = new AdaptiveConcurrency({ initial: 16, min: 2, max: 32 });
    c.onEvent({ type: "retry", api: "management", attempt: 1, waitMs: 500, reason: "AF429 (HTTP 403)" });
    expect(c.limit).toBe(8);
    c.onEvent({ type: "retry", api: "management", attempt: 1, waitMs: 500, reason: "HTTP_429 (HTTP 429)" });
    expect(c.limit).toBe(4);
    c.onEvent({ type: "throttle-wait", api: "management", waitMs: 1000 });
    c.onEvent({ type: "throttle-wait", api: "management", waitMs: 1000 });
    expect(c.limit).toBe(2);
    expect(c.throttled).toBe(4);
  });

  it("halves on a timeout retry and on answers far slower than the fastest (a queueing service)", () => {
    const c = new AdaptiveConcurrency({ initial: 16, min: 2, max: 32 });
    const answer = (ms: number, at: number) =>
      c.onEvent(
        { type: "request", api: "management", method: "GET", host: "h", path: "/", status: 200, ms },
        at,
      );
    answer(100, 0);
    answer(1500, 10); // slower, but under 2 s
    expect(c.limit).toBe(16);
    answer(3000, 20);
    expect(c.limit).toBe(8);
    answer(3000, 500); // at most once a second
    expect(c.limit).toBe(8);
    answer(3000, 1600);
    expect(c.limit).toBe(4);
    c.onEvent({ type: "retry", api: "management", attempt: 1, waitMs: 10, reason: "TIMEOUT" });
    expect(c.limit).toBe(2);
  });

  it("ignores other retries and grows only additively after a throttle sign", () => {
    const c = new AdaptiveConcurrency({ initial: 8, min: 2, max: 32 });
    c.onEvent({ type: "retry", api: "management", attempt: 1, waitMs: 500, reason: "HTTP_500 (HTTP 500)" });
    c.onEvent({
      type: "request",
      api: "management",
      method: "GET",
      host: "h",
      path: "/",
      status: 200,
      ms: 1,
    });
    expect(c.limit).toBe(8);
    c.onThrottle();
    expect(c.limit).toBe(4);
    for (let i = 0; i < 4; i++) c.onSuccess(); // +1/window each: one more after about a window's worth
    expect(c.limit).toBe(4);
    for (let i = 0; i < 4; i++) c.onSuccess();
    expect(c.limit).toBe(5);
  });
});

describe("forEachAdaptive", () => {
  it("follows a limit that changes while items run", async () => {
    let limit = 1;
    let active = 0;
    const seen: number[] = [];
    await forEachAdaptive(
      Array.from({ length: 12 }, (_, i) => i),
      () => limit,
      undefined,
      async (i) => {
        active++;
        seen.push(active);
        if (i === 2) limit = 4;
        if (i === 8) limit = 1;
        await new Promise((r) => setTimeout(r, 5));
        active--;
      },
    );
    expect(Math.max(...seen)).toBe(4);
    expect(seen.slice(0, 3)).toEqual([1, 1, 1]);
  });

  it("rejects at once on abort and starts nothing more", async () => {
    const controller = new AbortController();
    let started = 0;
    const run = forEachAdaptive(
      Array.from({ length: 50 }, (_, i) => i),
      () => 2,
      controller.signal,
      async () => {
        started++;
        await new Promise((r) => setTimeout(r, 20));
      },
    );
    setTimeout(() => controller.abort(), 5);
    await expect(run).rejects.toThrow(/abort/i);
    await new Promise((r) => setTimeout(r, 50));
    expect(started).toBeLessThanOrEqual(4);
  });

  it("rejects with the first item's error", async () => {
    await expect(
      forEachAdaptive(
        [1, 2, 3],
        () => 2,
        undefined,
        async (i) => {
          if (i === 2) throw new Error("boom");
        },
      ),
    ).rejects.toThrow("boom");
  });
});
