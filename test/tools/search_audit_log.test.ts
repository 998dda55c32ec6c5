// search_audit_log through a real MCP client against the emulator tenant and its built-in incident.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { searchAuditLog } from "../../tools/search_audit_log.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";

const out = outputOf<typeof searchAuditLog>;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const blobGets = (h: Harness) => h.emu.control.requests().filter((r) => r.route === "content").length;

let h: Harness;
let incidentWindow: { startTime: string; endTime: string };

beforeAll(async () => {
  h = await startHarness({ config: { cacheDir: mkdtempSync(join(tmpdir(), "o365-search-")) } });
  const i = h.emu.incident;
  incidentWindow = {
    startTime: new Date(Date.parse(i.phishReceived) - 3_600_000).toISOString(),
    endTime: new Date(Date.parse(i.fileDownloaded) + 3_600_000).toISOString(),
  };
});
afterAll(async () => {
  await h?.close();
});

describe("search_audit_log finds the incident", () => {
  it("by compromised user: the inbox rule and mail access from the attacker IP", async () => {
    const r = await h.call("search_audit_log", {
      ...incidentWindow,
      users: [h.emu.incident.compromisedUser],
    });
    expect(r).toBeToolResult({ text: h.emu.incident.inboxRuleName });
    const ops = out(r).matches.map((m) => m.Operation);
    expect(ops).toContain("New-InboxRule");
    expect(ops).toContain("MailItemsAccessed");
    const times = out(r).matches.map((m) => String(m.CreationTime));
    expect([...times].sort()).toEqual(times);
  });

  it("by attacker IP: every match carries it, the Entra sign-in included", async () => {
    const r = await h.call("search_audit_log", { ...incidentWindow, clientIps: [h.emu.incident.attackerIp] });
    const o = out(r);
    expect(o.totalMatches).toBeGreaterThanOrEqual(3);
    for (const m of o.matches) expect(String(m.ClientIP)).toContain(h.emu.incident.attackerIp);
    expect(o.matches.some((m) => m.Workload === "AzureActiveDirectory")).toBe(true);
  });

  it("by operation, with groupBy counts that add up to the total", async () => {
    const r = await h.call("search_audit_log", {
      ...incidentWindow,
      operations: ["new-inboxrule"],
      groupBy: ["UserId", "ClientIP"],
    });
    const o = out(r);
    expect(o.matches.every((m) => m.Operation === "New-InboxRule")).toBe(true);
    const users = o.aggregates?.UserId ?? [];
    expect(users.map((u) => u.key)).toContain(h.emu.incident.compromisedUser);
    expect(users.reduce((n, u) => n + u.count, 0)).toBe(o.totalMatches);
    expect(r).toBeToolResult({ text: "Counts by UserId:" });
  });

  it("names RecordType keys and shows the top 25 keys of a field, saying how many there were", async () => {
    const r = await h.call("search_audit_log", {
      ...incidentWindow,
      groupBy: ["RecordType", "Id"],
      limit: 1,
    });
    const o = out(r);
    expect(o.aggregates?.RecordType.every((c) => !/^\d+$/.test(c.key))).toBe(true);
    expect(o.totalMatches).toBeGreaterThan(25);
    expect(o.aggregates?.Id).toHaveLength(25);
    expect(o.notes ?? []).toContain(`Counts by Id: top 25 of ${o.totalMatches} keys shown.`);
  });
});

describe("search_audit_log defaults", () => {
  it("searches the last 24 hours of every enabled subscription, every window listed", async () => {
    const r = await h.call("search_audit_log", { clientIps: [h.emu.incident.attackerIp] });
    expect(r).toBeToolResult();
    const o = out(r);
    expect(o.contentTypes).toHaveLength(5);
    expect(o.coverage.listingFailures).toBeUndefined();
    expect(o.totalMatches).toBeGreaterThanOrEqual(3);
    expect(Date.parse(o.coverage.contentMayArriveUntil ?? "")).toBeGreaterThan(Date.now());
  });
});

