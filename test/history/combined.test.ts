import { describe, expect, it } from "vitest";
import type { AuditSearch, AuditSearchRequest, AuditSearchResult } from "../../src/audit/types.js";
import { O365Error } from "../../src/errors.js";
import { createCombinedSearch, feedEdge } from "../../src/history/combined.js";
import { QueryStore } from "../../src/history/store.js";
import type { AuditRecord } from "../../src/management/types.js";
import { caught } from "../helpers/caught.js";
import { fakeConfig } from "../helpers/fake-http.js";
import { apiRow, FakeAuditApi, type FakeQuery } from "./fake-api.js";

const NOW = new Date("2026-12-01T12:00:00Z");
const DAY = 86_400_000;
const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY).toISOString().slice(0, 19);
const rec = (id: string, daysAgo: number, op = "UserLoggedIn", ip = "203.0.113.66"): AuditRecord => ({
  Id: id,
  CreationTime: at(daysAgo),
  Operation: op,
  ClientIP: ip,
  RecordType: 15,
  Workload: "AzureActiveDirectory",
  UserId: "megan@contoso.example",
});

/** The feed engine as a fake: returns the records it holds inside the asked window, sorted, with counts. */
function fakeFeed(records: AuditRecord[]): AuditSearch & { asked: AuditSearchRequest[] } {
  const asked: AuditSearchRequest[] = [];
  return {
    asked,
    async search(req): Promise<AuditSearchResult> {
      asked.push(req);
      const s = Date.parse(req.startTime);
      const e = Date.parse(req.endTime);
      const inWindow = records.filter((r) => {
        const t = Date.parse(`${r.CreationTime}Z`);
        return t >= s && t < e;
      });
      return {
        matches: inWindow.slice(0, req.maxMatches ?? 500),
        totalMatches: inWindow.length,
        aggregates: req.groupBy?.includes("Operation")
          ? { Operation: [{ key: "New-InboxRule", count: inWindow.length }] }
          : {},
        coverage: {
          windows: [{ contentType: "Audit.Exchange", startTime: req.startTime, endTime: req.endTime }],
          blobsListed: 1,
          blobsFetched: 1,
          blobsFromCache: 0,
          blobsExpired: 0,
          blobsFailed: 0,
          failures: [],
          recordsScanned: inWindow.length,
          duplicatesDropped: 0,
          arrivalHorizonHours: 24,
          listedUntil: NOW.toISOString(),
          apiRequests: 2,
        },
        hasMore: inWindow.length > (req.maxMatches ?? 500),
        skipped: 0,
      };
    },
  };
}

function setup(
  opts: { feed?: AuditRecord[]; query?: () => FakeQuery; config?: Parameters<typeof fakeConfig>[0] } = {},
) {
  const feed = fakeFeed(opts.feed ?? [rec("rule", 2, "New-InboxRule")]);
  const api = new FakeAuditApi(
    opts.query ??
      (() => ({
        statuses: ["notStarted", "running", "succeeded"],
        pages: [
          [apiRow(rec("signin", 21)), apiRow(rec("consent", 21 - 0.01, "Consent to application."))],
          [apiRow(rec("signin", 21))],
        ],
      })),
  );
  const store = new QueryStore({ now: () => NOW.getTime(), log: () => {} });
  const search = createCombinedSearch({
    config: fakeConfig({ cloud: "commercial", historyWaitSeconds: 5, ...opts.config }),
    feed,
    api,
    store,
    now: () => NOW,
    schedule: { firstMs: 1, factor: 1, maxMs: 1 },
  });
  return { feed, api, store, search };
}

const thirtyDays = {
  startTime: new Date(NOW.getTime() - 30 * DAY).toISOString(),
  endTime: NOW.toISOString(),
  contentTypes: [],
  filter: {},
} satisfies AuditSearchRequest;

