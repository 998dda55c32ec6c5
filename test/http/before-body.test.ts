// ApiRequest.beforeBody: the hook the audit search uses to take its byte budget once an answer's headers
// are in. It hears the Content-Length, may wait without the request timing out, and a refusal fails the
// request (the body is dropped, the connection freed).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenProvider } from "../../src/auth/token-provider.js";
import type { Config } from "../../src/config/types.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { createHttpClient } from "../../src/http/client.js";
import { createDispatcher } from "../../src/http/dispatcher.js";
import type { HttpClient } from "../../src/http/types.js";
import { emulatorConfig } from "../helpers/emulator-config.js";

let emu: EmulatorHandle;
let config: Config;
let http: HttpClient;
let listUrl: string;

beforeAll(async () => {
  emu = await startEmulator({ quiet: true });
  config = emulatorConfig(emu, { overrides: { requestTimeoutMs: 300, maxRetries: 0 } });
  const dispatcher = createDispatcher(config);
  const tokens = createTokenProvider(config, { dispatcher });
  http = createHttpClient({ config, tokens, dispatcher, backoffBaseMs: 10 });
  listUrl = `${emu.managementUrl}/api/v1.0/${emu.tenantId}/activity/feed/subscriptions/list`;
  await tokens.getToken("management");
});
afterAll(async () => {
  await http?.close();
  await emu?.close();
});

describe("beforeBody", () => {
  it("hears the body's Content-Length before the body is read", async () => {
    const declared: (number | undefined)[] = [];
    const res = await http.request({
      api: "management",
      url: listUrl,
      beforeBody: async (n) => {
        declared.push(n);
      },
    });
    expect(declared).toHaveLength(1);
    expect(declared[0]).toBe(res.bytes);
  });

  it("may wait longer than the request timeout without the request timing out", async () => {
    const res = await http.request({
      api: "management",
      url: listUrl,
      beforeBody: () => new Promise((r) => setTimeout(r, 700)), // timeout is 300 ms
    });
    expect(res.status).toBe(200);
  });

  it("fails the request with the hook's error, and the connection serves the next request", async () => {
    const refused = new Error("no budget");
    await expect(
      http.request({
        api: "management",
        url: listUrl,
        beforeBody: async () => {
          throw refused;
        },
      }),
    ).rejects.toThrow(/no budget|network|could not/i);
    const next = await http.request({ api: "management", url: listUrl });
    expect(next.status).toBe(200);
  });

  it("is not called for an error answer", async () => {
    let called = false;
    await expect(
      http.request({
        api: "management",
        url: `${emu.managementUrl}/api/v1.0/${emu.tenantId}/activity/feed/nothing-here`,
        beforeBody: async () => {
          called = true;
        },
      }),
    ).rejects.toBeDefined();
    expect(called).toBe(false);
  });
});
