import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTokenProvider } from "../../src/auth/token-provider.js";
import type { Config } from "../../src/config/types.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle, FaultRule } from "../../src/emulator/types.js";
import { O365Error } from "../../src/errors.js";
import { createHttpClient } from "../../src/http/client.js";
import { createDispatcher } from "../../src/http/dispatcher.js";
import type { HttpClient, HttpEvent, TokenProvider } from "../../src/http/types.js";
import { emulatorConfig } from "../helpers/emulator-config.js";

let emu: EmulatorHandle;
let config: Config;
let tokens: TokenProvider;
let http: HttpClient;
let feed: string;

beforeAll(async () => {
  emu = await startEmulator({ quiet: true });
  config = emulatorConfig(emu, { overrides: { requestTimeoutMs: 400, maxRetries: 3 } });
  const dispatcher = createDispatcher(config);
  tokens = createTokenProvider(config, { dispatcher });
  http = createHttpClient({ config, tokens, dispatcher, backoffBaseMs: 10 });
  feed = `${emu.managementUrl}/api/v1.0/${emu.tenantId}/activity/feed`;
  await tokens.getToken("management");
});
afterAll(async () => {
  await http?.close();
  await emu?.close();
});
beforeEach(() => {
  emu.control.reset();
  emu.control.clearRequests();
});

const listUrl = () => `${feed}/subscriptions/list`;
const apiRequests = () => emu.control.requests().filter((r) => r.route !== "token");

async function failure(p: Promise<unknown>): Promise<O365Error> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(O365Error);
  return e as O365Error;
}