describe("combined search: the feed's 7 days plus the audit search API for older days", () => {
  it("leaves a window inside the feed's days to the feed engine alone (no audit search API call)", async () => {
    const { feed, api, search } = setup();
    const req = { ...thirtyDays, startTime: new Date(NOW.getTime() - 2 * DAY).toISOString() };
    const r = await search.search(req);
    expect(feed.asked).toEqual([req]);
    expect(api.calls).toEqual([]);
    expect(r.coverage.history).toBeUndefined();
  });

  it("splits 30 days at the feed's edge, merges in time order, dedupes by Id and says what history read", async () => {
    const { feed, api, search } = setup();
    const progress: string[] = [];
    const r = await search.search(thirtyDays, {
      onProgress: (p) => progress.push(`${p.done}/${p.total} ${p.message}`),
    });
    expect(r.matches.map((m) => m.Id)).toEqual(["signin", "consent", "rule"]);
    expect(r.matches[0].CreationTime).toBe(at(21));
    expect(r.totalMatches).toBe(3);
    const edge = feedEdge(NOW).toISOString();
    expect(feed.asked[0].startTime).toBe(edge);
    expect(api.created[0].start.getTime()).toBeLessThanOrEqual(Date.parse(thirtyDays.startTime));
    expect(api.created[0].end.toISOString()).toBe(edge);
    expect(r.coverage.history).toMatchObject({
      startTime: thirtyDays.startTime,
      endTime: edge,
      apiVersion: "beta",
      queryId: expect.any(String),
      status: "succeeded",
      reused: false,
      recordsRead: 3,
      recordCountLimitExceeded: false,
      complete: true,
    });
    expect(r.coverage.duplicatesDropped).toBe(1);
    expect(progress.some((p) => /running \(poll 1\)/.test(p))).toBe(true);
    const done = progress.map((p) => Number(p.split("/")[0]));
    expect(done).toEqual([...done].sort((a, b) => a - b));
  });

  it("reuses the query for the same question instead of creating a second one", async () => {
    const { api, search } = setup();
    await search.search(thirtyDays);
    const again = await search.search(thirtyDays);
    expect(api.calls.filter((c) => c.startsWith("create"))).toHaveLength(1);
    expect(again.coverage.history).toMatchObject({ reused: true, status: "succeeded" });
  });

  it("resumes the cursor's query id, never creating one", async () => {
    const { api, search } = setup();
    const first = await search.search(thirtyDays);
    const id = first.coverage.history?.queryId as string;
    const fresh = setup();
    fresh.api.queries.set(id, { ...api.queries.get(id)!, polls: 5 });
    const r = await fresh.search.search({ ...thirtyDays, history: { queryId: id, apiVersion: "beta" } });
    expect(fresh.api.calls.some((c) => c.startsWith("create"))).toBe(false);
    expect(r.coverage.history).toMatchObject({ queryId: id, reused: true });
  });

  it("creates a new query when the cursor's query has failed since (resuming it would fail every time)", async () => {
    const { api, search } = setup();
    const { query: failed } = await api.create();
    api.queries.set(failed.id, { statuses: ["failed"], pages: [], polls: 0 });
    const r = await search.search({ ...thirtyDays, history: { queryId: failed.id, apiVersion: "beta" } });
    expect(api.calls.filter((c) => c.startsWith("create"))).toHaveLength(2);
    expect(r.coverage.history).toMatchObject({ status: "succeeded", complete: true, reused: false });
    expect(r.coverage.history?.queryId).not.toBe(failed.id);
  });

  it("returns the feed part with status and no history records when the wait ends first", async () => {
    const { search } = setup({
      query: () => ({ statuses: ["running"], pages: [] }),
      config: { historyWaitSeconds: 0 },
    });
    const r = await search.search(thirtyDays);
    expect(r.matches.map((m) => m.Id)).toEqual(["rule"]);
    expect(r.coverage.history).toMatchObject({
      status: "running",
      complete: false,
      missing: expect.stringMatching(/still running[\s\S]*nextCursor/),
    });
  });

  it("never calls a failed or limit-exceeded query complete", async () => {
    const failed = await setup({ query: () => ({ statuses: ["failed"], pages: [] }) }).search.search(
      thirtyDays,
    );
    expect(failed.coverage.history).toMatchObject({
      status: "failed",
      complete: false,
      missing: expect.stringMatching(/ended failed/),
    });
    const capped = await setup({
      query: () => ({ statuses: ["succeeded"], pages: [[apiRow(rec("a", 20))]], limitExceeded: true }),
    }).search.search(thirtyDays);
    expect(capped.coverage.history).toMatchObject({
      recordCountLimitExceeded: true,
      recordCountLimit: 1_000_000,
      complete: false,
      missing: expect.stringMatching(/record limit \(1000000\)/),
    });
  });

  it("pages by key across both sources: after a history record, the rest of history then the feed", async () => {
    const { search } = setup();
    const first = await search.search({ ...thirtyDays, maxMatches: 1 });
    expect(first.matches.map((m) => m.Id)).toEqual(["signin"]);
    expect(first.hasMore).toBe(true);
    const key = { time: Date.parse(`${first.matches[0].CreationTime}Z`), id: "signin" };
    const second = await search.search({ ...thirtyDays, maxMatches: 5, after: key });
    expect(second.matches.map((m) => m.Id)).toEqual(["consent", "rule"]);
    expect(second.skipped).toBe(1);
    expect(second.totalMatches).toBe(3);
  });

  it("applies the client-side filter to history records too, and sums groupBy counts of both sources", async () => {
    const { search, api } = setup();
    const r = await search.search({
      ...thirtyDays,
      filter: { operations: ["New-InboxRule", "UserLoggedIn"] },
      groupBy: ["Operation"],
    });
    expect(api.created[0].filters).toEqual({ operationFilters: ["New-InboxRule", "UserLoggedIn"] });
    expect(r.matches.map((m) => m.Id)).toEqual(["signin", "rule"]);
    expect(r.aggregates.Operation).toEqual([
      { key: "New-InboxRule", count: 1 },
      { key: "UserLoggedIn", count: 1 },
    ]);
  });

  it("a failing feed part stops the history wait at once, and its error is the answer", async () => {
    const { api } = setup({
      query: () => ({ statuses: ["running"], pages: [] }),
      config: { historyWaitSeconds: 60 },
    });
    const failing: AuditSearch = {
      async search() {
        await new Promise((r) => setTimeout(r, 50));
        throw new O365Error({
          api: "management",
          code: "AF20022",
          message: "No subscription",
          hint: "start one",
        });
      },
    };
    const combined = createCombinedSearch({
      config: fakeConfig({ cloud: "commercial", historyWaitSeconds: 60 }),
      feed: failing,
      api,
      store: new QueryStore({ now: () => NOW.getTime(), log: () => {} }),
      now: () => NOW,
      schedule: { firstMs: 20, factor: 1, maxMs: 20 },
    });
    const started = Date.now();
    const e = await caught(combined.search(thirtyDays));
    expect(e.code).toBe("AF20022");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("refuses a window older than the feed in a cloud without the API, saying what to do instead", async () => {
    const { search, api } = setup({ config: { cloud: "gcchigh" } });
    const e = await caught(search.search(thirtyDays));
    expect(e.code).toBe("AUDIT_SEARCH_UNAVAILABLE");
    expect(e.message).toMatch(/does not exist in the gcchigh cloud/);
    expect(e.hint).toMatch(/last 7 days[\s\S]*Search-UnifiedAuditLog/);
    expect(api.calls).toEqual([]);
  });

  it("refuses a start beyond O365_AUDIT_RETENTION_DAYS, and a longer retention lets it through", async () => {
    const req = { ...thirtyDays, startTime: new Date(NOW.getTime() - 200 * DAY).toISOString() };
    const e = await caught(setup().search.search(req));
    expect(e.code).toBe("WINDOW_BEYOND_RETENTION");
    const premium = await setup({ config: { auditRetentionDays: 365 } }).search.search(req);
    expect(premium.coverage.history?.status).toBe("succeeded");
  });
});
