import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, configHelp, loadConfig } from "../../src/config/load.js";

const base = {
  O365_TENANT_ID: "11111111-2222-3333-4444-555555555555",
  O365_CLIENT_ID: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
  O365_CLIENT_SECRET: "Sup3r~Secret.Value",
};

describe("cacheMemoryMb setting", () => {
  it("is unset by default, so the audit engine picks its own budget", () => {
    expect(loadConfig({ argv: [], env: base }).cacheMemoryMb).toBeUndefined();
  });

  it("is read from O365_CACHE_MEMORY_MB, --cache-memory-mb and the config file key, flag winning", () => {
    expect(loadConfig({ argv: [], env: { ...base, O365_CACHE_MEMORY_MB: "16" } }).cacheMemoryMb).toBe(16);
    const dir = mkdtempSync(join(tmpdir(), "o365cfg-"));
    const file = join(dir, "c.json");
    writeFileSync(file, JSON.stringify({ cacheMemoryMb: 8 }));
    expect(loadConfig({ argv: ["--config", file], env: base }).cacheMemoryMb).toBe(8);
    expect(
      loadConfig({ argv: ["--cache-memory-mb", "0"], env: { ...base, O365_CACHE_MEMORY_MB: "16" } })
        .cacheMemoryMb,
    ).toBe(0);
  });

  it("rejects a negative or non-numeric budget, naming the setting", () => {
    for (const value of ["-1", "lots"]) {
      let problems: string[] = [];
      try {
        loadConfig({ argv: [], env: { ...base, O365_CACHE_MEMORY_MB: value } });
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        problems = (e as ConfigError).problems;
      }
      expect(problems.join("\n")).toContain("O365_CACHE_MEMORY_MB");
    }
  });

  it("is listed in --help", () => {
    expect(configHelp()).toContain("--cache-memory-mb N | O365_CACHE_MEMORY_MB");
  });
});
