// Bearer, tenant and permission checks, the tenant throttle and bad input on the management listener
// (o365-api.md 1.2, 1.7, 1.8).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { appToken, claimsOf, send } from "./https-client.js";
import { afCode, type ManagementFixture, managementFixture } from "./management-fixture.js";

let f: ManagementFixture;

beforeAll(async () => {
  f = await managementFixture({ managementThrottlePerMinute: 25 });
});
afterAll(async () => f?.close());
beforeEach(() => {
  f.emu.control.reset();
  // A fresh minute for the throttle in every test.
  f.clock.ms = f.startMs + Math.floor(Math.random() * 1000) * 60_000;
});

const list = (authorization?: string, tenant = f.emu.tenantId) =>
  send(f.agent, `${f.emu.managementUrl}/api/v1.0/${tenant}/activity/feed/subscriptions/list`, {
    headers: authorization ? { authorization } : {},
  });

describe("bearer token", () => {
  it("answers 401 without a token", async () => {
    const res = await list();
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer/);
  });

  it("answers 401 for a token of another audience (Graph)", async () => {
    const graphToken = await appToken(f.agent, f.emu, f.emu.graphUrl);
    const res = await list(`Bearer ${graphToken}`);
    expect(res.status).toBe(401);
    expect(res.text).toContain("audience");
  });

  it("answers 401 for a tampered signature and for an expired token", async () => {
    const [h, p] = f.token.split(".");
    expect((await list(`Bearer ${h}.${p}.AAAA`)).status).toBe(401);
    f.clock.ms += 2 * 3_600_000;
    const fresh = await appToken(f.agent, f.emu, f.emu.managementUrl);
    f.clock.ms += 2 * 3_600_000;
    const res = await list(`Bearer ${fresh}`);
    expect(res.status).toBe(401);
    expect(res.text).toContain("expired");
  });

  it("answers AF20010 when the token's tenant differs from the URL's", async () => {
    const res = await list(
      `Bearer ${await appToken(f.agent, f.emu, f.emu.managementUrl)}`,
      "0b5e5b1e-1111-4222-8333-444455556666",
    );
    expect(afCode(res)).toBe("AF20010");
  });

  it("answers AF10001 for an app without ActivityFeed.Read", async () => {
    const token = await appToken(
      f.agent,
      f.emu,
      f.emu.managementUrl,
      f.emu.noRoleClientId,
      f.emu.noRoleClientSecret,
    );
    const res = await list(`Bearer ${token}`);
    expect(afCode(res)).toBe("AF10001");
    expect((res.json as { error: { message: string } }).error.message).toContain("ActivityFeed.Read");
  });

  it("accepts a delegated token whose scp carries ActivityFeed.Read", async () => {
    const res = await send(f.agent, f.emu.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        client_id: f.emu.clientId,
        client_secret: f.emu.clientSecret,
        refresh_token: f.emu.refreshToken,
        scope: `${f.emu.managementUrl}/.default offline_access`,
      }).toString(),
    });
    const token = (res.json as { access_token: string }).access_token;
    expect((await list(`Bearer ${token}`)).status).toBe(200);
  });
});

describe("DLP.All needs ActivityFeed.ReadDlp (o365-api.md 1.3)", () => {
  const noDlpToken = () =>
    appToken(f.agent, f.emu, f.emu.managementUrl, f.emu.noDlpClientId, f.emu.noDlpClientSecret);
  const as = (token: string, pathAndQuery: string, method: "GET" | "POST" = "GET") =>
    send(f.agent, `${f.root}/${pathAndQuery}`, { method, headers: { authorization: `Bearer ${token}` } });

  it("the ActivityFeed.Read-only app's token carries ActivityFeed.Read and not ActivityFeed.ReadDlp", async () => {
    const roles = claimsOf(await noDlpToken()).roles;
    expect(roles).toEqual(["ActivityFeed.Read"]);
    expect(claimsOf(f.token).roles).toContain("ActivityFeed.ReadDlp");
  });

  it("refuses every DLP.All operation with 401 AF10001 and the live text listing the token's permissions", async () => {
    const token = await noDlpToken();
    const now = f.clock.ms;
    const window = `startTime=${new Date(now - 3_600_000).toISOString()}&endTime=${new Date(now).toISOString()}`;
    for (const [path, method] of [
      [`subscriptions/content?contentType=DLP.All&${window}`, "GET"],
      ["subscriptions/notifications?contentType=DLP.All", "GET"],
      ["subscriptions/start?contentType=DLP.All", "POST"],
      ["subscriptions/stop?contentType=DLP.All", "POST"],
    ] as const) {
      const res = await as(token, path, method);
      expect(res.status, path).toBe(401);
      expect(res.json, path).toEqual({
        error: {
          code: "AF10001",
          message:
            "The permission set (ActivityFeed.Read) sent in the request does not include the expected permission.",
        },
      });
    }
    expect((await as(token, `subscriptions/content?contentType=Audit.Exchange&${window}`)).status).toBe(200);
    expect((await as(token, "subscriptions/list")).status).toBe(200);
  });

  it("a DLP.All blob fetched by its contentUri is refused too", async () => {
    const listed = await f.get("subscriptions/content?contentType=DLP.All");
    const blobs = listed.json as Array<{ contentUri: string }>;
    expect(blobs.length).toBeGreaterThan(0);
    const token = await noDlpToken();
    const blob = await send(f.agent, blobs[0].contentUri, { headers: { authorization: `Bearer ${token}` } });
    expect(blob.status).toBe(401);
    expect(afCode(blob)).toBe("AF10001");
    expect((await f.get(blobs[0].contentUri)).status).toBe(200);
  });
});

