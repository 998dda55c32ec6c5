import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { listAvailableContent } from "../../tools/list_available_content.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe("list_available_content", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ emulator: { contentPageSize: 5 }, config: { outputBudgetBytes: 10_000_000 } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("lists the last 24 hours by default, with no repeated contentType per blob", async () => {
    const r = await h.call("list_available_content", { contentType: "Audit.Exchange" });
    expect(r).toBeToolResult();
    const out = outputOf<typeof listAvailableContent>(r);
    expect(out.blobs.length).toBeGreaterThan(20);
    expect(Object.keys(out.blobs[0]).sort()).toEqual([
      "contentCreated",
      "contentExpiration",
      "contentId",
      "contentUri",
    ]);
    expect(out.windows).toHaveLength(1);
    expect(out.windows[0].status).toBe("complete");
    expect(Date.parse(out.range.endTime) - Date.parse(out.range.startTime)).toBe(24 * HOUR);
    expect(out.nextCursor).toBeUndefined();
    // every page was followed: more blobs than one emulator page of 5
    const pages = h.emu.control.requests().filter((q) => q.path.endsWith("/subscriptions/content"));
    expect(pages.some((q) => q.query.nextPage !== undefined)).toBe(true);
    expect(h.text(r)).toMatch(/^\d+ Audit.Exchange blobs, /);
  });

  it("splits a range over 24 h into windows and pages through all of it with the cursor", async () => {
    const end = Date.now();
    const args = { contentType: "Audit.SharePoint", startTime: iso(end - 30 * HOUR), endTime: iso(end) };
    const whole = outputOf<typeof listAvailableContent>(await h.call("list_available_content", args));
    expect(whole.windows.map((w) => w.status)).toEqual(["complete", "complete"]);
    const seen: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    do {
      const r = await h.call("list_available_content", { ...args, limit: 7, ...(cursor ? { cursor } : {}) });
      expect(r).toBeToolResult();
      const out = outputOf<typeof listAvailableContent>(r);
      expect(out.blobs.length).toBeLessThanOrEqual(7);
      seen.push(...out.blobs.map((b) => b.contentId));
      if (out.nextCursor) expect(out.truncated).toMatch(/limit/);
      cursor = out.nextCursor;
      calls++;
    } while (cursor && calls < 50);
    expect(calls).toBeGreaterThan(3);
    expect(seen).toEqual(whole.blobs.map((b) => b.contentId));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("cuts at the output budget and continues with the cursor", async () => {
    const small = await startHarness({ emu: h.emu, config: { outputBudgetBytes: 3000 } });
    try {
      const r = await small.call("list_available_content", { contentType: "Audit.Exchange" });
      const out = outputOf<typeof listAvailableContent>(r);
      expect(out.nextCursor).toBeDefined();
      expect(out.truncated).toMatch(/output budget/);
      expect(small.text(r)).toContain(`nextCursor: ${out.nextCursor}`);
      const next = outputOf<typeof listAvailableContent>(
        await small.call("list_available_content", { contentType: "Audit.Exchange", cursor: out.nextCursor }),
      );
      expect(next.blobs[0].contentId).not.toBe(out.blobs[0].contentId);
      expect(out.blobs.map((b) => b.contentId)).not.toContain(next.blobs[0].contentId);
    } finally {
      await small.close();
    }
  });

  it("refuses a start older than 7 days, saying the limit and the oldest allowed time", async () => {
    const r = await h.call("list_available_content", {
      contentType: "Audit.Exchange",
      startTime: iso(Date.now() - 8 * 24 * HOUR),
      endTime: iso(Date.now() - 7.5 * 24 * HOUR),
    });
    expect(r).toBeToolResult({
      isError: true,
      text: [/more than 7 days in the past/, /Hint: Use a startTime after \d{4}-\d\d-\d\dT/],
    });
  });

  it("refuses an end before the start", async () => {
    const r = await h.call("list_available_content", {
      contentType: "Audit.Exchange",
      startTime: "2026-11-26T10:00:00Z",
      endTime: "2026-11-26T09:00:00Z",
    });
    expect(r).toBeToolResult({ isError: true, text: /endTime .* is not after startTime/ });
  });

  it("refuses an unparseable time and wrong argument types", async () => {
    const bad = await h.call("list_available_content", {
      contentType: "Audit.Exchange",
      startTime: "yesterday",
    });
    expect(bad).toBeToolResult({
      isError: true,
      text: /startTime "yesterday" is not a valid time.*\nHint: .*ISO-8601/s,
    });
    const typed = await h.call("list_available_content", { contentType: "Audit.Exchange", limit: "ten" });
    expect(typed).toBeToolResult({ isError: true, text: /limit/ });
  });

  it("refuses a cursor from another tool or another content type", async () => {
    const r = await h.call("list_available_content", { contentType: "Audit.Exchange", limit: 1 });
    const cursor = outputOf<typeof listAvailableContent>(r).nextCursor!;
    const other = await h.call("list_available_content", { contentType: "Audit.SharePoint", cursor });
    expect(other).toBeToolResult({ isError: true, text: /INVALID_CURSOR/ });
    const tool = await h.call("retrieve_content", { contentId: "x", cursor });
    expect(h.text(tool)).toMatch(/INVALID_CURSOR/);
    const garbage = await h.call("list_available_content", { contentType: "Audit.Exchange", cursor: "%%%" });
    expect(h.text(garbage)).toMatch(/\[INVALID_CURSOR\].*\nHint: /s);
  });
});

describe("list_available_content against a server clock ahead of ours", () => {
  it("surfaces the service's AF20030/AF20055 window error with a hint", async () => {
    const h = await startHarness({ emulator: { now: () => new Date(Date.now() + 2 * 24 * 3_600_000) } });
    try {
      const start = Date.now() - 6.5 * 24 * HOUR;
      const r = await h.call("list_available_content", {
        contentType: "Audit.Exchange",
        startTime: iso(start),
        endTime: iso(start + HOUR),
      });
      expect(r).toBeToolResult({ isError: true, text: [/\[AF200(30|55)\]/, /Hint: /] });
    } finally {
      await h.close();
    }
  });
});

describe("list_available_content cursor tampering", () => {
  it("refuses a cursor whose page link points anywhere but a content listing", async () => {
    const { encodeCursor } = await import("../../src/shape/cursor.js");
    const h = await startHarness();
    try {
      const now = Date.now();
      const base = { ct: "Audit.Exchange", s: iso(now - HOUR), e: iso(now), w: 0, k: 0 };
      for (const p of [
        `${h.emu.managementUrl}/api/v1.0/${h.emu.tenantId}/activity/feed/subscriptions/list`,
        "https://evil.example/api/v1.0/x/activity/feed/subscriptions/content",
      ]) {
        h.emu.control.clearRequests();
        const r = await h.call("list_available_content", {
          contentType: "Audit.Exchange",
          cursor: encodeCursor("list_available_content", { ...base, p }),
        });
        expect(r).toBeToolResult({ isError: true, text: /\[INVALID_CURSOR\]/ });
        expect(h.emu.control.requests().filter((q) => q.route === "management")).toEqual([]);
      }
    } finally {
      await h.close();
    }
  });
});
