import { describe, expect, it } from "vitest";
import { createManagementClient } from "../../src/management/client.js";
import { caught } from "../helpers/caught.js";
import {
  FakeHttp,
  type FakeReply,
  fakeConfig,
  GRAPH,
  MANAGE,
  PUBLISHER,
  type SentRequest,
  TENANT,
} from "../helpers/fake-http.js";

const ROOT = `${MANAGE}/api/v1.0/${TENANT}/activity/feed`;

function blob(n: number) {
  const id = `2026050100${n}$2026050100${n}$audit_exchange$Audit_Exchange$emea0024`;
  return {
    contentType: "Audit.Exchange",
    contentId: id,
    contentUri: `${ROOT}/audit/${id}`,
    contentCreated: "2026-05-01T00:10:00.000Z",
    contentExpiration: "2026-05-08T00:10:00.000Z",
  };
}

function setup(handler: (req: SentRequest) => FakeReply) {
  const http = new FakeHttp(handler);
  return { http, client: createManagementClient({ config: fakeConfig(), http }) };
}

describe("subscriptions", () => {
  it("lists subscriptions with PublisherIdentifier and tolerates a missing status", async () => {
    const { http, client } = setup(() => ({
      body: [
        { contentType: "Audit.Exchange", webhook: null },
        { contentType: "DLP.All", status: "disabled" },
      ],
    }));
    const subs = await client.listSubscriptions();
    expect(subs).toEqual([
      { contentType: "Audit.Exchange", status: "enabled", webhook: null },
      { contentType: "DLP.All", status: "disabled", webhook: null },
    ]);
    expect(http.sent[0].url.pathname).toBe(`/api/v1.0/${TENANT}/activity/feed/subscriptions/list`);
    expect(http.sent[0].url.searchParams.get("PublisherIdentifier")).toBe(PUBLISHER);
  });

  it("starts with a webhook body in the documented shape", async () => {
    const { http, client } = setup((req) => ({
      body: {
        contentType: "Audit.SharePoint",
        status: "enabled",
        webhook: (req.body as { webhook: unknown }).webhook,
      },
    }));
    const r = await client.startSubscription("Audit.SharePoint", {
      address: "https://hook.example/o365",
      authId: "a1",
    });
    expect(r.alreadyEnabled).toBe(false);
    expect(r.subscription.webhook?.address).toBe("https://hook.example/o365");
    expect(http.sent[0].method).toBe("POST");
    expect(http.sent[0].url.searchParams.get("contentType")).toBe("Audit.SharePoint");
    expect(http.sent[0].url.searchParams.get("PublisherIdentifier")).toBe(PUBLISHER);
    expect(http.sent[0].body).toEqual({
      webhook: { address: "https://hook.example/o365", authId: "a1", expiration: "" },
    });
  });

  it("treats AF20024 as success and reads the subscription from the list", async () => {
    const { http, client } = setup((req) =>
      req.url.pathname.endsWith("/start")
        ? {
            status: 400,
            body: {
              error: { code: "AF20024", message: "The subscription is already enabled. No property change." },
            },
          }
        : { body: [{ contentType: "Audit.Exchange", status: "enabled", webhook: null }] },
    );
    const r = await client.startSubscription("Audit.Exchange", undefined);
    expect(r).toEqual({
      alreadyEnabled: true,
      subscription: { contentType: "Audit.Exchange", status: "enabled", webhook: null },
    });
    expect(http.sent.map((s) => s.url.pathname.split("/").pop())).toEqual(["start", "list"]);
  });

  it("refuses a non-https webhook before calling the service", async () => {
    const { http, client } = setup(() => ({ body: {} }));
    const err = await caught(client.startSubscription("Audit.Exchange", { address: "http://hook.example" }));
    expect(err.code).toBe("INVALID_WEBHOOK");
    expect(http.sent).toHaveLength(0);
  });

  it("surfaces other start errors unchanged (the 15-minute start throttle)", async () => {
    const { client } = setup(() => ({
      status: 403,
      body: { error: { code: "429", message: "Too many frequent subscription start requests." } },
    }));
    const err = await caught(client.startSubscription("Audit.Exchange", undefined));
    expect(err.code).toBe("429");
    expect(err.status).toBe(403);
  });

  it("stops with POST and PublisherIdentifier", async () => {
    const { http, client } = setup(() => ({ body: "" }));
    await client.stopSubscription("DLP.All");
    expect(http.sent[0].method).toBe("POST");
    expect(http.sent[0].url.pathname).toMatch(/subscriptions\/stop$/);
    expect(http.sent[0].url.searchParams.get("contentType")).toBe("DLP.All");
    expect(http.sent[0].url.searchParams.get("PublisherIdentifier")).toBe(PUBLISHER);
  });
});

