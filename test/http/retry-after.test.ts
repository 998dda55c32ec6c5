import { describe, expect, it } from "vitest";
import { parseRetryAfter, parseRetryAfterText } from "../../src/http/retry-after.js";

describe("parseRetryAfter", () => {
  it("reads delta seconds", () => {
    expect(parseRetryAfter("8")).toBe(8000);
    expect(parseRetryAfter(" 0 ")).toBe(0);
  });
  it("reads an HTTP date relative to now", () => {
    const now = new Date("2026-11-20T10:00:00Z");
    expect(parseRetryAfter("Fri, 20 Nov 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Fri, 20 Nov 2026 09:00:00 GMT", now)).toBe(0);
  });
  it("ignores missing or garbage values", () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});

describe("parseRetryAfterText", () => {
  it("reads the start-throttle text 'retry again after 8m 46s'", () => {
    expect(
      parseRetryAfterText("Too many frequent subscription start requests. Please retry again after 8m 46s."),
    ).toBe(526_000);
  });
  it("reads seconds only, and hours", () => {
    expect(parseRetryAfterText("retry again after 46s")).toBe(46_000);
    expect(parseRetryAfterText("retry after 1h 2m")).toBe(3_720_000);
  });
  it("returns undefined when no wait is given", () => {
    expect(parseRetryAfterText("An internal error occurred. Retry the request.")).toBeUndefined();
  });
});
