// Fault injection, latency, request recording and the loopback control routes (design.md 9).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createControlRoute } from "../../src/emulator/control.js";
import { FAULT_KIND_NAMES, faultEffect } from "../../src/emulator/faults/kinds.js";
import { form, send } from "./https-client.js";
import { afCode, type ManagementFixture, managementFixture } from "./management-fixture.js";

let f: ManagementFixture;
beforeAll(async () => {
  f = await managementFixture();
});
afterAll(async () => f?.close());
beforeEach(() => f.emu.control.reset());

const listPath = "subscriptions/list";

describe("fault kinds", () => {
  it("answers AF50000 on 500 for the management API, once per armed time", async () => {
    f.emu.control.addFault({ route: "management", kind: "500", times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await f.get(listPath);
      expect(res.status).toBe(500);
      expect(res.json).toEqual({
        error: { code: "AF50000", message: "An internal error occurred. Retry the request." },
      });
    }
    expect((await f.get(listPath)).status).toBe(200);
  });

  it("answers AF429 on 403, without Retry-After by default and with it when asked", async () => {
    f.emu.control.addFault({ route: "content", kind: "af429" });
    const blob = (
      (await f.get("subscriptions/content?contentType=Audit.Exchange")).json as Array<{ contentUri: string }>
    )[0];
    const res = await f.get(blob.contentUri);
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      error: {
        code: "AF429",
        message: "Too many requests. Method=GetBlob, PublisherId=00000000-0000-0000-0000-000000000000",
      },
    });
    expect(res.headers["retry-after"]).toBeUndefined();
    f.emu.control.addFault({ route: "content", kind: "af429", retryAfterSeconds: 7 });
    expect((await f.get(blob.contentUri)).headers["retry-after"]).toBe("7");
    expect((await f.get(blob.contentUri)).status).toBe(200);
  });

  it("names the operation of the request in an injected AF429, as the tenant throttle does", async () => {
    f.emu.control.addFault({ route: "management", kind: "af429", times: 2 });
    const dlp = await f.get(`resources/dlpSensitiveTypes?PublisherIdentifier=${f.emu.tenantId}`);
    expect((dlp.json as { error: { message: string } }).error.message).toBe(
      `Too many requests. Method=GetDlpSensitiveTypes, PublisherId=${f.emu.tenantId}`,
    );
    const start = await f.post("subscriptions/start?contentType=Audit.Exchange", "");
    expect((start.json as { error: { message: string } }).error.message).toContain(
      "Method=StartSubscription,",
    );
  });

  it("answers HTTP 429 with Retry-After unless retryAfterSeconds is null", async () => {
    f.emu.control.addFault({ route: "management", kind: "429", retryAfterSeconds: 3 });
    const res = await f.get(listPath);
    expect(res.status).toBe(429);
    expect(res.headers["retry-after"]).toBe("3");
    f.emu.control.addFault({ route: "management", kind: "429", retryAfterSeconds: null });
    expect((await f.get(listPath)).headers["retry-after"]).toBeUndefined();
  });

  it("answers 503 on the token endpoint in the AADSTS-like shape", async () => {
    f.emu.control.addFault({ route: "token", kind: "503", retryAfterSeconds: 1 });
    const res = await send(f.agent, f.emu.tokenUrl, {
      method: "POST",
      ...form({
        grant_type: "client_credentials",
        client_id: f.emu.clientId,
        client_secret: f.emu.clientSecret,
        scope: `${f.emu.managementUrl}/.default`,
      }),
    });
    expect(res.status).toBe(503);
    expect(res.headers["retry-after"]).toBe("1");
  });

  it("resets the connection without an answer", async () => {
    f.emu.control.addFault({ route: "management", kind: "reset" });
    await expect(f.get(listPath)).rejects.toThrow();
    expect((await f.get(listPath)).status).toBe(200);
  });

  it("cuts the JSON body in half for truncated and sends non-JSON for malformed, both with 200", async () => {
    const whole = (await f.get(listPath)).text;
    f.emu.control.addFault({ route: "management", kind: "truncated" });
    const cut = await f.get(listPath);
    expect(cut.status).toBe(200);
    expect(cut.text).toBe(whole.slice(0, Math.floor(whole.length / 2)));
    expect(cut.json).toBeUndefined();
    f.emu.control.addFault({ route: "management", kind: "malformed" });
    const bad = await f.get(listPath);
    expect(bad.status).toBe(200);
    expect(bad.json).toBeUndefined();
  });

  it("trickles the body out over slowMs for slow-body", async () => {
    f.emu.control.addFault({ route: "management", kind: "slow-body", slowMs: 400 });
    const t0 = Date.now();
    const res = await f.get(listPath);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(Array.isArray(res.json)).toBe(true);
  });

  it("applies a fault on route * to any service and leaves other routes alone", async () => {
    f.emu.control.addFault({ route: "graph", kind: "500" });
    expect((await f.get(listPath)).status).toBe(200);
    f.emu.control.clearFaults();
    f.emu.control.addFault({ route: "*", kind: "500" });
    expect((await f.get(listPath)).status).toBe(500);
  });
});

describe("Date header", () => {
  it("follows the emulator clock", async () => {
    f.clock.ms = Date.parse("2026-11-20T10:00:00Z");
    const res = await f.get(listPath);
    expect(res.headers.date).toBe("Fri, 20 Nov 2026 10:00:00 GMT");
    f.clock.ms = f.startMs;
  });
});