describe("search_audit_log coverage and cache", () => {
  const window = () => ({ startTime: hoursAgo(30), endTime: hoursAgo(6) });
  let asked: { startTime: string; endTime: string };

  it("fetches every listed blob once, counts them and drops duplicates across blobs", async () => {
    asked = window();
    h.emu.control.clearRequests();
    const r = await h.call("search_audit_log", { ...asked, groupBy: ["Workload"], limit: 5 });
    const c = out(r).coverage;
    expect(c.blobsListed).toBeGreaterThan(50);
    expect(c.blobsFetched + c.blobsFromCache + c.blobsExpired + c.blobsFailed).toBe(c.blobsListed);
    expect(c.blobsFetched).toBe(blobGets(h));
    expect(c.duplicatesDropped).toBeGreaterThan(0);
    expect(c.apiRequests).toBe(h.emu.control.requests().filter((q) => q.route !== "token").length);
    const counted = (out(r).aggregates?.Workload ?? []).reduce((n, w) => n + w.count, 0);
    expect(counted).toBe(out(r).totalMatches);
  });

  it("asks the same question again without a single blob request", async () => {
    h.emu.control.clearRequests();
    const r = await h.call("search_audit_log", { ...asked, groupBy: ["Workload"], limit: 5 });
    expect(blobGets(h)).toBe(0);
    expect(out(r).coverage.blobsFromCache).toBe(out(r).coverage.blobsListed);
  });

  it("serves page 2 from the cache, continuing where page 1 stopped", async () => {
    const first = out(await h.call("search_audit_log", { ...asked, limit: 5 }));
    expect(first.nextCursor).toBeDefined();
    h.emu.control.clearRequests();
    const second = out(await h.call("search_audit_log", { cursor: first.nextCursor, limit: 5 }));
    expect(blobGets(h)).toBe(0);
    expect(second.offset).toBe(5);
    expect(second.totalMatches).toBe(first.totalMatches);
    const ids = new Set([...first.matches, ...second.matches].map((m) => JSON.stringify(m)));
    expect(ids.size).toBe(10);
    expect(String(second.matches[0].CreationTime) >= String(first.matches[4].CreationTime)).toBe(true);
  });

  it("keeps its disk cache across server instances", async () => {
    const again = await startHarness({ emu: h.emu, config: { cacheDir: h.config.cacheDir } });
    try {
      h.emu.control.clearRequests();
      const r = await again.call("search_audit_log", { ...asked, limit: 5 });
      expect(blobGets(h)).toBe(0);
      expect(out(r).coverage.blobsFromCache).toBe(out(r).coverage.blobsListed);
    } finally {
      await again.close();
    }
  });
});