describe("HttpClient against the emulator", () => {
  it("GETs JSON with a bearer token and PublisherIdentifier-style query", async () => {
    const res = await http.request<unknown[]>({
      api: "management",
      url: listUrl(),
      query: { PublisherIdentifier: emu.tenantId, skip: undefined },
    });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.bytes).toBeGreaterThan(0);
    const [req] = apiRequests();
    expect(req?.query["PublisherIdentifier"]).toBe(emu.tenantId);
    expect(req?.query).not.toHaveProperty("skip");
  });

  const transient: [string, FaultRule][] = [
    ["429 with Retry-After", { route: "management", kind: "429", retryAfterSeconds: 1 }],
    ["AF429 on HTTP 403", { route: "management", kind: "af429" }],
    ["503", { route: "management", kind: "503" }],
    ["AF50000 on 500", { route: "management", kind: "500" }],
    ["a reset connection", { route: "management", kind: "reset" }],
    ["a truncated JSON body", { route: "management", kind: "truncated" }],
    ["a malformed JSON body", { route: "management", kind: "malformed" }],
  ];
  for (const [name, rule] of transient) {
    it(`retries ${name} to success`, async () => {
      emu.control.addFault(rule);
      const events: HttpEvent[] = [];
      const res = await http.request({ api: "management", url: listUrl(), onEvent: (e) => events.push(e) });
      expect(res.status).toBe(200);
      expect(Array.isArray(res.body)).toBe(true);
      expect(apiRequests()).toHaveLength(2);
      const retries = events.filter((e) => e.type === "retry");
      expect(retries).toHaveLength(1);
      if (rule.kind === "429") expect(retries[0]).toMatchObject({ waitMs: 1000 });
    });
  }

  for (const kind of ["503", "429"] as const) {
    it(`retries a token endpoint ${kind} (AADSTS90055) to success`, async () => {
      const config2 = emulatorConfig(emu, { overrides: { maxRetries: 3 } });
      const dispatcher = createDispatcher(config2);
      const fresh = createTokenProvider(config2, { dispatcher });
      const client = createHttpClient({ config: config2, tokens: fresh, dispatcher, backoffBaseMs: 10 });
      emu.control.addFault({ route: "token", kind, retryAfterSeconds: kind === "429" ? 1 : null });
      try {
        const res = await client.request({ api: "management", url: listUrl() });
        expect(res.status).toBe(200);
      } finally {
        await client.close();
      }
    });
  }

  it("gives up after maxRetries with the last error and its hint", async () => {
    emu.control.addFault({ route: "management", kind: "af429", times: 10 });
    const e = await failure(http.request({ api: "management", url: listUrl() }));
    expect(e.code).toBe("AF429");
    expect(e.status).toBe(403);
    expect(e.hint).toMatch(/quota/);
    expect(apiRequests()).toHaveLength(4);
  });

  it("does not retry a non-retryable 400 (AF20030)", async () => {
    const e = await failure(
      http.request({
        api: "management",
        url: `${feed}/subscriptions/content`,
        query: { contentType: "Audit.Exchange", startTime: "2020-01-01T00:00", endTime: "2020-01-03T00:00" },
      }),
    );
    expect(e.status).toBe(400);
    expect(["AF20030", "AF20055"]).toContain(e.code);
    expect(apiRequests()).toHaveLength(1);
  });

  it("a 401 invalidates the token and retries once with a fresh one", async () => {
    let calls = 0;
    const flaky: TokenProvider = {
      getToken: async (api, signal) =>
        ++calls === 1
          ? { token: "stale.token.value", expiresOn: new Date(Date.now() + 3_600_000) }
          : tokens.getToken(api, signal),
      invalidate: (api) => tokens.invalidate(api),
    };
    const client = createHttpClient({
      config,
      tokens: flaky,
      dispatcher: createDispatcher(config),
      backoffBaseMs: 10,
    });
    try {
      const res = await client.request({ api: "management", url: listUrl() });
      expect(res.status).toBe(200);
      expect(calls).toBe(2);
      expect(apiRequests().map((r) => r.status)).toEqual([401, 200]);
    } finally {
      await client.close();
    }
  });

  it("times out a slow answer with TIMEOUT", async () => {
    emu.control.setLatency(3000, "management");
    const started = Date.now();
    const e = await failure(http.request({ api: "management", url: listUrl() }));
    expect(e.code).toBe("TIMEOUT");
    expect(e.hint).toMatch(/O365_REQUEST_TIMEOUT_MS/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("times out a body that trickles in past the deadline", async () => {
    emu.control.addFault({ route: "management", kind: "slow-body", slowMs: 3000 });
    const e = await failure(http.request({ api: "management", url: listUrl(), retry: false }));
    expect(e.code).toBe("TIMEOUT");
  });

  it("cancels promptly on abort, also during a backoff sleep", async () => {
    emu.control.addFault({ route: "management", kind: "429", retryAfterSeconds: 30 });
    const ac = new AbortController();
    const p = http.request({ api: "management", url: listUrl(), signal: ac.signal });
    setTimeout(() => ac.abort(), 200);
    const started = Date.now();
    const e = await failure(p);
    expect(e.code).toBe("CANCELLED");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("fails without waiting when the server asks for more than the longest wait", async () => {
    emu.control.addFault({ route: "management", kind: "429", retryAfterSeconds: 600 });
    const e = await failure(http.request({ api: "management", url: listUrl() }));
    expect(e.status).toBe(429);
    expect(e.hint).toMatch(/wait 600s/);
    expect(apiRequests()).toHaveLength(1);
  });

  it("does not retry a malformed JSON answer to a POST (the POST may have taken effect)", async () => {
    emu.control.addFault({ route: "management", kind: "malformed", times: 2 });
    const e = await failure(
      http.request({
        api: "management",
        method: "POST",
        url: `${feed}/subscriptions/start`,
        query: { contentType: "Audit.General", PublisherIdentifier: emu.tenantId },
      }),
    );
    expect(e.code).toBe("BAD_RESPONSE");
    expect(e.retryable).toBe(false);
    expect(apiRequests()).toHaveLength(1);
  });

  it("refuses requests after close with CLOSED, before any connection", async () => {
    const client = createHttpClient({ config, tokens, dispatcher: createDispatcher(config) });
    await client.close();
    await client.close();
    const e = await failure(client.request({ api: "management", url: listUrl() }));
    expect(e.code).toBe("CLOSED");
    expect(apiRequests()).toHaveLength(0);
  });

  it("refuses a foreign-origin URL before any token or connection", async () => {
    let hits = 0;
    const foreign: Server = createServer((_req, res) => {
      hits++;
      res.end("[]");
    });
    await new Promise<void>((r) => foreign.listen(0, "127.0.0.1", r));
    const port = (foreign.address() as AddressInfo).port;
    let tokenAsked = 0;
    const counting: TokenProvider = {
      getToken: (api, s) => {
        tokenAsked++;
        return tokens.getToken(api, s);
      },
      invalidate: () => {},
    };
    const client = createHttpClient({ config, tokens: counting, dispatcher: createDispatcher(config) });
    try {
      for (const url of [
        `https://127.0.0.1:${port}/api/v1.0/${emu.tenantId}/activity/feed/audit/x`,
        `http://127.0.0.1:${port}/steal`,
        `${emu.loginUrl}/${emu.tenantId}/oauth2/v2.0/token`,
      ]) {
        const e = await failure(client.request({ api: "management", url }));
        expect(e.code).toBe("HOST_NOT_ALLOWED");
      }
      expect(hits).toBe(0);
      expect(tokenAsked).toBe(0);
      expect(client.isAllowedUrl(`${emu.managementUrl}/x`)).toBe(true);
      expect(client.isAllowedUrl(`https://127.0.0.1:${port}/x`)).toBe(false);
    } finally {
      await client.close();
      foreign.close();
    }
  });

  it("emits a request event per attempt without tokens in it", async () => {
    const events: HttpEvent[] = [];
    await http.request({ api: "management", url: listUrl(), onEvent: (e) => events.push(e) });
    expect(events).toEqual([
      expect.objectContaining({ type: "request", api: "management", method: "GET", status: 200 }),
    ]);
    const token = (await tokens.getToken("management")).token;
    expect(JSON.stringify(events)).not.toContain(token);
  });
});
