import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createAuditSearch } from "../../src/audit/search.js";
import type { AuditSearchRequest, SearchProgress } from "../../src/audit/types.js";
import type { Config } from "../../src/config/types.js";
import { O365Error } from "../../src/errors.js";
import { blob, type FakeBlob, FakeManagement, record } from "./fake-management.js";

const now = () => new Date("2026-11-27T12:00:00Z");
// A 6 h arrival horizon: the fixture's windows (ending 2026-11-26T12:00) are closed well before now.
const config = { tenantId: "tenant-1", contentArrivalHours: 6 } as Config;

function tenant(): FakeBlob[] {
  return [
    blob("Audit.Exchange", "ex1", "2026-11-26T02:00:00.000Z", [
      record({
        Id: "r1",
        CreationTime: "2026-11-26T01:00:00",
        UserId: "victim@contoso.com",
        ClientIP: "203.0.113.9:4431",
      }),
      record({ Id: "r2", CreationTime: "2026-11-26T00:30:00", UserId: "bob@contoso.com" }),
    ]),
    blob("Audit.Exchange", "ex2", "2026-11-26T03:00:00.000Z", [
      record({
        Id: "r1",
        CreationTime: "2026-11-26T01:00:00",
        UserId: "victim@contoso.com",
        ClientIP: "203.0.113.9:4431",
      }),
      record({
        Id: "r3",
        CreationTime: "2026-11-26T02:10:00",
        UserId: "victim@contoso.com",
        Operation: "New-InboxRule",
      }),
    ]),
    blob("Audit.AzureActiveDirectory", "aad1", "2026-11-26T04:00:00.000Z", [
      record({
        Id: "r4",
        CreationTime: "2026-11-26T03:00:00",
        UserId: "victim@contoso.com",
        Operation: "UserLoggedIn",
        RecordType: 15,
        ClientIP: null,
        ActorIpAddress: "203.0.113.9",
      }),
    ]),
  ];
}

/** Three SharePoint blobs, for a second search running beside one over Exchange. */
function otherTenantBlobs(): FakeBlob[] {
  return ["sp-a", "sp-b", "sp-c"].map((id, i) =>
    blob("Audit.SharePoint", id, `2026-11-26T0${i + 2}:00:00.000Z`, [
      record({ Id: `${id}-r`, CreationTime: `2026-11-26T0${i + 1}:00:00`, UserId: "bob@contoso.com" }),
    ]),
  );
}

const req = (over: Partial<AuditSearchRequest> = {}): AuditSearchRequest => ({
  startTime: "2026-11-26T00:00:00Z",
  endTime: "2026-11-26T12:00:00Z",
  contentTypes: ["Audit.Exchange", "Audit.AzureActiveDirectory"],
  filter: {},
  ...over,
});

const engine = (management: FakeManagement) =>
  createAuditSearch({ config, management, now, log: () => {}, fetchConcurrency: 4 });

