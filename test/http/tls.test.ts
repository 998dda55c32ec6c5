import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenProvider } from "../../src/auth/token-provider.js";
import type { RawConfigInput } from "../../src/config/load.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { O365Error } from "../../src/errors.js";
import { createHttpClient } from "../../src/http/client.js";
import { createDispatcher } from "../../src/http/dispatcher.js";
import { emulatorConfig } from "../helpers/emulator-config.js";

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ quiet: true });
});
afterAll(async () => {
  await emu?.close();
});

function client(overrides: Partial<RawConfigInput>) {
  const config = emulatorConfig(emu, { overrides });
  const dispatcher = createDispatcher(config);
  const tokens = createTokenProvider(config, { dispatcher });
  return { http: createHttpClient({ config, tokens, dispatcher }), tokens };
}

describe("TLS settings", () => {
  it("without the emulator CA, the token request fails with a TLS error that points at O365_CA_FILE", async () => {
    const { http, tokens } = client({ caFile: undefined });
    try {
      const e = await tokens.getToken("management").catch((err: unknown) => err);
      expect(e).toBeInstanceOf(O365Error);
      expect((e as O365Error).api).toBe("auth");
      expect((e as O365Error).hint).toMatch(/O365_CA_FILE/);
    } finally {
      await http.close();
    }
  });

  it("with verification off (--no-verify-tls) the same server is reachable", async () => {
    const { http } = client({ caFile: undefined, verifyTls: false });
    try {
      const res = await http.request({
        api: "management",
        url: `${emu.managementUrl}/api/v1.0/${emu.tenantId}/activity/feed/subscriptions/list`,
      });
      expect(res.status).toBe(200);
    } finally {
      await http.close();
    }
  });
});
