import { describe, expect, it } from "vitest";
import { O365Error } from "../../src/errors.js";
import { SlidingWindowLimiter } from "../../src/http/rate-limit.js";

describe("SlidingWindowLimiter", () => {
  it("lets `limit` requests through at once and makes the next wait for the window", async () => {
    const limiter = new SlidingWindowLimiter(2, 200);
    expect(await limiter.acquire("management")).toBe(0);
    expect(await limiter.acquire("management")).toBe(0);
    const started = Date.now();
    const waited = await limiter.acquire("management");
    expect(waited).toBeGreaterThan(100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it("a cancelled waiter stops waiting at once with CANCELLED", async () => {
    const limiter = new SlidingWindowLimiter(1, 10_000);
    await limiter.acquire("graph");
    const ac = new AbortController();
    const p = limiter.acquire("graph", ac.signal);
    setTimeout(() => ac.abort(), 20);
    const started = Date.now();
    const e = await p.catch((err: unknown) => err);
    expect(e).toBeInstanceOf(O365Error);
    expect((e as O365Error).code).toBe("CANCELLED");
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