describe("request validation", () => {
  it("answers AF20013 for a tenant that is not a GUID", async () => {
    const res = await list(`Bearer ${f.token}`, "contoso.onmicrosoft.com");
    expect(res.status).toBe(400);
    expect(afCode(res)).toBe("AF20013");
  });

  it("answers a JSON 404 for an unknown route and 405 for a wrong method", async () => {
    const res = await f.get("subscriptions/everything");
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error: { code: "NotFound" } });
    expect((await send(f.agent, `${f.emu.managementUrl}/nowhere`)).status).toBe(404);
    expect((await f.get("subscriptions/start?contentType=Audit.Exchange")).status).toBe(405);
  });

  it("answers 404 for operation names inherited from Object.prototype", async () => {
    for (const name of ["constructor", "toString", "__proto__"]) {
      const res = await f.get(name);
      expect(res.status, name).toBe(404);
      expect(res.json).toMatchObject({ error: { code: "NotFound" } });
    }
  });

  it("survives garbage: a bad JSON body, odd percent-encoding and a huge query", async () => {
    expect(afCode(await f.post("subscriptions/start?contentType=Audit.SharePoint", "{not json"))).toBe(
      "AF20002",
    );
    expect((await f.get("audit/%E0%A4%A")).status).toBe(400);
    expect(
      (
        await f.get(
          `subscriptions/content?contentType=Audit.Exchange&startTime=${"9".repeat(5000)}&endTime=x`,
        )
      ).status,
    ).toBe(400);
    expect((await f.get("subscriptions/list")).status).toBe(200);
  });

  it("keeps every listener answering after odd methods and paths", async () => {
    const origins = [f.emu.loginUrl, f.emu.managementUrl, f.emu.graphUrl, f.emu.reportingUrl];
    for (const origin of origins) {
      for (const path of ["/", "/%zz", "/a/../../b", `/${"x".repeat(4000)}`, "/_emulator/nothing"]) {
        for (const method of ["GET", "POST", "DELETE"] as const) {
          const res = await send(f.agent, `${origin}${path}`, {
            method,
            body: method === "POST" ? "\u0000{" : undefined,
          });
          expect(res.status, `${method} ${origin}${path.slice(0, 20)}`).toBeGreaterThanOrEqual(200);
          expect(res.status, `${method} ${origin}${path.slice(0, 20)}`).toBeLessThan(500);
        }
      }
    }
    expect((await f.get("subscriptions/list")).status).toBe(200);
  });

  it("accepts PublisherIdentifier on every operation", async () => {
    const q = `PublisherIdentifier=${f.emu.tenantId}`;
    expect((await f.get(`subscriptions/list?${q}`)).status).toBe(200);
    expect((await f.get(`subscriptions/content?contentType=Audit.Exchange&${q}`)).status).toBe(200);
    expect((await f.get(`resources/dlpSensitiveTypes?${q}`)).status).toBe(200);
  });
});

describe("tenant throttle", () => {
  it("answers AF429 on HTTP 403 past the per-minute budget, naming method and publisher, and recovers next minute", async () => {
    f.clock.ms = Math.floor(f.clock.ms / 60_000) * 60_000;
    for (let i = 0; i < 25; i++) expect((await f.get("subscriptions/list")).status).toBe(200);
    const res = await f.get(
      `subscriptions/content?contentType=Audit.Exchange&PublisherIdentifier=${f.emu.tenantId}`,
    );
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      error: {
        code: "AF429",
        message: `Too many requests. Method=ListContent, PublisherId=${f.emu.tenantId}`,
      },
    });
    const anonymous = await f.get("subscriptions/list");
    expect((anonymous.json as { error: { message: string } }).error.message).toContain(
      "PublisherId=00000000-0000-0000-0000-000000000000",
    );
    f.clock.ms += 60_000;
    expect((await f.get("subscriptions/list")).status).toBe(200);
  });
});