describe("latency", () => {
  it("delays the chosen route only", async () => {
    f.emu.control.setLatency(300, "management");
    let t0 = Date.now();
    await f.get(listPath);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    f.emu.control.setLatency(0, "management");
    t0 = Date.now();
    await f.get(listPath);
    expect(Date.now() - t0).toBeLessThan(280);
  });
});

describe("recording", () => {
  it("records method, path, query, route and status, with the Authorization value redacted", async () => {
    f.emu.control.clearRequests();
    await f.get(`subscriptions/content?contentType=Audit.Exchange&PublisherIdentifier=${f.emu.tenantId}`);
    const [rec] = f.emu.control.requests();
    expect(rec).toMatchObject({
      method: "GET",
      path: `/api/v1.0/${f.emu.tenantId}/activity/feed/subscriptions/content`,
      query: { contentType: "Audit.Exchange", PublisherIdentifier: f.emu.tenantId },
      route: "management",
      status: 200,
    });
    expect(rec.headers.authorization).toBe("Bearer [redacted]");
    expect(JSON.stringify(f.emu.control.requests())).not.toContain(f.token);
  });

  it("redacts credentials sent in a query string", async () => {
    f.emu.control.clearRequests();
    await send(f.agent, `${f.emu.tokenUrl}?client_secret=${encodeURIComponent(f.emu.clientSecret)}`, {
      method: "POST",
    });
    const [rec] = f.emu.control.requests();
    expect(rec.query.client_secret).toBe("[redacted]");
    expect(JSON.stringify(rec)).not.toContain(f.emu.clientSecret);
  });

  it("never records a client secret sent with HTTP Basic", async () => {
    f.emu.control.clearRequests();
    const basic = Buffer.from(`${f.emu.clientId}:${f.emu.clientSecret}`).toString("base64");
    await send(f.agent, f.emu.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${basic}` },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        scope: `${f.emu.managementUrl}/.default`,
      }).toString(),
    });
    const text = JSON.stringify(f.emu.control.requests());
    expect(text).not.toContain(basic);
    expect(text).not.toContain(f.emu.clientSecret);
  });
});

describe("control routes", () => {
  const control = (method: "GET" | "POST" | "DELETE", path: string, body?: unknown) =>
    send(f.agent, `${f.emu.managementUrl}/_emulator/${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("arms a fault rule over HTTP and lists recorded requests", async () => {
    expect((await control("POST", "faults", { route: "management", kind: "500" })).status).toBe(200);
    expect((await f.get(listPath)).status).toBe(500);
    const recorded = await control("GET", "requests");
    expect((recorded.json as Array<{ status: number }>).some((r) => r.status === 500)).toBe(true);
  });

  it("accepts every kind of the fault-kind table and refuses any other with 400", async () => {
    for (const kind of FAULT_KIND_NAMES) {
      expect((await control("POST", "faults", { route: "graph", kind })).status, kind).toBe(200);
      expect(Object.keys(faultEffect(kind)), kind).not.toEqual([]);
    }
    expect((await control("POST", "faults", { route: "graph", kind: "teapot" })).status).toBe(400);
  });

  it("rejects an invalid fault rule with 400", async () => {
    const res = await control("POST", "faults", { route: "everywhere", kind: "500" });
    expect(res.status).toBe(400);
  });

  it("answers 400 for a body that is not JSON and 404 for an unknown control route", async () => {
    const bad = await send(f.agent, `${f.emu.managementUrl}/_emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{route:",
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ error: "body is not JSON" });
    const unknown = await control("POST", "explode");
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: "unknown control route POST explode" });
  });

  it("answers 413 for a request body over 4 MiB, without running the route", async () => {
    f.emu.control.clearRequests();
    const res = await send(f.agent, f.emu.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `grant_type=client_credentials&pad=${"x".repeat(4 * 1024 * 1024)}`,
    });
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ error: { code: "RequestEntityTooLarge" } });
    expect(f.emu.control.requests()).toEqual([]);
  });

  it("resets subscriptions and faults", async () => {
    await f.post("subscriptions/stop?contentType=Audit.Exchange");
    await control("POST", "faults", { route: "management", kind: "500", times: 5 });
    expect((await control("POST", "reset")).status).toBe(200);
    const res = await f.get("subscriptions/content?contentType=Audit.Exchange");
    expect(res.status).toBe(200);
  });

  it("disables a subscription and revokes refresh tokens over HTTP", async () => {
    await control("POST", "disable-subscription", { contentType: "Audit.Exchange" });
    expect(afCode(await f.get("subscriptions/content?contentType=Audit.Exchange"))).toBe("AF20023");
    await control("POST", "revoke-refresh-tokens");
    const res = await send(f.agent, f.emu.tokenUrl, {
      method: "POST",
      ...form({
        grant_type: "refresh_token",
        client_id: f.emu.clientId,
        client_secret: f.emu.clientSecret,
        refresh_token: f.emu.refreshToken,
      }),
    });
    expect(res.json).toMatchObject({ error: "invalid_grant", error_codes: [50173] });
  });
});

describe("control route peer check", () => {
  it("rejects a control request from a non-loopback peer with 403", async () => {
    const route = createControlRoute(f.emu.control);
    const res = await route({
      method: "POST",
      url: new URL(`${f.emu.managementUrl}/_emulator/reset`),
      headers: {},
      body: Buffer.alloc(0),
      remoteAddress: "10.1.2.3",
    });
    expect(res?.status).toBe(403);
  });
});
