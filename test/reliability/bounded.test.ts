// All work is bounded (hardening): against a hostile Management API on 127.0.0.1 the server stops an
// endless or self-referencing NextPageUri after a few requests, reads a huge blob only up to the size cap
// and names it in coverage, fetches each blob once for 50 concurrent searches, and fetches a truncated blob
// again. Each test asserts what the user sees, what reached the listener, a memory ceiling and a time bound.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import type { searchAuditLog } from "../../tools/search_audit_log.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";
import { type HostileFeed, startHostileFeed } from "./hostile-feed.js";

const MB = 1024 * 1024;
let emu: EmulatorHandle;
let feed: HostileFeed;
let h: Harness;

const isListing = (p: string) => p.endsWith("/subscriptions/content");
const isBlob = (p: string) => p.includes("/activity/feed/audit/");
const hoursAgo = (n: number) => new Date(Date.now() - n * 3_600_000).toISOString();
const search = { contentTypes: ["Audit.SharePoint"], startTime: hoursAgo(3), endTime: hoursAgo(1) };

/** Runs `fn`, sampling RSS every 20 ms: its duration and the peak growth over the RSS before it. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peakMb: number }> {
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = Date.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, ms: Date.now() - started, peakMb: (peak - before) / MB };
  } finally {
    clearInterval(timer);
  }
}

beforeAll(async () => {
  emu = await startEmulator({ quiet: true });
  feed = await startHostileFeed(emu);
  h = await startHarness({
    emu,
    config: {
      managementUrl: feed.origin,
      scopes: {
        management: [`${emu.managementUrl}/.default`],
        graph: [`${emu.graphUrl}/.default`],
        reporting: [`${emu.reportingUrl}/.default`],
      },
      maxResponseMb: 8,
      maxRetries: 2,
    },
  });
});

afterAll(async () => {
  await h?.close();
  await feed?.close();
  await emu?.close();
});

describe("a next link that never ends", () => {
  it("a self-referencing NextPageUri stops at once with PAGING_LOOP (list_available_content, search_audit_log)", async () => {
    feed.reset({ next: "self", tag: "self" });
    const { value: listed, ms } = await measured(() =>
      h.call("list_available_content", { contentType: "Audit.SharePoint" }),
    );
    expect(listed).toBeToolResult({ isError: true, text: [/PAGING_LOOP/, /repeated/, /Hint: /] });
    expect(feed.total(isListing)).toBeLessThanOrEqual(2);
    expect(ms).toBeLessThan(5000);

    feed.reset({ next: "self", tag: "self" });
    const searched = await h.call("search_audit_log", search);
    expect(searched).toBeToolResult({ isError: true, text: /PAGING_LOOP/ });
    expect(feed.total(isListing)).toBeLessThanOrEqual(4);
    expect(feed.total(isBlob)).toBe(0);
  });

  it("an endless chain of empty pages stops as making no progress, after a bounded number of requests", async () => {
    feed.reset({ next: "endless", tag: "endless" });
    const {
      value: listed,
      ms,
      peakMb,
    } = await measured(() => h.call("list_available_content", { contentType: "Audit.SharePoint" }));
    expect(listed).toBeToolResult({ isError: true, text: [/PAGING_LOOP/, /held no rows/] });
    expect(feed.total(isListing)).toBeLessThanOrEqual(22);
    expect(ms).toBeLessThan(10_000);
    expect(peakMb).toBeLessThan(100);
  });
});

describe("a huge blob", () => {
  it("is read only up to O365_MAX_RESPONSE_MB and named in coverage, not an out-of-memory or network error", async () => {
    feed.reset({ blobBytes: 200 * MB, blobs: 3, tag: "huge" });
    const { value: result, ms, peakMb } = await measured(() => h.call("search_audit_log", search));
    expect(result).toBeToolResult({ isError: false });
    const { coverage } = outputOf<typeof searchAuditLog>(result);
    expect(coverage.blobsFailed).toBe(3);
    expect(coverage.failures.map((f) => f.code)).toEqual([
      "RESPONSE_TOO_LARGE",
      "RESPONSE_TOO_LARGE",
      "RESPONSE_TOO_LARGE",
    ]);
    expect(coverage.failures[0].contentId).toMatch(/hostilehuge/);
    expect(coverage.failures[0].reason).toMatch(/larger than 8 MB \(O365_MAX_RESPONSE_MB\)/);
    expect(h.text(result)).not.toMatch(/could not reach|ERR_STRING_TOO_LONG/i);
    expect(feed.total(isBlob)).toBe(3); // too large is not retried
    expect(peakMb).toBeLessThan(120);
    expect(ms).toBeLessThan(10_000);

    const read = await h.call("retrieve_content", {
      contentUri: `${feed.origin}/api/v1.0/${emu.tenantId}/activity/feed/audit/20261201${0}$hostilehuge0$audit_sharepoint$Audit_SharePoint$na0034`,
    });
    expect(read).toBeToolResult({ isError: true, text: [/RESPONSE_TOO_LARGE/, /O365_MAX_RESPONSE_MB/] });
  });
});

describe("many searches at once", () => {
  it("50 concurrent searches over the same blobs fetch each blob once, within a memory ceiling", async () => {
    feed.reset({ blobs: 5, blobDelayMs: 300, tag: "shared" });
    const {
      value: results,
      ms,
      peakMb,
    } = await measured(() =>
      Promise.all(Array.from({ length: 50 }, () => h.call("search_audit_log", search))),
    );
    for (const r of results) {
      expect(r).toBeToolResult({ isError: false });
      const { coverage } = outputOf<typeof searchAuditLog>(r);
      expect(coverage.blobsFailed).toBe(0);
      expect(coverage.blobsFetched + coverage.blobsFromCache).toBe(5);
    }
    expect(feed.total(isBlob)).toBe(5);
    expect(peakMb).toBeLessThan(200);
    expect(ms).toBeLessThan(20_000);
  });
});

describe("a truncated blob", () => {
  it("is fetched again before it is reported as failed, and its records are kept", async () => {
    feed.reset({ blobs: 2, truncateFirst: true, tag: "cut" });
    const result = await h.call("search_audit_log", search);
    expect(result).toBeToolResult({ isError: false });
    const { coverage } = outputOf<typeof searchAuditLog>(result);
    expect(coverage.blobsFailed).toBe(0);
    expect(coverage.blobsFetched).toBe(2);
    expect(coverage.recordsScanned).toBe(6);
    expect(feed.total(isBlob)).toBe(4);
  });
});
