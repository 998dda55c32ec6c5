import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenProvider } from "../../src/auth/token-provider.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { O365Error } from "../../src/errors.js";
import { createHttpClient } from "../../src/http/client.js";
import { createDispatcher } from "../../src/http/dispatcher.js";
import type { HttpClient, HttpEvent } from "../../src/http/types.js";
import { emulatorConfig } from "../helpers/emulator-config.js";

let emu: EmulatorHandle;
let clock = new Date();
const closers: HttpClient[] = [];

beforeAll(async () => {
  emu = await startEmulator({ quiet: true, now: () => clock, subscribed: [] });
});
afterAll(async () => {
  await Promise.all(closers.map((c) => c.close()));
  await emu?.close();
});

function client(perMinute = 2000, windowMs?: number) {
  const config = emulatorConfig(emu, { overrides: { managementPerMinute: perMinute } });
  const dispatcher = createDispatcher(config);
  const tokens = createTokenProvider(config, { dispatcher, now: () => clock });
  const http = createHttpClient({
    config,
    tokens,
    dispatcher,
    rateWindowsMs: { management: windowMs },
    backoffBaseMs: 10,
  });
  closers.push(http);
  return http;
}

describe("throttling", () => {
  it("the client-side limit holds requests back and reports throttle-wait", async () => {
    const http = client(2, 1500);
    const events: HttpEvent[] = [];
    const url = `${emu.managementUrl}/api/v1.0/${emu.tenantId}/activity/feed/subscriptions/list`;
    await http.request({ api: "management", url });
    const started = Date.now();
    for (let i = 0; i < 2; i++)
      await http.request({ api: "management", url, onEvent: (e) => events.push(e) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(events.filter((e) => e.type === "throttle-wait")).toHaveLength(1);
  });

  it("the subscription start throttle ('429' on 403) is retried when the wait is short, refused when long", async () => {
    const http = client();
    const start = `${emu.managementUrl}/api/v1.0/${emu.tenantId}/activity/feed/subscriptions/start`;
    const t0 = new Date();
    clock = t0;
    await http.request({
      api: "management",
      method: "POST",
      url: start,
      query: { contentType: "Audit.General" },
    });

    // 10 minutes later the wait is about 5 minutes: too long to sit out, the hint carries it.
    clock = new Date(t0.getTime() + 10 * 60_000);
    const e = await http
      .request({ api: "management", method: "POST", url: start, query: { contentType: "Audit.General" } })
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(O365Error);
    expect((e as O365Error).code).toBe("429");
    expect((e as O365Error).status).toBe(403);
    expect((e as O365Error).hint).toMatch(/wait 5m 0s/);

    // One second before the 15 minutes are up: the client waits ~1 s and retries.
    clock = new Date(t0.getTime() + 15 * 60_000 - 1000);
    const events: HttpEvent[] = [];
    // The retry gets past the throttle; the subscription is already enabled, so it ends in AF20024.
    const final = await http
      .request({
        api: "management",
        method: "POST",
        url: start,
        query: { contentType: "Audit.General" },
        onEvent: (ev) => {
          events.push(ev);
          if (ev.type === "retry") clock = new Date(t0.getTime() + 16 * 60_000);
        },
      })
      .catch((err: unknown) => err);
    expect((final as O365Error).code).toBe("AF20024");
    const retry = events.find((ev) => ev.type === "retry");
    expect(retry).toMatchObject({ reason: "429 (HTTP 403)", waitMs: 1000 });
  }, 15_000);
});