describe("content listing", () => {
  it("sends the window in the documented format and returns NextPageUri read case-insensitively", async () => {
    const next = `${ROOT}/subscriptions/content?contentType=Audit.Exchange&startTime=2026-05-01T00:00:00&endTime=2026-05-02T00:00:00&nextPage=abc`;
    const { http, client } = setup(() => ({ body: [blob(1)], headers: { NEXTPAGEURI: next } }));
    const page = await client.listContentPage({
      contentType: "Audit.Exchange",
      startTime: "2026-05-01T02:00:00+02:00",
      endTime: "2026-05-02T00:00:00.000Z",
    });
    expect(page).toEqual({ items: [blob(1)], nextPageUri: next });
    const q = http.sent[0].url.searchParams;
    expect(q.get("startTime")).toBe("2026-05-01T00:00:00");
    expect(q.get("endTime")).toBe("2026-05-02T00:00:00");
    expect(q.get("contentType")).toBe("Audit.Exchange");
    expect(q.get("PublisherIdentifier")).toBe(PUBLISHER);
  });

  it("accepts the misspelled NextPageUrl header", async () => {
    const next = `${ROOT}/subscriptions/content?contentType=Audit.Exchange&nextPage=x`;
    const { client } = setup(() => ({ body: [], headers: { NextPageUrl: next } }));
    expect((await client.listContentPage({ contentType: "Audit.Exchange" })).nextPageUri).toBe(next);
  });

  it("follows NextPageUri verbatim across pages until the header is gone", async () => {
    const pages = [1, 2, 3];
    const { http, client } = setup((req): FakeReply => {
      const n = Number(req.url.searchParams.get("nextPage") ?? "1");
      const more = n < pages.length;
      return {
        body: [blob(n)],
        headers: more
          ? { NextPageUri: `${ROOT}/subscriptions/content?contentType=Audit.Exchange&nextPage=${n + 1}` }
          : {},
      };
    });
    const seen: number[] = [];
    const blobs = await client.listContent(
      { contentType: "Audit.Exchange", startTime: "2026-05-01T00:00:00Z", endTime: "2026-05-01T12:00:00Z" },
      { onPage: (p) => seen.push(p) },
    );
    expect(blobs.map((b) => b.contentId)).toEqual([blob(1), blob(2), blob(3)].map((b) => b.contentId));
    expect(seen).toEqual([1, 2, 3]);
    expect(http.sent[1].url.searchParams.get("nextPage")).toBe("2");
    // Verbatim: the service's URI text plus PublisherIdentifier, nothing re-encoded.
    expect(http.sent[1].rawUrl).toBe(
      `${ROOT}/subscriptions/content?contentType=Audit.Exchange&nextPage=2&PublisherIdentifier=${PUBLISHER}`,
    );
    expect(http.sent[1].query).toBeUndefined();
    expect(http.sent[2].url.searchParams.getAll("PublisherIdentifier")).toEqual([PUBLISHER]);
  });

  it("refuses a NextPageUri on a foreign host without requesting it", async () => {
    const { http, client } = setup(() => ({
      body: [blob(1)],
      headers: {
        NextPageUri: "https://evil.example/api/v1.0/x/activity/feed/subscriptions/content?nextPage=2",
      },
    }));
    const err = await caught(
      client.listContent({
        contentType: "Audit.Exchange",
        startTime: "2026-05-01T00:00:00Z",
        endTime: "2026-05-01T01:00:00Z",
      }),
    );
    expect(err.code).toBe("HOST_NOT_ALLOWED");
    expect(http.sent).toHaveLength(1);
  });

  it("stops a NextPageUri loop with PAGING_LOOP", async () => {
    const same = `${ROOT}/subscriptions/content?contentType=Audit.Exchange&nextPage=same`;
    const { client } = setup(() => ({ body: [], headers: { NextPageUri: same } }));
    const err = await caught(
      client.listContent({
        contentType: "Audit.Exchange",
        startTime: "2026-05-01T00:00:00Z",
        endTime: "2026-05-01T01:00:00Z",
      }),
    );
    expect(err.code).toBe("PAGING_LOOP");
  });

  it("never follows a service NextPageUri to another API's host or another resource with the management token", async () => {
    for (const next of [
      `${GRAPH}/api/v1.0/${TENANT}/activity/feed/subscriptions/content?nextPage=2`,
      `${ROOT}/subscriptions/list`,
    ]) {
      const { http, client } = setup(() => ({ body: [], headers: { NextPageUri: next } }));
      const err = await caught(
        client.listContent({
          contentType: "Audit.Exchange",
          startTime: "2026-05-01T00:00:00Z",
          endTime: "2026-05-01T01:00:00Z",
        }),
      );
      expect(err.code, next).toBe("LINK_NOT_FOLLOWED");
      expect(http.sent).toHaveLength(1);
    }
  });

  it("surfaces AF20022 with its code and hint", async () => {
    const { client } = setup(() => ({
      status: 400,
      body: { error: { code: "AF20022", message: "No subscription found for the specified content type." } },
    }));
    const err = await caught(client.listContentPage({ contentType: "Audit.General" }));
    expect(err.code).toBe("AF20022");
    expect(err.hint).not.toBe("");
  });

  it("rejects a body that is not an array of blobs", async () => {
    const { client } = setup(() => ({ body: { value: [] } }));
    expect((await caught(client.listContentPage({ contentType: "Audit.General" }))).code).toBe(
      "MALFORMED_RESPONSE",
    );
  });

  it("lists notifications with their delivery fields", async () => {
    const { http, client } = setup(() => ({
      body: [{ ...blob(1), notificationSent: "2026-05-01T00:11:00.000Z", notificationStatus: "success" }],
    }));
    const page = await client.listNotificationsPage({ contentType: "Audit.Exchange" });
    expect(page.items[0].notificationStatus).toBe("success");
    expect(http.sent[0].url.pathname).toMatch(/subscriptions\/notifications$/);
  });
});

