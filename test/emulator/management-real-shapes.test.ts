// What the real Management Activity API accepts and hands out beyond the documented forms (o365-api.md
// 1.5.5, section 5): mixed-case content types, lower-case parameter names, 9-digit fractional seconds, and
// the lower-case NextPageUri without PublisherIdentifier (a switch), with hand-written requests.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { afCode, type ManagementFixture, managementFixture } from "./management-fixture.js";

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);

describe("the documented NextPageUri form (default)", () => {
  let f: ManagementFixture;
  beforeAll(async () => {
    f = await managementFixture({ contentPageSize: 5 });
  });
  afterAll(async () => f?.close());
  beforeEach(() => f.emu.control.reset());

  it("accepts a mixed-case content type and answers with the canonical one", async () => {
    const res = await f.get(
      `subscriptions/content?contentType=audit.SHAREPOINT&startTime=${iso(f.startMs - 3 * HOUR)}&endTime=${iso(f.startMs)}`,
    );
    expect(res.status).toBe(200);
    const items = res.json as { contentType: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((i) => i.contentType))).toEqual(new Set(["Audit.SharePoint"]));
  });

  it("still refuses a content type that is not one of the five", async () => {
    const res = await f.get("subscriptions/content?contentType=Audit.SharePoints");
    expect(res.status).toBe(400);
    expect(afCode(res)).toBe("AF20020");
  });

  it("accepts lower-case parameter names and 9-digit fractional seconds with a Z", async () => {
    const start = new Date(f.startMs - 3 * HOUR).toISOString().replace(/\.\d{3}Z$/, ".123456789Z");
    const end = new Date(f.startMs).toISOString().replace(/\.\d{3}Z$/, ".987654321Z");
    const lower = await f.get(
      `subscriptions/content?contenttype=Audit.Exchange&starttime=${start}&endtime=${end}`,
    );
    const documented = await f.get(
      `subscriptions/content?contentType=Audit.Exchange&startTime=${start}&endTime=${end}`,
    );
    expect(lower.status).toBe(200);
    expect(lower.json).toEqual(documented.json);
    expect((lower.json as unknown[]).length).toBeGreaterThan(0);
  });

  it("refuses a 10-digit fraction as a bad datetime", async () => {
    const start = new Date(f.startMs - HOUR).toISOString().replace(/\.\d{3}Z$/, ".1234567890Z");
    const res = await f.get(
      `subscriptions/content?contentType=Audit.Exchange&startTime=${start}&endTime=${iso(f.startMs)}`,
    );
    expect(res.status).toBe(400);
    expect(afCode(res)).toBe("AF20002");
  });

  it("repeats PublisherIdentifier in the documented camel-case NextPageUri", async () => {
    const publisher = "11111111-2222-3333-4444-555555555555";
    const res = await f.get(
      `subscriptions/content?contentType=Audit.Exchange&startTime=${iso(f.startMs - 20 * HOUR)}&endTime=${iso(f.startMs)}&PublisherIdentifier=${publisher}`,
    );
    const next = new URL(res.headers.nextpageuri as string);
    expect([...next.searchParams.keys()]).toEqual([
      "contentType",
      "startTime",
      "endTime",
      "PublisherIdentifier",
      "nextPage",
    ]);
    expect(next.searchParams.get("PublisherIdentifier")).toBe(publisher);
  });
});

describe("lowerCaseNextPageUri", () => {
  let f: ManagementFixture;
  beforeAll(async () => {
    f = await managementFixture({ contentPageSize: 5, lowerCaseNextPageUri: true });
  });
  afterAll(async () => f?.close());

  it("hands out lower-case names without PublisherIdentifier, and serves every page when followed verbatim", async () => {
    const first = `subscriptions/content?contentType=Audit.Exchange&startTime=${iso(f.startMs - 20 * HOUR)}&endTime=${iso(f.startMs)}&PublisherIdentifier=11111111-2222-3333-4444-555555555555`;
    const res = await f.get(first);
    const raw = res.headers.nextpageuri as string;
    const next = new URL(raw);
    expect([...next.searchParams.keys()]).toEqual(["contenttype", "starttime", "endtime", "nextpage"]);
    expect(raw).not.toMatch(/publisheridentifier/i);

    const ids = (res.json as { contentId: string }[]).map((i) => i.contentId);
    let link: string | undefined = raw;
    let pages = 1;
    while (link) {
      const page = await f.get(link);
      expect(page.status).toBe(200);
      ids.push(...(page.json as { contentId: string }[]).map((i) => i.contentId));
      link = page.headers.nextpageuri as string | undefined;
      pages++;
    }
    expect(pages).toBeGreaterThan(2);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("refuses a forged lower-case nextpage token with AF20031", async () => {
    const res = await f.get(
      `subscriptions/content?contenttype=Audit.Exchange&starttime=${iso(f.startMs - 20 * HOUR)}&endtime=${iso(f.startMs)}&nextpage=000000005Rdeadbeefdead`,
    );
    expect(res.status).toBe(400);
    expect(afCode(res)).toBe("AF20031");
  });
});
