// search_audit_log over 30 days, end to end: a real MCP client, the real server, the emulator's Purview
// audit search API over HTTPS (audit-search-api.md). Only the history path can reach the 21-day foothold.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistoryCoverage } from "../../src/audit/types.js";
import type { searchAuditLog } from "../../tools/search_audit_log.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";

const out = outputOf<typeof searchAuditLog>;
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
const history = (r: object) => out(r).coverage.history as unknown as HistoryCoverage;
/** The emulator's audit search requests: method and path, e.g. "POST /beta/security/auditLog/queries". */
const auditCalls = (h: Harness) =>
  h.emu.control
    .requests()
    .filter((r) => r.route === "auditsearch")
    .map((r) => `${r.method} ${r.path} ${r.status}`);
const creates = (h: Harness) => auditCalls(h).filter((c) => c.startsWith("POST"));
/** A 30-day search reads 7 days of feed blobs too: slow on a loaded machine. */
const WHOLE = 120_000;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ emulator: { auditQueryRunningMs: 300 } });
});
afterAll(async () => {
  await h?.close();
});

describe("search_audit_log: 30 days through the feed and the audit search API", () => {
  it(
    "finds the 21-day-old consent and the recent inbox rule in one result, in time order, without duplicates",
    async () => {
      const i = h.emu.incident;
      h.emu.control.clearRequests();
      // The sign-in and consent are Entra records, the rule Exchange: two content types keep the feed small.
      const r = await h.client.callTool(
        {
          name: "search_audit_log",
          arguments: {
            startTime: daysAgo(30),
            clientIps: [i.attackerIp],
            contentTypes: ["Audit.AzureActiveDirectory", "Audit.Exchange"],
            limit: 500,
            fields: ["*"],
          },
        },
        { timeout: WHOLE },
      );
      expect(r).toBeToolResult({ isError: false, text: ["History", "complete"] });
      const matches = out(r).matches;
      const ops = matches.map((m) => m.Operation);
      expect(ops).toContain("Consent to application.");
      expect(ops).toContain("New-InboxRule");
      const consent = matches.find((m) => m.Operation === "Consent to application.");
      expect(JSON.stringify(consent)).toContain(i.consentAppName);
      // The record looks as the feed writes it: no OData annotations, zone-less CreationTime.
      expect(JSON.stringify(consent)).not.toContain("@odata");
      expect(String(consent?.CreationTime)).not.toMatch(/Z$/);
      const times = matches.map((m) => Date.parse(`${String(m.CreationTime).replace(/Z$/, "")}Z`));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      const ids = matches.map((m) => m.Id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ops.indexOf("Consent to application.")).toBeLessThan(ops.indexOf("New-InboxRule"));
      // Coverage names both sources: the feed's windows and the history query.
      const c = out(r).coverage;
      expect(c.windows.length).toBeGreaterThan(0);
      expect(history(r)).toMatchObject({
        status: "succeeded",
        complete: true,
        recordCountLimitExceeded: false,
        serverFilters: ["clientIps"],
        queryId: expect.any(String),
      });
      expect(history(r).recordsRead).toBeGreaterThan(0);
      expect(creates(h)).toHaveLength(1);
    },
    WHOLE,
  );

  it(
    "counts groupBy with distinct over both sources as one scan would: the distinct values of history and feed united",
    async () => {
      const r = await h.client.callTool(
        {
          name: "search_audit_log",
          arguments: {
            startTime: daysAgo(30),
            clientIps: [h.emu.incident.attackerIp],
            contentTypes: ["Audit.AzureActiveDirectory", "Audit.Exchange"],
            groupBy: ["UserId"],
            distinct: ["Operation"],
            limit: 500,
            fields: ["UserId", "Operation"],
          },
        },
        { timeout: WHOLE },
      );
      expect(r).toBeToolResult({ isError: false });
      const { matches, totalMatches, aggregates } = out(r);
      expect(matches).toHaveLength(totalMatches);
      expect(history(r).recordsRead).toBeGreaterThan(0);
      // What the matches themselves say: each user's operations, from the 21-day foothold to the recent rule.
      const opsOf = new Map<string, Set<string>>();
      for (const m of matches) {
        const user = String(m.UserId);
        opsOf.set(user, (opsOf.get(user) ?? new Set()).add(String(m.Operation)));
      }
      const victim = [...opsOf].find(
        ([, ops]) => ops.has("Consent to application.") && ops.has("New-InboxRule"),
      );
      expect(victim).toBeDefined();
      const rows = aggregates?.UserId ?? [];
      expect(rows).toHaveLength(opsOf.size);
      for (const row of rows) {
        const ops = opsOf.get(row.key) ?? new Set();
        expect(row.count).toBe(matches.filter((m) => String(m.UserId) === row.key).length);
        expect(row.distinct).toEqual({ Operation: ops.size });
        if (ops.size <= 5) expect(row.values).toEqual({ Operation: [...ops].sort() });
      }
    },
    WHOLE,
  );

  it(
    "applies contentTypes to history records too (by workload), and says so",
    async () => {
      const r = await h.client.callTool(
        {
          name: "search_audit_log",
          arguments: {
            startTime: daysAgo(30),
            clientIps: [h.emu.incident.attackerIp],
            contentTypes: ["Audit.Exchange"],
            limit: 500,
          },
        },
        { timeout: WHOLE },
      );
      expect(r).toBeToolResult({ isError: false });
      const ops = out(r).matches.map((m) => m.Operation);
      expect(ops).toContain("New-InboxRule");
      // The 21-day-old sign-in and consent are Entra records: not Audit.Exchange content.
      expect(ops).not.toContain("Consent to application.");
      expect(ops).not.toContain("UserLoggedIn");
      expect(history(r).caveats?.join(" ")).toMatch(/contentTypes: .*by workload/);
    },
    WHOLE,
  );

  it("keeps a last-7-days question on the feed: no audit query for its oldest hour", async () => {
    h.emu.control.clearRequests();
    const r = await h.client.callTool(
      {
        name: "search_audit_log",
        arguments: { startTime: daysAgo(7), clientIps: [h.emu.incident.attackerIp], limit: 500 },
      },
      { timeout: WHOLE },
    );
    expect(r).toBeToolResult({ isError: false });
    expect(out(r).coverage.history).toBeUndefined();
    expect(auditCalls(h)).toEqual([]);
  });

  it("reports the query's status as progress while it runs", async () => {
    const fresh = await startHarness({ emu: h.emu });
    try {
      h.emu.control.configureAuditSearch({ runningMs: 2_500 });
      const seen: { progress: number; total?: number; message?: string }[] = [];
      await fresh.client.callTool(
        {
          name: "search_audit_log",
          arguments: { startTime: daysAgo(29), endTime: daysAgo(28), operations: ["UserLoggedIn"] },
        },
        { onprogress: (p) => seen.push(p) },
      );
      const statuses = seen.map((p) => p.message ?? "").filter((m) => m.startsWith("audit search query"));
      expect(statuses.some((m) => /: (notStarted|running)/.test(m))).toBe(true);
      expect(statuses.some((m) => /: succeeded/.test(m))).toBe(true);
      for (let k = 1; k < seen.length; k++) expect(seen[k].progress).toBeGreaterThan(seen[k - 1].progress);
    } finally {
      h.emu.control.reset();
      await fresh.close();
    }
  });

  it("stops polling when the client cancels (the query stays on the service)", async () => {
    const fresh = await startHarness({ emu: h.emu });
    try {
      h.emu.control.configureAuditSearch({ runningMs: 60_000 });
      h.emu.control.clearRequests();
      const controller = new AbortController();
      const call = fresh.client.callTool(
        {
          name: "search_audit_log",
          arguments: { startTime: daysAgo(28), endTime: daysAgo(27), operations: ["FileDownloaded"] },
        },
        { signal: controller.signal },
      );
      setTimeout(() => controller.abort(), 3_000);
      await expect(call).rejects.toThrow();
      const atCancel = auditCalls(h).length;
      await new Promise((r) => setTimeout(r, 3_000));
      expect(auditCalls(h).length).toBeLessThanOrEqual(atCancel + 1);
      expect(
        auditCalls(h).filter((c) => c.startsWith("GET") && /queries\/[^/]+ /.test(c)).length,
      ).toBeGreaterThan(0);
    } finally {
      h.emu.control.reset();
      await fresh.close();
    }
  });

  it(
    "returns within the bounded wait with a cursor that resumes the same query id (no second create)",
    async () => {
      const fresh = await startHarness({ emu: h.emu, config: { historyWaitSeconds: 1 } });
      try {
        h.emu.control.configureAuditSearch({ runningMs: 3_000 });
        h.emu.control.clearRequests();
        const args = { startTime: daysAgo(27), endTime: daysAgo(20), clientIps: [h.emu.incident.attackerIp] };
        const first = await fresh.call("search_audit_log", args);
        expect(first).toBeToolResult({ isError: false, text: ["INCOMPLETE", "still", "nextCursor"] });
        const pending = history(first);
        expect(pending.complete).toBe(false);
        expect(pending.status).toMatch(/notStarted|running/);
        const cursor = out(first).nextCursor;
        expect(cursor).toEqual(expect.any(String));
        // Feed matches are there already; the foothold is not yet.
        expect(out(first).matches.map((m) => m.Operation)).not.toContain("Consent to application.");
        await new Promise((r) => setTimeout(r, 3_000));
        const second = await fresh.call("search_audit_log", { cursor });
        expect(history(second)).toMatchObject({
          queryId: pending.queryId,
          status: "succeeded",
          complete: true,
          reused: true,
        });
        expect(out(second).matches.map((m) => m.Operation)).toContain("Consent to application.");
        expect(creates(h)).toHaveLength(1);
        // The same question asked again (no cursor) reuses the query too.
        const third = await fresh.call("search_audit_log", args);
        expect(history(third)).toMatchObject({ queryId: pending.queryId, reused: true });
        expect(creates(h)).toHaveLength(1);
      } finally {
        h.emu.control.reset();
        await fresh.close();
      }
    },
    WHOLE,
  );

  it("probes v1.0 and falls back to beta where v1.0 answers 404", async () => {
    const fresh = await startHarness({ emu: h.emu });
    try {
      h.emu.control.configureAuditSearch({ v1Available: false });
      h.emu.control.clearRequests();
      const r = await fresh.call("search_audit_log", {
        startTime: daysAgo(26),
        endTime: daysAgo(25),
        operations: ["UserLoggedIn"],
      });
      expect(history(r)).toMatchObject({ apiVersion: "beta", status: "succeeded" });
      const calls = auditCalls(h);
      expect(calls[0]).toMatch(/^GET \/v1\.0\/security\/auditLog\/queries 404$/);
      expect(calls.slice(1).every((c) => c.includes("/beta/"))).toBe(true);
    } finally {
      h.emu.control.reset();
      await fresh.close();
    }
  });
});

