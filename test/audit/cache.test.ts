import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CachedBlob, ContentCache } from "../../src/audit/cache.js";
import { blob, record } from "./fake-management.js";

const now = () => new Date("2026-11-27T12:00:00Z");
const log = () => {};
const recordsOf = async (hit: CachedBlob | undefined) =>
  (await hit?.lines("all"))?.map((l) => JSON.parse(l ?? ""));
const fresh = (id: string, n = 3) =>
  blob(
    "Audit.Exchange",
    id,
    "2026-11-26T10:00:00.000Z",
    Array.from({ length: n }, (_, i) =>
      record({
        Id: `${id}-${i}`,
        CreationTime: "2026-11-26T09:00:00",
        Note: randomBytes(50).toString("hex"),
      }),
    ),
  );

describe("ContentCache", () => {
  it("returns what was put, from memory", async () => {
    const cache = new ContentCache({ tenantId: "t", now, log });
    const b = fresh("b1");
    await cache.put(b, b.records);
    const hit = await cache.get(b);
    expect(hit?.source).toBe("memory");
    expect(await recordsOf(hit)).toEqual(b.records);
    expect(hit?.count).toBe(b.records.length);
  });

  it("evicts the least recently used blobs past its byte budget", async () => {
    const cache = new ContentCache({ tenantId: "t", now, log, maxBytes: 12_000 });
    const blobs = Array.from({ length: 10 }, (_, i) => fresh(`b${i}`, 20));
    await cache.put(blobs[0], blobs[0].records);
    for (const b of blobs.slice(1)) {
      cache.beginSearch(); // each blob read by a later search
      await cache.get(blobs[0]); // keep b0 recently used
      await cache.put(b, b.records);
    }
    expect(cache.memoryBytes).toBeLessThanOrEqual(12_000);
    expect(await cache.get(blobs[0])).toBeDefined();
    expect(await cache.get(blobs[1])).toBeUndefined();
    expect(await cache.get(blobs[9])).toBeDefined();
  });

  it("keeps the blobs a scan already cached when the scan outgrows the budget", async () => {
    const cache = new ContentCache({ tenantId: "t", now, log, maxBytes: 12_000 });
    const blobs = Array.from({ length: 10 }, (_, i) => fresh(`b${i}`, 20));
    const hits = async () => {
      cache.beginSearch();
      let n = 0;
      for (const b of blobs) {
        if (await cache.get(b)) n++;
        else await cache.put(b, b.records);
      }
      return n;
    };
    expect(await hits()).toBe(0);
    const second = await hits();
    // Plain LRU would evict every blob before its reuse and hit none.
    expect(second).toBeGreaterThan(0);
    expect(await hits()).toBe(second);
    expect(cache.memoryBytes).toBeLessThanOrEqual(12_000);
  });

  it("never serves a blob past its contentExpiration", async () => {
    let t = now();
    const cache = new ContentCache({ tenantId: "t", now: () => t, log });
    const b = fresh("b1");
    await cache.put(b, b.records);
    t = new Date(Date.parse(b.contentExpiration) + 1);
    expect(await cache.get(b)).toBeUndefined();
  });

  it("keeps tenants apart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "o365-cache-"));
    const b = fresh("b1");
    await new ContentCache({ tenantId: "t1", now, log, dir }).put(b, b.records);
    expect(await new ContentCache({ tenantId: "t2", now, log, dir }).get(b)).toBeUndefined();
  });

  it("survives a new instance through the cache directory, leaving no temp files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "o365-cache-"));
    const b = fresh("b1");
    await new ContentCache({ tenantId: "t", now, log, dir }).put(b, b.records);
    const hit = await new ContentCache({ tenantId: "t", now, log, dir }).get(b);
    expect(hit?.source).toBe("disk");
    expect(await recordsOf(hit)).toEqual(b.records);
    expect(hit?.count).toBe(b.records.length);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("is safe when two instances write the same blob at once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "o365-cache-"));
    const b = fresh("b1", 200);
    const writers = Array.from({ length: 4 }, () => new ContentCache({ tenantId: "t", now, log, dir }));
    await Promise.all(writers.map((w) => w.put(b, b.records)));
    expect(readdirSync(dir)).toHaveLength(1);
    expect((await new ContentCache({ tenantId: "t", now, log, dir }).get(b))?.count).toBe(200);
  });

  it("treats an unreadable cache file as a miss and removes it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "o365-cache-"));
    const b = fresh("b1");
    await new ContentCache({ tenantId: "t", now, log, dir }).put(b, b.records);
    const [name] = readdirSync(dir);
    writeFileSync(join(dir, name), "garbage");
    expect(await new ContentCache({ tenantId: "t", now, log, dir }).get(b)).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("prunes expired files when it starts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "o365-cache-"));
    const b = fresh("b1");
    await new ContentCache({ tenantId: "t", now, log, dir }).put(b, b.records);
    writeFileSync(join(dir, "deadbeef.1000.json.gz"), "old");
    const lines: string[] = [];
    const cache = new ContentCache({ tenantId: "t", now, log: (l) => lines.push(l), dir });
    await expect.poll(() => readdirSync(dir).length).toBe(1);
    expect((await cache.get(b))?.source).toBe("disk");
    cache.close();
  });
});