describe("audit search engine", () => {
  it("finds records by user and IP across content types, deduped and sorted by CreationTime", async () => {
    const m = new FakeManagement(tenant());
    const out = await engine(m).search(
      req({ filter: { users: ["VICTIM@contoso.com"], clientIps: ["203.0.113.9"] } }),
    );
    expect(out.matches.map((r) => r.Id)).toEqual(["r1", "r4"]);
    expect(out.totalMatches).toBe(2);
    expect(out.coverage.duplicatesDropped).toBe(1);
    expect(out.coverage.blobsListed).toBe(3);
    expect(out.coverage.blobsFetched).toBe(3);
    expect(out.coverage.recordsScanned).toBe(5);
    expect(out.coverage.apiRequests).toBe(m.listCalls.length + m.blobGets.length);
  });

  it("counts groupBy aggregates over every match, not only the returned page", async () => {
    const out = await engine(new FakeManagement(tenant())).search(
      req({ groupBy: ["UserId"], maxMatches: 1 }),
    );
    expect(out.matches).toHaveLength(1);
    expect(out.hasMore).toBe(true);
    expect(out.aggregates.UserId).toEqual([
      { key: "victim@contoso.com", count: 3 },
      { key: "bob@contoso.com", count: 1 },
    ]);
  });

  it("makes no blob requests when the same question is asked twice", async () => {
    const m = new FakeManagement(tenant());
    const search = engine(m);
    await search.search(req());
    const gets = m.blobGets.length;
    const lists = m.listCalls.length;
    const again = await search.search(req());
    expect(m.blobGets.length).toBe(gets);
    expect(again.coverage.blobsFromCache).toBe(3);
    expect(again.coverage.blobsFetched).toBe(0);
    // The windows are closed (they ended long before now): their listings are cached too.
    expect(m.listCalls.length).toBe(lists);
    expect(again.coverage.apiRequests).toBe(0);
  });

  it("takes its memory budget from config.cacheMemoryMb: 0 keeps nothing in memory", async () => {
    const m = new FakeManagement(tenant());
    const search = createAuditSearch({
      config: { ...config, cacheMemoryMb: 0 },
      management: m,
      now,
      log: () => {},
    });
    await search.search(req());
    const again = await search.search(req());
    expect(again.coverage.blobsFromCache).toBe(0);
    expect(again.coverage.blobsFetched).toBe(3);
  });

  it("counts and names failed and expired blobs and still returns what it found", async () => {
    const m = new FakeManagement(tenant());
    m.failing.set(
      "ex2",
      new O365Error({
        api: "management",
        status: 500,
        code: "AF50000",
        message: "An internal error occurred.",
        hint: "-",
      }),
    );
    m.failing.set(
      "aad1",
      new O365Error({
        api: "management",
        code: "AF20051",
        message: "Content has already expired.",
        hint: "-",
      }),
    );
    const notices: string[] = [];
    const out = await engine(m).search(req(), { onNotice: (n) => notices.push(n.message) });
    expect(out.matches.map((r) => r.Id)).toEqual(["r2", "r1"]);
    expect(out.coverage.blobsFailed).toBe(1);
    expect(out.coverage.blobsExpired).toBe(1);
    expect(out.coverage.failures.map((f) => [f.contentId, f.code])).toEqual([
      ["ex2", "AF50000"],
      ["aad1", "AF20051"],
    ]);
    expect(notices.some((n) => n.includes("ex2"))).toBe(true);
  });

  it("does not request a blob whose contentExpiration has passed", async () => {
    const blobs = tenant();
    blobs[0].contentExpiration = "2026-11-27T00:00:00.000Z";
    const m = new FakeManagement(blobs);
    const out = await engine(m).search(req());
    expect(m.blobGets.some((u) => u.endsWith("/ex1"))).toBe(false);
    expect(out.coverage.blobsExpired).toBe(1);
    expect(out.coverage.failures[0].contentId).toBe("ex1");
  });

  it("reports a listing failure in coverage and throws when nothing could be listed", async () => {
    const m = new FakeManagement(tenant());
    const af20022 = new O365Error({
      api: "management",
      code: "AF20022",
      message: "No subscription",
      hint: "start it",
    });
    m.failingLists.set("Audit.AzureActiveDirectory", af20022);
    const out = await engine(m).search(req());
    expect(out.coverage.listingFailures?.[0]).toMatchObject({
      contentType: "Audit.AzureActiveDirectory",
      code: "AF20022",
    });
    await expect(engine(m).search(req({ contentTypes: ["Audit.AzureActiveDirectory"] }))).rejects.toBe(
      af20022,
    );
  });

  it("reports progress per blob with increasing counts", async () => {
    const progress: SearchProgress[] = [];
    await engine(new FakeManagement(tenant())).search(req(), { onProgress: (p) => progress.push(p) });
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3]);
    expect(progress.every((p) => p.total === 3)).toBe(true);
    expect(progress[0].message).toMatch(/^fetched 1\/3 blobs \(Audit\.\w+ 2026-11-26\)$/);
  });

  it("keeps blob requests within the concurrency bound", async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      blob("Audit.General", `g${i}`, `2026-11-26T05:${String(i).padStart(2, "0")}:00.000Z`, []),
    );
    const m = new FakeManagement(many);
    m.latencyMs = 5;
    const out = await engine(m).search(req({ contentTypes: ["Audit.General"] }));
    expect(out.coverage.blobsFetched).toBe(30);
    expect(m.maxInFlight).toBe(4);
  });

  it("keeps requests in flight while the byte budget bounds the bodies held at once", async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      blob("Audit.General", `g${i}`, `2026-11-26T05:${String(i).padStart(2, "0")}:00.000Z`, []),
    );
    const m = new FakeManagement(many); // every blob reports 100 bytes
    m.latencyMs = 5;
    const search = createAuditSearch({
      config,
      management: m,
      now,
      log: () => {},
      fetchConcurrency: 8,
      inFlightBytes: 250,
    });
    let maxHeld = 0;
    m.onAdmitted = () => {
      maxHeld = Math.max(maxHeld, search.budget.heldBytes);
    };
    const out = await search.search(req({ contentTypes: ["Audit.General"] }));
    expect(out.coverage.blobsFetched).toBe(30);
    // Waiting on the service holds no bytes: all 8 requests go out, but at most two bodies are held.
    expect(m.maxInFlight).toBe(8);
    expect(maxHeld).toBe(200);
    expect(search.budget.heldBytes).toBe(0);
  });

  it("fetches a blob larger than the whole budget alone, without starving it behind small ones", async () => {
    const many = Array.from({ length: 20 }, (_, i) =>
      blob("Audit.General", `g${i}`, `2026-11-26T05:${String(i).padStart(2, "0")}:00.000Z`, [
        record({ Id: `r${i}`, CreationTime: `2026-11-26T04:${String(i).padStart(2, "0")}:00` }),
      ]),
    );
    const m = new FakeManagement(many);
    m.blobBytes.set("g3", 10_000);
    m.latencyMs = 2;
    const search = createAuditSearch({
      config,
      management: m,
      now,
      log: () => {},
      fetchConcurrency: 4,
      inFlightBytes: 250,
    });
    const held: number[] = [];
    m.onAdmitted = () => held.push(search.budget.heldBytes);
    const out = await search.search(req({ contentTypes: ["Audit.General"] }));
    expect(out.coverage.blobsFetched).toBe(20);
    expect(out.coverage.blobsFailed).toBe(0);
    expect(held).toContain(10_000); // admitted, and alone
    expect(held.every((h) => h <= 250 || h === 10_000)).toBe(true);
  });

  it("keeps fewer requests in flight after AF429 retries (adaptive concurrency)", async () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      blob(
        "Audit.General",
        `g${i}`,
        `2026-11-26T0${Math.floor(i / 10)}:${String(i % 60).padStart(2, "0")}:00.000Z`,
        [],
      ),
    );
    const calm = new FakeManagement(many);
    calm.latencyMs = 3;
    const free = createAuditSearch({ config, management: calm, now, log: () => {} });
    await free.search(req({ contentTypes: ["Audit.General"] }));
    // No throttle: slow start takes it past the initial 8.
    expect(Math.max(...calm.inFlightAtStart)).toBeGreaterThan(8);

    const m = new FakeManagement(many);
    m.latencyMs = 3;
    m.throttleFirst = 3;
    const search = createAuditSearch({ config, management: m, now, log: () => {} });
    const out = await search.search(req({ contentTypes: ["Audit.General"] }));
    expect(out.coverage.blobsFetched).toBe(60);
    // Three AF429 signs halve 8 -> 4 -> 2 -> 2 while the first 8 run; then it grows about one per window.
    expect(m.inFlightAtStart[8]).toBeLessThanOrEqual(3);
    expect(Math.max(...m.inFlightAtStart.slice(8, 16))).toBeLessThanOrEqual(5);
    expect(Math.max(...m.inFlightAtStart)).toBeLessThan(Math.max(...calm.inFlightAtStart));
  });

  it("says what the memory cache could not keep, and keeps within its budget", async () => {
    const big = (i: number) =>
      blob("Audit.General", `b${i}`, `2026-11-26T05:${String(i).padStart(2, "0")}:00.000Z`, [
        record({ Id: `r${i}`, CreationTime: "2026-11-26T04:00:00", Payload: `${i}`.repeat(20_000) }),
      ]);
    const m = new FakeManagement(Array.from({ length: 12 }, (_, i) => big(i)));
    const search = createAuditSearch({ config, management: m, now, log: () => {}, cacheMaxBytes: 2000 });
    const notices: string[] = [];
    await search.search(req({ contentTypes: ["Audit.General"] }), {
      onNotice: (n) => notices.push(n.message),
    });
    expect(search.cache.memoryBytes).toBeLessThanOrEqual(2000);
    expect(
      notices.some((n) => /did not fit the 0\.0 MiB memory budget/.test(n) && /O365_CACHE_MEMORY_MB/.test(n)),
    ).toBe(true);
  });

  it("still answers when a cache write fails, and says the blob was not kept", async () => {
    const m = new FakeManagement(tenant());
    const search = engine(m);
    search.cache.put = async () => {
      throw new Error("deflate failed");
    };
    const notices: string[] = [];
    const out = await search.search(req({ filter: { users: ["victim@contoso.com"] } }), {
      onNotice: (n) => notices.push(n.message),
    });
    expect(out.totalMatches).toBe(3);
    expect(notices.some((n) => /3 blob\(s\) could not be kept \(deflate failed\)/.test(n))).toBe(true);
  });

  it("counts only its own blobs in what the cache could not keep, with another search running", async () => {
    const search = createAuditSearch({
      config,
      management: new FakeManagement([...tenant(), ...otherTenantBlobs()]),
      now,
      log: () => {},
      fetchConcurrency: 4,
      cacheMaxBytes: 0,
    });
    const notices: string[][] = [[], []];
    await Promise.all([
      search.search(req({ contentTypes: ["Audit.Exchange"] }), {
        onNotice: (n) => notices[0].push(n.message),
      }),
      search.search(req({ contentTypes: ["Audit.SharePoint"] }), {
        onNotice: (n) => notices[1].push(n.message),
      }),
    ]);
    expect(notices[0].find((n) => n.includes("did not fit"))).toMatch(/^content cache: 2 blob\(s\)/);
    expect(notices[1].find((n) => n.includes("did not fit"))).toMatch(/^content cache: 3 blob\(s\)/);
  });

  it("stops promptly and starts no new requests when cancelled", async () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      blob("Audit.General", `g${i}`, `2026-11-26T05:${String(i).padStart(2, "0")}:00.000Z`, []),
    );
    const m = new FakeManagement(many);
    m.latencyMs = 10_000;
    const controller = new AbortController();
    const started = Date.now();
    const pending = engine(m).search(req({ contentTypes: ["Audit.General"] }), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeDefined();
    expect(Date.now() - started).toBeLessThan(2_000);
    const gets = m.blobGets.length;
    expect(gets).toBe(4);
    await new Promise((r) => setTimeout(r, 50));
    expect(m.blobGets.length).toBe(gets);
    expect(m.inFlight).toBe(0);
  });

  it("pages with a key: the second page starts after the last match of the first", async () => {
    const search = engine(new FakeManagement(tenant()));
    const first = await search.search(req({ maxMatches: 2 }));
    const last = first.matches[1];
    const second = await search.search(
      req({ maxMatches: 2, after: { time: Date.parse(`${last.CreationTime}Z`), id: last.Id } }),
    );
    expect([...first.matches, ...second.matches].map((r) => r.Id)).toEqual(["r2", "r1", "r3", "r4"]);
    expect(second.skipped).toBe(2);
    expect(second.hasMore).toBe(false);
  });

  const richTenant = (): FakeBlob[] => [
    ...tenant(),
    blob("Audit.Exchange", "ex3", "2026-11-26T05:00:00.000Z", [
      record({
        Id: "r5",
        CreationTime: "2026-11-26T04:00:00",
        UserId: "S-1-5-18",
        MailboxOwnerUPN: "Victim@Contoso.com",
        Operation: "SoftDelete",
        ResultStatus: "Succeeded",
        ClientIPAddress: "[2001:DB8::5]:443",
      }),
      record({
        Id: "r6",
        CreationTime: "2026-11-26T13:00:00", // outside the window: scanned, never a match
        Operation: "SoftDelete",
      }),
      record({ Id: "r7", CreationTime: "2026-11-26T04:30:00", RecordType: "15" as unknown as number }),
    ]),
    blob("Audit.SharePoint", "sp1", "2026-11-26T06:00:00.000Z", [
      record({
        Id: "r8",
        CreationTime: "2026-11-26T05:00:00",
        Workload: "SharePoint",
        Operation: "FileDownloaded",
        RecordType: 6,
        ResultStatus: "failed",
        ObjectId: "https://contoso.sharepoint.com/Payroll.xlsx",
      }),
    ]),
  ];
  const richReq = (over: Partial<AuditSearchRequest> = {}) =>
    req({ contentTypes: ["Audit.Exchange", "Audit.AzureActiveDirectory", "Audit.SharePoint"], ...over });
  const groupBy = ["Operation", "UserId", "ClientIP", "Workload"];
  const filters = [
    {},
    { users: ["victim@contoso.com"] },
    { clientIps: ["203.0.113.9"] },
    { clientIps: ["2001:db8::5"] },
    { operations: ["New-InboxRule"], users: ["VICTIM@contoso.com"] },
    { operations: ["softdelete"], resultStatus: ["SUCCEEDED"] },
    { recordTypes: [15] },
    { recordTypes: [6], workloads: ["sharepoint"] },
    { contains: "bob" },
    { contains: "PAYROLL", operations: ["FileDownloaded", "SoftDelete"] },
    { contains: "victim", users: ["victim@contoso.com"] },
    { users: ["nobody@contoso.com"] },
  ];

  it("answers from the cache exactly as from the API, whatever the filter and groupBy", async () => {
    const warm = engine(new FakeManagement(richTenant()));
    await warm.search(richReq());
    for (const filter of filters) {
      const cold = await engine(new FakeManagement(richTenant())).search(richReq({ filter, groupBy }));
      // A cold search reading blobs from their bytes (parsing only the records its summary selects) agrees.
      const fromBytes = new FakeManagement(richTenant());
      fromBytes.fromBytes = true;
      const coldBytes = await engine(fromBytes).search(richReq({ filter, groupBy }));
      expect(coldBytes.matches, JSON.stringify(filter)).toEqual(cold.matches);
      expect(coldBytes.aggregates).toEqual(cold.aggregates);
      expect(coldBytes.coverage.recordsScanned).toBe(cold.coverage.recordsScanned);
      const hot = await warm.search(richReq({ filter, groupBy }));
      expect(hot.coverage.blobsFromCache, JSON.stringify(filter)).toBe(5);
      expect(hot.matches, JSON.stringify(filter)).toEqual(cold.matches);
      expect(hot.totalMatches).toBe(cold.totalMatches);
      expect(hot.aggregates).toEqual(cold.aggregates);
      expect(hot.coverage.recordsScanned).toBe(cold.coverage.recordsScanned);
      expect(hot.coverage.duplicatesDropped).toBe(cold.coverage.duplicatesDropped);
    }
  });

  it("answers from the disk cache of a new process exactly as from the API", async () => {
    const dir = mkdtempSync(join(tmpdir(), "o365-search-"));
    const withDir = (m: FakeManagement) =>
      createAuditSearch({ config: { ...config, cacheDir: dir }, management: m, now, log: () => {} });
    await withDir(new FakeManagement(richTenant())).search(richReq());
    for (const filter of filters) {
      const m = new FakeManagement(richTenant());
      const hot = await withDir(m).search(richReq({ filter, groupBy }));
      const cold = await engine(new FakeManagement(richTenant())).search(richReq({ filter, groupBy }));
      expect(m.blobGets).toEqual([]);
      expect(hot.matches, JSON.stringify(filter)).toEqual(cold.matches);
      expect(hot.aggregates).toEqual(cold.aggregates);
      expect(hot.coverage.recordsScanned).toBe(cold.coverage.recordsScanned);
    }
  });

  it("skips a cached blob the filter rules out without decompressing it, and refetches a damaged one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "o365-search-"));
    const withDir = (m: FakeManagement) =>
      createAuditSearch({ config: { ...config, cacheDir: dir }, management: m, now, log: () => {} });
    await withDir(new FakeManagement(richTenant())).search(richReq());
    // Damage the compressed records of every file, keeping the header line (count, summary, chunks) intact.
    for (const name of readdirSync(dir)) {
      const file = readFileSync(join(dir, name));
      file.fill(0xff, file.indexOf(0x0a) + 1);
      writeFileSync(join(dir, name), file);
    }
    const m = new FakeManagement(richTenant());
    const filter = { operations: ["FileDownloaded"] };
    const hot = await withDir(m).search(richReq({ filter }));
    // Only sp1 has a FileDownloaded record: the other four were answered by their summaries alone.
    expect(m.blobGets.map((uri) => uri.split("/").pop())).toEqual(["sp1"]);
    expect(hot.coverage.blobsFromCache).toBe(4);
    expect(hot.coverage.blobsFetched).toBe(1);
    expect(hot.matches.map((r) => r.Id)).toEqual(["r8"]);
  });
});

