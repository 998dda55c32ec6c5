import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { configSchema, settingsSchema } from "../../src/config/schema.js";
import { SETTINGS } from "../../src/config/settings.js";

const base = {
  O365_TENANT_ID: "11111111-2222-3333-4444-555555555555",
  O365_CLIENT_ID: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
  O365_CLIENT_SECRET: "Sup3r~Secret.Value",
};

describe("config schemas", () => {
  it("accept their own output, so loadConfig's final parse changes nothing", () => {
    const config = loadConfig({
      argv: ["--transport", "http", "--allowed-origin", "https://a.example"],
      env: {
        ...base,
        O365_MCP_HTTP_TOKEN: "t",
        O365_SCOPES: "graph=https://g.example/.default",
        O365_CACHE_MEMORY_MB: "8",
      },
    });
    expect(configSchema.parse(config)).toEqual(config);
  });

  it("give every setting with a default that default when no source sets it", () => {
    const settings = settingsSchema.parse({});
    for (const s of SETTINGS) {
      expect(settings[s.key as keyof typeof settings], s.key).toEqual(s.default);
    }
  });
});