describe("retrieveContent", () => {
  const records = [
    { Id: "r1", CreationTime: "2026-05-01T00:00:00", Operation: "New-InboxRule", RecordType: 1 },
  ];

  it("fetches by contentUri with PublisherIdentifier appended", async () => {
    const { http, client } = setup(() => ({ body: records }));
    const r = await client.retrieveContent({ contentUri: blob(1).contentUri });
    expect(r.records).toEqual(records);
    expect(r.bytes).toBe(JSON.stringify(records).length);
    expect(http.sent[0].url.pathname).toBe(new URL(blob(1).contentUri).pathname);
    expect(http.sent[0].url.searchParams.get("PublisherIdentifier")).toBe(PUBLISHER);
  });

  it("builds the contentUri from a contentId, keeping '$' literal", async () => {
    const { http, client } = setup(() => ({ body: records }));
    const r = await client.retrieveContent({ contentId: blob(2).contentId });
    expect(r.contentUri).toBe(blob(2).contentUri);
    expect(http.sent[0].url.pathname).toBe(`/api/v1.0/${TENANT}/activity/feed/audit/${blob(2).contentId}`);
  });

  it.each([
    ["a/../../subscriptions/list"],
    ["abc?x=1"],
    ["abc#frag"],
    ["a..b"],
    ["has space"],
    ["line\nbreak"],
    ["nul\u0000"],
    ["back\\slash"],
    [""],
  ])("refuses the malformed contentId %j without a request", async (id) => {
    const { http, client } = setup(() => ({ body: records }));
    const err = await caught(client.retrieveContent({ contentId: id }));
    expect(err.code).toBe("INVALID_CONTENT_ID");
    expect(err.api).toBe("input");
    expect(http.sent).toHaveLength(0);
  });

  it.each([
    ["https://evil.example/api/v1.0/TENANT/activity/feed/audit/x", "HOST_NOT_ALLOWED"],
    [
      "https://manage.test/api/v1.0/00000000-0000-0000-0000-000000000000/activity/feed/audit/x",
      "CONTENT_URI_REFUSED",
    ],
    ["https://manage.test/api/v1.0/TENANT/activity/feed/subscriptions/list", "CONTENT_URI_REFUSED"],
    ["not a url", "CONTENT_URI_REFUSED"],
  ])("refuses the planted contentUri %s", async (uri, code) => {
    const { http, client } = setup(() => ({ body: records }));
    const err = await caught(client.retrieveContent({ contentUri: uri.replace("TENANT", TENANT) }));
    expect(err.code).toBe(code);
    expect(http.sent).toHaveLength(0);
  });

  it.each([
    ["{truncated", "not valid JSON"],
    ['{"error":"x"}', "not a JSON array"],
    ["[1,2]", "not a record object"],
  ])("reports MALFORMED_CONTENT for the body %s", async (body, why) => {
    const { client } = setup(() => ({ body }));
    const err = await caught(client.retrieveContent({ contentUri: blob(1).contentUri }));
    expect(err.code).toBe("MALFORMED_CONTENT");
    expect(err.message).toContain(why);
  });

  it("surfaces AF20051 for expired content", async () => {
    const { client } = setup(() => ({
      status: 400,
      body: { error: { code: "AF20051", message: "Content requested with the key x has already expired." } },
    }));
    expect((await caught(client.retrieveContent({ contentUri: blob(1).contentUri }))).code).toBe("AF20051");
  });
});

describe("caller-supplied nextPageUri", () => {
  it.each([
    [`${ROOT}/subscriptions/stop?contentType=Audit.Exchange`],
    [
      `${MANAGE}/api/v1.0/00000000-0000-0000-0000-000000000000/activity/feed/subscriptions/content?nextPage=1`,
    ],
  ])("refuses %s as a content page", async (uri) => {
    const { http, client } = setup(() => ({ body: [] }));
    const err = await caught(client.listContentPage({ contentType: "Audit.Exchange", nextPageUri: uri }));
    expect(err.code).toBe("INVALID_NEXT_PAGE");
    expect(http.sent).toHaveLength(0);
  });

  it("accepts the /api/v1/ spelling of the documented NextPageUri example", async () => {
    const { http, client } = setup(() => ({ body: [] }));
    const uri = `${MANAGE}/api/v1/${TENANT}/activity/feed/subscriptions/content?contentType=Audit.Exchange&nextPage=2`;
    await client.listContentPage({ contentType: "Audit.Exchange", nextPageUri: uri });
    expect(http.sent[0].rawUrl).toBe(`${uri}&PublisherIdentifier=${PUBLISHER}`);
  });
});
