// Subscriptions: start/stop/list, webhook validation and the start throttle (o365-api.md 1.5.1-1.5.4, 1.5.7).
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { afCode, type ManagementFixture, managementFixture } from "./management-fixture.js";

const MINUTE = 60_000;
let f: ManagementFixture;
let hook: Server;
let hookUrl: string;
let hookStatus = 200;
const hookCalls: Array<{ headers: Record<string, unknown>; body: string }> = [];

beforeAll(async () => {
  f = await managementFixture({ subscribed: ["Audit.Exchange", "Audit.General"] });
  const tls = await f.emu.issueCertificate(["127.0.0.1"]);
  hook = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      hookCalls.push({ headers: req.headers, body });
      res.writeHead(hookStatus).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  hookUrl = `https://127.0.0.1:${(hook.address() as AddressInfo).port}/o365/`;
});
afterAll(async () => {
  await new Promise((r) => hook?.close(r));
  await f?.close();
});
beforeEach(() => {
  f.emu.control.reset();
  f.clock.ms += 16 * MINUTE;
  hookCalls.length = 0;
  hookStatus = 200;
});

describe("list", () => {
  it("lists the subscribed content types as {contentType, status, webhook:null}", async () => {
    const res = await f.get("subscriptions/list");
    expect(res.status).toBe(200);
    expect(res.json).toEqual([
      { contentType: "Audit.Exchange", status: "enabled", webhook: null },
      { contentType: "Audit.General", status: "enabled", webhook: null },
    ]);
  });
});

describe("start", () => {
  it("starts a never-subscribed type without a body and lists it", async () => {
    const res = await f.post("subscriptions/start?contentType=Audit.SharePoint");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ contentType: "Audit.SharePoint", status: "enabled", webhook: null });
    const list = (await f.get("subscriptions/list")).json as Array<{ contentType: string }>;
    expect(list.map((s) => s.contentType)).toContain("Audit.SharePoint");
  });

  it("answers the docs' sample webhook request with the docs' sample response shape after validating the webhook", async () => {
    const body = JSON.stringify({
      webhook: { address: hookUrl, authId: "o365activityapinotification", expiration: "" },
    });
    const res = await f.post("subscriptions/start?contentType=Audit.SharePoint", body);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      contentType: "Audit.SharePoint",
      status: "enabled",
      webhook: {
        status: "enabled",
        address: hookUrl,
        authId: "o365activityapinotification",
        expiration: null,
      },
    });
    expect(hookCalls).toHaveLength(1);
    const call = hookCalls[0];
    expect(call.headers["webhook-authid"]).toBe("o365activityapinotification");
    const code = call.headers["webhook-validationcode"];
    expect(typeof code).toBe("string");
    expect(JSON.parse(call.body)).toEqual({ validationCode: code });
    expect(String(call.headers["content-type"])).toMatch(/^application\/json/);
  });

  it("fails with AF20021 when the webhook does not answer 200, leaving the subscription unchanged", async () => {
    hookStatus = 500;
    const res = await f.post(
      "subscriptions/start?contentType=Audit.SharePoint",
      JSON.stringify({ webhook: { address: hookUrl } }),
    );
    expect(res.status).toBe(400);
    expect(afCode(res)).toBe("AF20021");
    expect((res.json as { error: { message: string } }).error.message).toContain("did not return HTTP 200");
    const list = (await f.get("subscriptions/list")).json as Array<{ contentType: string }>;
    expect(list.map((s) => s.contentType)).not.toContain("Audit.SharePoint");
  });

  it("requires an https webhook address (AF20021)", async () => {
    const res = await f.post(
      "subscriptions/start?contentType=Audit.SharePoint",
      JSON.stringify({ webhook: { address: "http://127.0.0.1:9/x" } }),
    );
    expect(afCode(res)).toBe("AF20021");
    expect(hookCalls).toHaveLength(0);
  });

  it("rejects a past expiration with AF20003", async () => {
    const past = new Date(f.clock.ms - MINUTE).toISOString();
    const res = await f.post(
      "subscriptions/start?contentType=Audit.SharePoint",
      JSON.stringify({ webhook: { address: hookUrl, expiration: past } }),
    );
    expect(res.status).toBe(400);
    expect(afCode(res)).toBe("AF20003");
  });

  it("answers AF20024 (400) when already enabled with no property change", async () => {
    const res = await f.post("subscriptions/start?contentType=Audit.Exchange");
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: { code: "AF20024", message: "The subscription is already enabled. No property change." },
    });
  });

  it('throttles a second start within 15 minutes with 403 code "429" and the real remaining wait', async () => {
    expect((await f.post("subscriptions/start?contentType=Audit.SharePoint")).status).toBe(200);
    f.clock.ms += 6 * MINUTE + 14_000;
    const res = await f.post(
      "subscriptions/start?contentType=Audit.SharePoint",
      JSON.stringify({ webhook: { address: hookUrl } }),
    );
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      error: {
        code: "429",
        message: "Too many frequent subscription start requests. Please retry again after 8m 46s.",
      },
    });
    f.clock.ms += 9 * MINUTE;
    expect(
      (
        await f.post(
          "subscriptions/start?contentType=Audit.SharePoint",
          JSON.stringify({ webhook: { address: hookUrl } }),
        )
      ).status,
    ).toBe(200);
  });

  it("by default the wait spans content types: a start for another type within 15 minutes is throttled too", async () => {
    expect((await f.post("subscriptions/start?contentType=Audit.SharePoint")).status).toBe(200);
    f.clock.ms += MINUTE;
    const other = await f.post("subscriptions/start?contentType=DLP.All");
    expect(other.status).toBe(403);
    expect(other.json).toMatchObject({
      error: { code: "429", message: expect.stringMatching(/after 14m 0s\.$/) },
    });
    // A stop is never throttled, and a throttled start does not restart the wait.
    expect((await f.post("subscriptions/stop?contentType=Audit.General")).status).toBe(200);
    f.clock.ms += 14 * MINUTE;
    expect((await f.post("subscriptions/start?contentType=DLP.All")).status).toBe(200);
  });

  it("refuses a webhook off this machine without contacting it, saying why", async () => {
    for (const address of [
      "https://webhook.myapp.com/o365/",
      "https://192.0.2.10/hook",
      "https://127.0.0.1.nip.io/x",
    ]) {
      const res = await f.post(
        "subscriptions/start?contentType=Audit.SharePoint",
        JSON.stringify({ webhook: { address } }),
      );
      expect(res.status, address).toBe(400);
      expect(res.json, address).toEqual({
        error: {
          code: "AF20021",
          message: expect.stringMatching(
            new RegExp(
              `^The webhook endpoint ${address.replace(/[.]/g, "\\.")} could not be validated\\. The emulator does not contact hosts off this machine: .*allowExternalWebhooks`,
            ),
          ),
        },
      });
    }
    expect(hookCalls).toEqual([]);
    const list = (await f.get("subscriptions/list")).json as Array<{ contentType: string }>;
    expect(list.map((s) => s.contentType)).not.toContain("Audit.SharePoint");
  });

  it("rejects an unknown content type with AF20020 and a missing one with AF20001", async () => {
    expect(afCode(await f.post("subscriptions/start?contentType=Audit.Nope"))).toBe("AF20020");
    expect(afCode(await f.post("subscriptions/start"))).toBe("AF20001");
  });
});

