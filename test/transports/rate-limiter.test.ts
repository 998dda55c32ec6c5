import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/transports/rate-limiter.js";

describe("RateLimiter", () => {
  it("allows perMinute requests per client, then says how long to wait", () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 60; i++) expect(limiter.take("a").allowed).toBe(true);
    const refused = limiter.take("a");
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take("b").allowed).toBe(true); // other clients keep their own budget
    now += 1000;
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(false);
  });
});
