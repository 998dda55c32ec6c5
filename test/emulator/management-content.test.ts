// Content listing, paging and retrieval (o365-api.md 1.5.5, 1.5.6, 1.5.8).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { afCode, type ManagementFixture, managementFixture } from "./management-fixture.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let f: ManagementFixture;

interface Listed {
  contentType: string;
  contentId: string;
  contentUri: string;
  contentCreated: string;
  contentExpiration: string;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);

beforeAll(async () => {
  f = await managementFixture({ contentPageSize: 10 });
});
afterAll(async () => f?.close());
beforeEach(() => {
  f.emu.control.reset();
  f.clock.ms = f.startMs;
});

async function listAll(first: string): Promise<{ items: Listed[]; pages: number; uris: string[] }> {
  const items: Listed[] = [];
  const uris: string[] = [];
  let next: string | undefined = first;
  let pages = 0;
  while (next) {
    const res = await f.get(next);
    expect(res.status).toBe(200);
    items.push(...(res.json as Listed[]));
    pages += 1;
    next = res.headers.nextpageuri as string | undefined;
    if (next) uris.push(next);
  }
  return { items, pages, uris };
}

describe("listing", () => {
  it("lists blobs with the docs' five fields, contentUri under the feed root and expiration = created + 7 days", async () => {
    const start = iso(f.startMs - 6 * HOUR);
    const end = iso(f.startMs);
    const res = await f.get(
      `subscriptions/content?contentType=Audit.SharePoint&startTime=${start}&endTime=${end}`,
    );
    expect(res.status).toBe(200);
    expect(String(res.headers["content-type"])).toMatch(/^application\/json/);
    const items = res.json as Listed[];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual([
        "contentCreated",
        "contentExpiration",
        "contentId",
        "contentType",
        "contentUri",
      ]);
      expect(item.contentType).toBe("Audit.SharePoint");
      expect(item.contentId).toContain("$");
      expect(item.contentUri).toBe(`${f.root}/audit/${item.contentId}`);
      expect(item.contentCreated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(item.contentExpiration) - Date.parse(item.contentCreated)).toBe(7 * DAY);
    }
  });

  it("filters on contentCreated with start inclusive and end exclusive", async () => {
    const all = await listAll(
      `subscriptions/content?contentType=Audit.Exchange&startTime=${iso(f.startMs - 12 * HOUR)}&endTime=${iso(f.startMs)}`,
    );
    const pivot = all.items[5];
    const created = Date.parse(pivot.contentCreated);
    const fmt = (ms: number) => new Date(ms).toISOString();
    const from = await listAll(
      `subscriptions/content?contentType=Audit.Exchange&startTime=${fmt(created)}&endTime=${iso(f.startMs)}`,
    );
    expect(from.items[0].contentId).toBe(pivot.contentId);
    const before = await listAll(
      `subscriptions/content?contentType=Audit.Exchange&startTime=${iso(f.startMs - 12 * HOUR)}&endTime=${fmt(created)}`,
    );
    expect(before.items.map((i) => i.contentId)).not.toContain(pivot.contentId);
    expect(before.items.length + from.items.length).toBe(all.items.length);
  });

  it("pages with a NextPageUri header that repeats contentType, startTime and endTime, until the header is gone", async () => {
    const start = iso(f.startMs - 20 * HOUR);
    const end = iso(f.startMs);
    const res = await f.get(
      `subscriptions/content?contentType=Audit.General&startTime=${start}&endTime=${end}`,
    );
    expect((res.json as Listed[]).length).toBe(10);
    const raw = res.headers.nextpageuri as string;
    const next = new URL(raw);
    expect(`${next.origin}${next.pathname}`).toBe(`${f.root}/subscriptions/content`);
    expect(next.searchParams.get("contentType")).toBe("Audit.General");
    expect(next.searchParams.get("startTime")).toBe(start);
    expect(next.searchParams.get("endTime")).toBe(end);
    expect(next.searchParams.get("nextPage")).toBeTruthy();
    const all = await listAll(
      `subscriptions/content?contentType=Audit.General&startTime=${start}&endTime=${end}`,
    );
    expect(all.pages).toBeGreaterThan(2);
    expect(new Set(all.items.map((i) => i.contentId)).size).toBe(all.items.length);
    const created = all.items.map((i) => Date.parse(i.contentCreated));
    expect(created).toEqual([...created].sort((a, b) => a - b));
  });

  it("defaults to the last 24 hours and fills the window into NextPageUri", async () => {
    const res = await f.get("subscriptions/content?contentType=Audit.AzureActiveDirectory");
    expect(res.status).toBe(200);
    const items = res.json as Listed[];
    expect(items.every((i) => Date.parse(i.contentCreated) >= f.startMs - DAY - 1000)).toBe(true);
    const next = new URL(res.headers.nextpageuri as string);
    const span =
      Date.parse(`${next.searchParams.get("endTime")}Z`) -
      Date.parse(`${next.searchParams.get("startTime")}Z`);
    expect(span).toBe(DAY);
  });

  it("never lists a blob created after now", async () => {
    f.clock.ms = f.startMs - 6 * HOUR;
    const { items } = await listAll(
      `subscriptions/content?contentType=Audit.Exchange&startTime=${iso(f.clock.ms - 2 * HOUR)}&endTime=${iso(f.startMs)}`,
    );
    expect(items.every((i) => Date.parse(i.contentCreated) <= f.clock.ms)).toBe(true);
  });

  it.each(["2026-11-20", "2026-11-20T05:30", "2026-11-20T05:30:00", "2026-11-20T05:30:00.000Z"])(
    "accepts the date format %s",
    async (value) => {
      const start = new Date(
        Date.parse(value.length === 10 ? `${value}T00:00:00Z` : `${value.replace(/Z$/, "")}Z`),
      );
      f.clock.ms = start.getTime() + 12 * HOUR;
      const end = new Date(start.getTime() + DAY)
        .toISOString()
        .slice(0, value.length)
        .replace(/\.\d{3}$/, ".000");
      const res = await f.get(
        `subscriptions/content?contentType=Audit.Exchange&startTime=${value}&endTime=${value.endsWith("Z") ? `${end}Z`.replace("ZZ", "Z") : end}`,
      );
      expect(res.status).toBe(200);
    },
  );
});

