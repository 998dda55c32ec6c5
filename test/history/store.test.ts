import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { filterKey, QUERY_REUSE_MS, QueryStore, type StoredQuery } from "../../src/history/store.js";

const T = "tenant";
const entry = (over: Partial<StoredQuery> = {}): StoredQuery => ({
  tenantId: T,
  filterKey: filterKey({ ipAddressFilters: ["203.0.113.66"] }),
  start: 1000,
  end: 5000,
  queryId: "q1",
  version: "beta",
  createdAt: 0,
  status: "succeeded",
  ...over,
});

describe("QueryStore: queries this server created, reused while their results are available", () => {
  it("finds a query whose window covers the question, for the same tenant and filters only", async () => {
    const store = new QueryStore({ now: () => 10, log: () => {} });
    await store.put(entry());
    const key = entry().filterKey;
    expect((await store.find(T, key, 2000, 4000))?.queryId).toBe("q1");
    expect(await store.find(T, key, 500, 4000)).toBeUndefined();
    expect(await store.find("other", key, 2000, 4000)).toBeUndefined();
    expect(await store.find(T, filterKey({}), 2000, 4000)).toBeUndefined();
  });

  it("gives equal keys to equal filters in any key order", () => {
    expect(filterKey({ operationFilters: ["a"], ipAddressFilters: ["b"] })).toBe(
      filterKey({ ipAddressFilters: ["b"], operationFilters: ["a"] }),
    );
  });

  it("never reuses a failed or cancelled query, nor one older than a day", async () => {
    let now = 10;
    const store = new QueryStore({ now: () => now, log: () => {} });
    await store.put(entry());
    await store.update("q1", "failed");
    expect(await store.find(T, entry().filterKey, 2000, 4000)).toBeUndefined();
    await store.put(entry({ queryId: "q2", status: "running" }));
    expect((await store.find(T, entry().filterKey, 2000, 4000))?.queryId).toBe("q2");
    now = QUERY_REUSE_MS + 1;
    expect(await store.find(T, entry().filterKey, 2000, 4000)).toBeUndefined();
  });

  it("prefers a succeeded query over a running one", async () => {
    const store = new QueryStore({ now: () => 10, log: () => {} });
    await store.put(entry({ queryId: "running", status: "running" }));
    await store.put(entry({ queryId: "done" }));
    expect((await store.find(T, entry().filterKey, 2000, 4000))?.queryId).toBe("done");
  });

  it("persists under O365_CACHE_DIR (mode 0600) so a restarted server reuses the query", async () => {
    const dir = mkdtempSync(join(tmpdir(), "o365-history-store-"));
    const first = new QueryStore({ dir, now: () => 10, log: () => {} });
    await first.put(entry());
    const file = join(dir, "audit-search-queries.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8")).queries[0].queryId).toBe("q1");
    const second = new QueryStore({ dir, now: () => 10, log: () => {} });
    expect((await second.find(T, entry().filterKey, 2000, 4000))?.queryId).toBe("q1");
    await second.forget("q1");
    const third = new QueryStore({ dir, now: () => 10, log: () => {} });
    expect(await third.find(T, entry().filterKey, 2000, 4000)).toBeUndefined();
  });

  it("starts empty on a damaged file, and says so", async () => {
    const dir = mkdtempSync(join(tmpdir(), "o365-history-store-"));
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(dir, "audit-search-queries.json"), "{not json");
    const lines: string[] = [];
    const store = new QueryStore({ dir, now: () => 10, log: (l) => lines.push(l) });
    expect(await store.find(T, "k", 0, 1)).toBeUndefined();
    expect(lines.join("\n")).toMatch(/could not read|damaged/);
  });
});