describe("search_audit_log history faults: what a user sees", () => {
  it("waits out a 429 with Retry-After on the query submission, then succeeds", async () => {
    const fresh = await startHarness({ emu: h.emu });
    try {
      h.emu.control.configureAuditSearch({ throttleNext: 1, retryAfterSeconds: 1 });
      h.emu.control.clearRequests();
      const started = Date.now();
      const r = await fresh.call("search_audit_log", {
        startTime: daysAgo(25),
        endTime: daysAgo(24),
        operations: ["UserLoggedIn"],
      });
      expect(history(r).status).toBe("succeeded");
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
      expect(creates(h).map((c) => c.split(" ")[2])).toEqual(["429", "201"]);
    } finally {
      h.emu.control.reset();
      await fresh.close();
    }
  });

  it("says the service is throttling, how long it asked to wait, and what to do, when the wait is too long", async () => {
    const fresh = await startHarness({ emu: h.emu });
    try {
      h.emu.control.configureAuditSearch({ throttleNext: 5, retryAfterSeconds: 600 });
      const r = await fresh.call("search_audit_log", {
        startTime: daysAgo(24),
        endTime: daysAgo(23),
        operations: ["UserLoggedIn"],
      });
      expect(r).toBeToolResult({
        isError: true,
        text: ["429", "throttling", "600s", "200 query submissions"],
      });
    } finally {
      h.emu.control.reset();
      await fresh.close();
    }
  });

  it("says a failed query is incomplete, never complete, and that asking again creates a new one", async () => {
    const fresh = await startHarness({ emu: h.emu });
    try {
      h.emu.control.configureAuditSearch({ failNext: 1 });
      const r = await fresh.call("search_audit_log", {
        startTime: daysAgo(23),
        endTime: daysAgo(22),
        operations: ["UserLoggedIn"],
      });
      expect(r).toBeToolResult({ isError: false, text: ["failed", "INCOMPLETE", "creates a new query"] });
      expect(history(r)).toMatchObject({ status: "failed", complete: false });
    } finally {
      h.emu.control.reset();
      await fresh.close();
    }
  });

  it("never resumes a failed query: the next page's cursor asks a new one", async () => {
    const fresh = await startHarness({ emu: h.emu });
    try {
      h.emu.control.configureAuditSearch({ failNext: 1 });
      h.emu.control.clearRequests();
      // Feed matches past the first page give a nextCursor while the history part has failed.
      const first = await fresh.call("search_audit_log", {
        startTime: daysAgo(10),
        contentTypes: ["Audit.AzureActiveDirectory"],
        operations: ["UserLoggedIn"],
        limit: 1,
      });
      expect(history(first)).toMatchObject({ status: "failed", complete: false });
      const cursor = out(first).nextCursor;
      expect(cursor).toEqual(expect.any(String));
      const second = await fresh.call("search_audit_log", { cursor });
      expect(second).toBeToolResult({ isError: false });
      expect(history(second)).toMatchObject({ status: "succeeded", complete: true, reused: false });
      expect(history(second).queryId).not.toBe(history(first).queryId);
      expect(creates(h)).toHaveLength(2);
    } finally {
      h.emu.control.reset();
      await fresh.close();
    }
  });

  it("says when the service stopped at its record limit", async () => {
    const fresh = await startHarness({ emu: h.emu });
    try {
      h.emu.control.configureAuditSearch({ recordCountLimit: 5 });
      const r = await fresh.call("search_audit_log", { startTime: daysAgo(22), endTime: daysAgo(21) });
      expect(r).toBeToolResult({
        isError: false,
        text: ["record limit exceeded", "INCOMPLETE", "narrow the window"],
      });
      expect(history(r)).toMatchObject({
        recordCountLimitExceeded: true,
        recordCountLimit: 5,
        complete: false,
      });
    } finally {
      h.emu.control.reset();
      await fresh.close();
    }
  });

  it("names the missing permission and its fix when the app lacks AuditLogsQuery.Read.All (403)", async () => {
    const fresh = await startHarness({ emu: h.emu, auth: "no-audit-query" });
    try {
      // Entirely older than the feed, with the content type given: only the audit search API is asked.
      const r = await fresh.call("search_audit_log", {
        startTime: daysAgo(30),
        endTime: daysAgo(10),
        contentTypes: ["Audit.AzureActiveDirectory"],
      });
      expect(r).toBeToolResult({
        isError: true,
        text: ["403", "AuditLogsQuery.Read.All", "admin consent", "AuditLog.Read.All alone is not enough"],
      });
    } finally {
      await fresh.close();
    }
  });
});