describe("stop", () => {
  it("answers 200 with an empty body, is not throttled, and content then gives AF20023", async () => {
    const res = await f.post("subscriptions/stop?contentType=Audit.Exchange");
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    expect((await f.post("subscriptions/stop?contentType=Audit.Exchange")).status).toBe(200);
    const list = (await f.get("subscriptions/list")).json as Array<{ contentType: string; status: string }>;
    expect(list.find((s) => s.contentType === "Audit.Exchange")?.status).toBe("disabled");
    const content = await f.get("subscriptions/content?contentType=Audit.Exchange");
    expect(content.status).toBe(400);
    expect(afCode(content)).toBe("AF20023");
  });

  it("after a restart only new content is listed (the gap is lost)", async () => {
    await f.post("subscriptions/stop?contentType=Audit.Exchange");
    expect((await f.post("subscriptions/start?contentType=Audit.Exchange")).status).toBe(200);
    f.clock.ms += 11 * MINUTE;
    const res = await f.get("subscriptions/content?contentType=Audit.Exchange");
    expect(res.status).toBe(200);
    expect(res.json).toEqual([]);
  });

  it("right after stop then start, the start says enabled but list leaves it out and content answers AF20023 for a while", async () => {
    await f.post("subscriptions/stop?contentType=Audit.Exchange");
    const start = await f.post("subscriptions/start?contentType=Audit.Exchange");
    expect(start.json).toEqual({ contentType: "Audit.Exchange", status: "enabled", webhook: null });
    const listed = async () =>
      ((await f.get("subscriptions/list")).json as Array<{ contentType: string }>).map((s) => s.contentType);
    expect(await listed()).toEqual(["Audit.General"]);
    expect(afCode(await f.get("subscriptions/content?contentType=Audit.Exchange"))).toBe("AF20023");
    f.clock.ms += 9 * MINUTE;
    expect(afCode(await f.get("subscriptions/content?contentType=Audit.Exchange"))).toBe("AF20023");
    f.clock.ms += 2 * MINUTE;
    expect((await f.get("subscriptions/content?contentType=Audit.Exchange")).status).toBe(200);
    expect(await listed()).toEqual(["Audit.Exchange", "Audit.General"]);
  });

  it("gives AF20022 for content of a type never subscribed", async () => {
    const res = await f.get("subscriptions/content?contentType=DLP.All");
    expect(res.status).toBe(400);
    expect(afCode(res)).toBe("AF20022");
  });

  it("control.disableSubscription makes content answer AF20023", async () => {
    f.emu.control.disableSubscription("Audit.General");
    expect(afCode(await f.get("subscriptions/content?contentType=Audit.General"))).toBe("AF20023");
  });
});

describe("notifications", () => {
  it("is empty without a webhook and logs sent notifications with the five content fields once one exists", async () => {
    // The generated history ends at start: register the webhook three hours before it, then come back.
    f.clock.ms = f.startMs - 3 * 60 * MINUTE;
    expect((await f.get("subscriptions/notifications?contentType=Audit.Exchange")).json).toEqual([]);
    const body = JSON.stringify({ webhook: { address: hookUrl, authId: "a" } });
    expect((await f.post("subscriptions/start?contentType=Audit.Exchange", body)).status).toBe(200);
    f.clock.ms = f.startMs;
    const res = await f.get("subscriptions/notifications?contentType=Audit.Exchange");
    expect(res.status).toBe(200);
    const items = res.json as Array<Record<string, string>>;
    expect(items.length).toBeGreaterThan(0);
    expect(Object.keys(items[0]).sort()).toEqual(
      [
        "contentCreated",
        "contentExpiration",
        "contentId",
        "contentType",
        "contentUri",
        "notificationSent",
        "notificationStatus",
      ].sort(),
    );
    expect(items[0].notificationStatus).toBe("success");
  });
});