describe("search_audit_log when blobs cannot be read", () => {
  it("counts and names injected 500s and resets, and still returns the rest", async () => {
    const fresh = await startHarness({ emu: h.emu, config: { maxRetries: 0 } });
    try {
      h.emu.control.addFault({ route: "content", kind: "500", times: 6 });
      h.emu.control.addFault({ route: "content", kind: "reset", times: 2 });
      const r = await fresh.call("search_audit_log", { startTime: hoursAgo(12), endTime: hoursAgo(2) });
      const c = out(r).coverage;
      expect(r).toBeToolResult({ text: `Unread blob ${c.failures[0].contentId}` });
      expect(c.blobsFailed).toBe(8);
      expect(c.failures.filter((f) => f.code === "AF50000")).toHaveLength(6);
      expect(c.blobsFetched).toBe(c.blobsListed - 8);
      expect(fresh.logs.some((l) => JSON.stringify(l.data).includes("skipped blob"))).toBe(true);
    } finally {
      h.emu.control.clearFaults();
      await fresh.close();
    }
  });

  it("names at most 50 unread blobs in structured output but counts them all", async () => {
    const fresh = await startHarness({ emu: h.emu, config: { maxRetries: 0 } });
    try {
      h.emu.control.addFault({ route: "content", kind: "500", times: 60 });
      const r = await fresh.call("search_audit_log", { startTime: hoursAgo(40), endTime: hoursAgo(2) });
      const o = out(r);
      expect(o.coverage.blobsFailed).toBe(60);
      expect(o.coverage.failures).toHaveLength(50);
      expect(o.notes?.join(" ")).toContain("first 50 of 60 unread blobs");
      expect(r).toBeToolResult({ text: "... and 50 more unread blobs" });
    } finally {
      h.emu.control.clearFaults();
      await fresh.close();
    }
  });

  it("names a content type it could not list and still searches the others", async () => {
    const fresh = await startHarness({ emu: h.emu });
    try {
      h.emu.control.disableSubscription("DLP.All");
      const window = { startTime: hoursAgo(10), endTime: hoursAgo(4) };
      const r = await fresh.call("search_audit_log", {
        ...window,
        contentTypes: ["DLP.All", "audit.exchange"],
      });
      expect(r).toBeToolResult({
        text: "Could not list DLP.All",
        structured: { coverage: { listingFailures: [{ contentType: "DLP.All", code: "AF20023" }] } },
      });
      expect(out(r).coverage.blobsFetched).toBeGreaterThan(0);
      const only = await fresh.call("search_audit_log", { ...window, contentTypes: ["DLP.All"] });
      expect(only).toBeToolResult({ isError: true, text: "AF20023" });
    } finally {
      h.emu.control.reset();
      await fresh.close();
    }
  });

  it("counts expired blobs and names them", async () => {
    const fresh = await startHarness({ emu: h.emu });
    try {
      h.emu.control.expireContentBefore(new Date(Date.now() - 60 * 3_600_000));
      const r = await fresh.call("search_audit_log", { startTime: hoursAgo(72), endTime: hoursAgo(50) });
      expect(r).toBeToolResult();
      const c = out(r).coverage;
      expect(c.blobsExpired).toBeGreaterThan(0);
      expect(c.failures.some((f) => f.code === "AF20051")).toBe(true);
      expect(c.blobsFetched).toBeGreaterThan(0);
    } finally {
      h.emu.control.reset();
      await fresh.close();
    }
  });
});