describe("late content (o365-api.md 1.6)", () => {
  // A 09:00-10:00 window; the attacker's sign-in is in a blob created 20 hours after the window end.
  const lateTenant = (): FakeBlob[] => [
    blob("Audit.AzureActiveDirectory", "on-time", "2026-11-26T10:30:00.000Z", [
      record({ Id: "a1", CreationTime: "2026-11-26T09:10:00", Operation: "UserLoggedIn", RecordType: 15 }),
    ]),
    blob("Audit.AzureActiveDirectory", "late", "2026-11-27T06:00:00.000Z", [
      record({ Id: "a2", CreationTime: "2026-11-26T09:40:00", Operation: "UserLoginFailed", RecordType: 15 }),
      record({ Id: "a3", CreationTime: "2026-11-27T05:00:00", Operation: "UserLoggedIn", RecordType: 15 }),
    ]),
    blob("Audit.AzureActiveDirectory", "next-day", "2026-11-27T08:00:00.000Z", [
      record({ Id: "a4", CreationTime: "2026-11-27T07:00:00", Operation: "UserLoggedIn", RecordType: 15 }),
    ]),
  ];
  const lateReq = (): AuditSearchRequest => ({
    startTime: "2026-11-26T09:00:00Z",
    endTime: "2026-11-26T10:00:00Z",
    contentTypes: ["Audit.AzureActiveDirectory"],
    filter: {},
  });
  const withHorizon = (m: FakeManagement, hours: number, at = now) =>
    createAuditSearch({
      config: { ...config, contentArrivalHours: hours },
      management: m,
      now: at,
      log: () => {},
    });

  it("finds an event whose blob arrived 20 hours after the window, and states the horizon it used", async () => {
    const out = await withHorizon(new FakeManagement(lateTenant()), 24).search(lateReq());
    expect(out.matches.map((r) => r.Id)).toEqual(["a1", "a2"]);
    expect(out.coverage.arrivalHorizonHours).toBe(24);
    expect(out.coverage.listedUntil).toBe("2026-11-27T10:00:00.000Z");
    expect(out.coverage.contentMayArriveUntil).toBeUndefined();
  });

  it("misses it with a 90-minute horizon, and says what it read", async () => {
    const out = await withHorizon(new FakeManagement(lateTenant()), 1.5).search(lateReq());
    expect(out.matches.map((r) => r.Id)).toEqual(["a1"]);
    expect(out.coverage.listedUntil).toBe("2026-11-26T11:30:00.000Z");
  });

  it("says content may still arrive while the horizon has not passed", async () => {
    const early = () => new Date("2026-11-27T07:00:00Z");
    const out = await withHorizon(new FakeManagement(lateTenant()), 24, early).search(lateReq());
    expect(out.matches.map((r) => r.Id)).toEqual(["a1", "a2"]);
    expect(out.coverage.listedUntil).toBe("2026-11-27T07:00:00.000Z");
    expect(out.coverage.contentMayArriveUntil).toBe("2026-11-27T10:00:00.000Z");
  });

  it("skips cached blobs whose events all fall outside the window, from their summaries alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "o365-late-"));
    const make = (m: FakeManagement) =>
      createAuditSearch({
        config: { ...config, contentArrivalHours: 24, cacheDir: dir },
        management: m,
        now,
        log: () => {},
      });
    await make(new FakeManagement(lateTenant())).search(lateReq());
    // Damage every cached record body: a blob the search still decompresses would be fetched again.
    for (const name of readdirSync(dir)) {
      const file = readFileSync(join(dir, name));
      file.fill(0xff, file.indexOf(0x0a) + 1);
      writeFileSync(join(dir, name), file);
    }
    const m = new FakeManagement(lateTenant());
    const out = await make(m).search(lateReq());
    // "next-day" holds only an event after the window: answered by its summary, never decompressed.
    expect(m.blobGets.map((uri) => uri.split("/").pop()).sort()).toEqual(["late", "on-time"]);
    expect(out.coverage.blobsFromCache).toBe(1);
    expect(out.matches.map((r) => r.Id)).toEqual(["a1", "a2"]);
  });
});
