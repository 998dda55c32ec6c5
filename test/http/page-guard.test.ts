import { describe, expect, it } from "vitest";
import { O365Error } from "../../src/errors.js";
import { createPageGuard } from "../../src/http/page-guard.js";

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof O365Error ? `${e.api}:${e.code}` : "other";
  }
  return undefined;
}

describe("the shared paging guard", () => {
  it("lets a normal chain through and stops a repeated link, including the one it started from", () => {
    const guard = createPageGuard("management", "content listing", { startLink: "https://m/p0" });
    for (let i = 1; i < 50; i++) guard.follow(`https://m/p${i}`, 3);
    expect(guard.pages).toBe(49);
    expect(codeOf(() => guard.follow("https://m/p7", 3))).toBe("management:PAGING_LOOP");
    const resumed = createPageGuard("graph", "message trace paging", { startLink: "https://g/self" });
    expect(codeOf(() => resumed.follow("https://g/self", 10))).toBe("graph:PAGING_LOOP");
  });

  it("stops a chain of empty pages (no progress) and one past its page cap", () => {
    const empty = createPageGuard("reporting", "MessageTrace paging", { maxEmptyPages: 3 });
    empty.follow("https://r/1", 0);
    empty.follow("https://r/2", 0);
    expect(codeOf(() => empty.follow("https://r/3", 0))).toBe("reporting:PAGING_LOOP");
    const progress = createPageGuard("reporting", "MessageTrace paging", { maxEmptyPages: 3 });
    for (let i = 0; i < 10; i++) progress.follow(`https://r/${i}`, i % 2);
    const capped = createPageGuard("graph", "detail paging", { maxPages: 5 });
    for (let i = 1; i < 5; i++) capped.follow(`https://g/${i}`, 1);
    let message = "";
    try {
      capped.follow("https://g/5", 1);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/ran past 5 pages; no further page was requested/);
  });
});