describe("search_audit_log progress and cancellation", () => {
  it("reports increasing progress per blob", async () => {
    const fresh = await startHarness({ emu: h.emu });
    try {
      h.emu.control.setLatency(30, "content");
      const seen: { progress: number; total?: number; message?: string }[] = [];
      await fresh.client.callTool(
        { name: "search_audit_log", arguments: { startTime: hoursAgo(8), endTime: hoursAgo(1) } },
        { onprogress: (p) => seen.push(p) },
      );
      expect(seen.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < seen.length; i++) expect(seen[i].progress).toBeGreaterThan(seen[i - 1].progress);
      expect(seen.at(-1)?.progress).toBe(seen.at(-1)?.total);
      expect(seen[0].message).toMatch(/^fetched \d+\/\d+ blobs \(/);
    } finally {
      h.emu.control.reset();
      await fresh.close();
    }
  });

  it("returns promptly on cancel and starts no more blob requests", async () => {
    const fresh = await startHarness({ emu: h.emu });
    try {
      h.emu.control.setLatency(1_500, "content");
      h.emu.control.clearRequests();
      const controller = new AbortController();
      const started = Date.now();
      const call = fresh.client.callTool(
        { name: "search_audit_log", arguments: { startTime: hoursAgo(48), endTime: hoursAgo(1) } },
        { signal: controller.signal },
      );
      setTimeout(() => controller.abort(), 400);
      await expect(call).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(1_500);
      await new Promise((r) => setTimeout(r, 2_000));
      // Only the first wave (bounded concurrency) ever reached the emulator; 48 h holds hundreds of blobs.
      expect(blobGets(h)).toBeLessThanOrEqual(16);
    } finally {
      h.emu.control.reset();
      await fresh.close();
    }
  });
});

describe("search_audit_log input errors say what to fix", () => {
  it("refuses a window starting beyond the audit retention (180 days), before any API request", async () => {
    h.emu.control.clearRequests();
    const r = await h.call("search_audit_log", { startTime: hoursAgo(181 * 24), endTime: hoursAgo(1) });
    expect(r).toBeToolResult({
      isError: true,
      text: ["WINDOW_BEYOND_RETENTION", "180 days", "O365_AUDIT_RETENTION_DAYS"],
    });
    expect(h.emu.control.requests().filter((q) => q.route !== "token")).toEqual([]);
  });

  it("names close matches of an unknown record type", async () => {
    h.emu.control.clearRequests();
    const r = await h.call("search_audit_log", { recordTypes: ["AzureActiveDirectoryStsLogn"] });
    expect(r).toBeToolResult({ isError: true, text: "AzureActiveDirectoryStsLogon (15)" });
    expect(h.emu.control.requests().filter((q) => q.route !== "token")).toEqual([]);
  });

  it("refuses a start in the future and a field name that is not one, before any API request", async () => {
    h.emu.control.clearRequests();
    const future = await h.call("search_audit_log", {
      startTime: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(future).toBeToolResult({ isError: true, text: "INVALID_WINDOW" });
    const fields = await h.call("search_audit_log", { groupBy: ["Operation", "Id; DROP"] });
    expect(fields).toBeToolResult({ isError: true, text: "INVALID_FIELDS" });
    expect(h.emu.control.requests().filter((q) => q.route !== "token")).toEqual([]);
  });

  it("rejects a fresh cursor whose window has slid past the audit retention", async () => {
    const { encodeCursor } = await import("../../src/shape/cursor.js");
    const { packCursor } = await import("../../src/audit/query.js");
    const q = {
      startTime: hoursAgo(181 * 24),
      endTime: hoursAgo(7 * 24),
      contentTypes: ["Audit.Exchange" as const],
      filter: {},
    };
    const r = await h.call("search_audit_log", {
      cursor: encodeCursor("search_audit_log", packCursor({ q, o: 1, k: { time: 0, id: "x" } })),
    });
    expect(r).toBeToolResult({ isError: true, text: /INVALID_CURSOR[\s\S]*more than 180 days ago/ });
  });

  it("says how to start a subscription when no content type has one enabled", async () => {
    const none = await startHarness({ emulator: { subscribed: [] } });
    try {
      const r = await none.call("search_audit_log", {});
      expect(r).toBeToolResult({ isError: true, text: ["NO_SUBSCRIPTIONS", "start_subscription"] });
    } finally {
      await none.close();
    }
  });

  it("rejects a limit out of range", async () => {
    for (const limit of [0, 501]) {
      const r = await h.call("search_audit_log", { limit });
      expect(r).toBeToolResult({ isError: true, text: "limit" });
    }
  });

  it("rejects an invalid cursor and a stale one", async () => {
    const bad = await h.call("search_audit_log", { cursor: "not-a-cursor" });
    expect(bad).toBeToolResult({ isError: true, text: "INVALID_CURSOR" });
    const { encodeCursor } = await import("../../src/shape/cursor.js");
    const { packCursor } = await import("../../src/audit/query.js");
    const q = {
      startTime: hoursAgo(24),
      endTime: hoursAgo(1),
      contentTypes: ["Audit.Exchange" as const],
      filter: {},
    };
    const old = encodeCursor(
      "search_audit_log",
      packCursor({ q, o: 5, k: { time: 0, id: "x" } }),
      new Date(Date.now() - 2 * 86_400_000),
    );
    const stale = await h.call("search_audit_log", { cursor: old });
    expect(stale).toBeToolResult({ isError: true, text: /stale/ });
  });
});