describe("window rules", () => {
  const path = (start: string | null, end: string | null) =>
    `subscriptions/content?contentType=Audit.Exchange${start ? `&startTime=${start}` : ""}${end ? `&endTime=${end}` : ""}`;

  it("requires both or neither of startTime and endTime (AF20030)", async () => {
    expect(afCode(await f.get(path(iso(f.startMs - HOUR), null)))).toBe("AF20030");
    expect(afCode(await f.get(path(null, iso(f.startMs))))).toBe("AF20030");
  });

  it("rejects a window over 24 hours with AF20030 (400)", async () => {
    const res = await f.get(path(iso(f.startMs - 25 * HOUR), iso(f.startMs)));
    expect(res.status).toBe(400);
    expect(afCode(res)).toBe("AF20030");
  });

  it("rejects a start more than 7 days back with AF20030", async () => {
    expect(afCode(await f.get(path(iso(f.startMs - 7 * DAY - HOUR), iso(f.startMs - 7 * DAY + HOUR))))).toBe(
      "AF20030",
    );
  });

  it("rejects a start not before the end with AF20055", async () => {
    const res = await f.get(path(iso(f.startMs), iso(f.startMs - HOUR)));
    expect(res.status).toBe(400);
    expect(afCode(res)).toBe("AF20055");
    expect(afCode(await f.get(path(iso(f.startMs), iso(f.startMs))))).toBe("AF20055");
  });

  it("rejects an unparseable date as an invalid datetime parameter", async () => {
    expect(afCode(await f.get(path("yesterday", iso(f.startMs))))).toBe("AF20002");
    expect(afCode(await f.get(path("2026-02-30", "2026-03-01")))).toBe("AF20002");
  });

  it("rejects a forged nextPage with AF20031", async () => {
    const res = await f.get(`${path(iso(f.startMs - HOUR), iso(f.startMs))}&nextPage=000000010R0123456789ab`);
    expect(res.status).toBe(400);
    expect(afCode(res)).toBe("AF20031");
  });
});

describe("retrieval", () => {
  async function someBlob(hoursAgo = 3): Promise<Listed> {
    const res = await f.get(
      `subscriptions/content?contentType=Audit.Exchange&startTime=${iso(f.startMs - hoursAgo * HOUR)}&endTime=${iso(f.startMs)}`,
    );
    return (res.json as Listed[])[0];
  }

  it("returns the blob as a JSON array of audit records with charset=utf-8, also with PublisherIdentifier", async () => {
    const blob = await someBlob();
    const res = await f.get(`${blob.contentUri}?PublisherIdentifier=${f.emu.tenantId}`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    const records = res.json as Array<Record<string, unknown>>;
    expect(Array.isArray(records)).toBe(true);
    expect(records[0]).toMatchObject({ OrganizationId: f.emu.tenantId });
    for (const key of ["Id", "RecordType", "CreationTime", "Operation", "UserId", "Workload"])
      expect(records[0]).toHaveProperty(key);
    expect((await f.get(blob.contentUri)).text).toBe(res.text);
  });

  it("answers AF20052 for a malformed id and AF20050 for an unknown one", async () => {
    expect(afCode(await f.get("audit/not-an-id"))).toBe("AF20052");
    const res = await f.get(
      "audit/20990101000000000000000$20990101000000000000000$audit_exchange$Audit_Exchange",
    );
    expect(res.status).toBe(400);
    expect(afCode(res)).toBe("AF20050");
  });

  it("answers AF20051 once the blob is 7 days old", async () => {
    const blob = await someBlob();
    f.clock.ms = Date.parse(blob.contentExpiration) + 1000;
    const res = await f.get(blob.contentUri);
    expect(afCode(res)).toBe("AF20051");
    expect((res.json as { error: { message: string } }).error.message).toContain(
      "Content older than 7 days cannot be retrieved",
    );
  });

  it("answers AF20051 for content expired through control.expireContentBefore", async () => {
    const blob = await someBlob();
    f.emu.control.expireContentBefore(new Date(f.startMs));
    expect(afCode(await f.get(blob.contentUri))).toBe("AF20051");
  });
});

describe("dlpSensitiveTypes", () => {
  it("lists {id, name} pairs, with or without one Accept-Language", async () => {
    for (const headers of <Array<Record<string, string>>>[
      {},
      { "accept-language": "en-US" },
      { "accept-language": "es" },
    ]) {
      const res = await f.get("resources/dlpSensitiveTypes", headers);
      expect(res.status).toBe(200);
      expect(res.json).toContainEqual({
        id: "50842eb7-edc8-4019-85dd-5a5c1f2bb085",
        name: "CreditCardNumber",
      });
    }
  });

  it("rejects two languages with AF20053 and bad syntax with AF20054", async () => {
    expect(afCode(await f.get("resources/dlpSensitiveTypes", { "accept-language": "en-US, es" }))).toBe(
      "AF20053",
    );
    expect(afCode(await f.get("resources/dlpSensitiveTypes", { "accept-language": "en_US!" }))).toBe(
      "AF20054",
    );
  });
});
