// Refresh-token mode across two server processes: the rotated refresh token persists in O365_TOKEN_CACHE
// (mode 0600), so a restart works without the original O365_REFRESH_TOKEN.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { emulatorEnv } from "../helpers/emulator-config.js";
import { cleanEnv, killAll, runCli } from "../helpers/run-cli.js";

let emu: EmulatorHandle;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator();
  dir = mkdtempSync(join(tmpdir(), "o365-rt-"));
});
afterAll(async () => {
  killAll();
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

function envFor(cache: string, refreshToken?: string): Record<string, string> {
  return cleanEnv({
    ...emulatorEnv(emu),
    O365_AUTH_MODE: "refresh_token",
    ...(refreshToken ? { O365_REFRESH_TOKEN: refreshToken } : {}),
    O365_TOKEN_CACHE: cache,
  });
}

/** The refresh-token secrets MSAL wrote to its serialized cache. */
function cachedRefreshTokens(cache: string): string[] {
  const json = JSON.parse(readFileSync(cache, "utf8")) as {
    RefreshToken?: Record<string, { secret: string }>;
  };
  return Object.values(json.RefreshToken ?? {}).map((t) => t.secret);
}

describe("refresh-token rotation across server processes", { timeout: 180_000 }, () => {
  it("persists the rotated token with mode 0600 and a second process needs only the cache file", async () => {
    const cache = join(dir, "msal-cache.json");

    const first = await runCli(["call", "list_subscriptions", "{}"], envFor(cache, emu.refreshToken));
    expect(first.code, first.stderr).toBe(0);
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    const afterFirst = cachedRefreshTokens(cache);
    expect(afterFirst.length).toBeGreaterThan(0);
    expect(afterFirst).not.toContain(emu.refreshToken); // rotated, not the one we were given

    // Drop the cached access tokens, as if they had expired: the second process must redeem the rotated
    // refresh token it finds in the cache.
    const json = JSON.parse(readFileSync(cache, "utf8"));
    json.AccessToken = {};
    writeFileSync(cache, JSON.stringify(json), { mode: 0o600 });

    const second = await runCli(["call", "list_subscriptions", "{}"], envFor(cache));
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).subscriptions.length).toBeGreaterThan(0);
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    const tokenGrants = emu.control
      .requests()
      .filter((r) => r.route === "token" && r.method === "POST" && r.status === 200);
    expect(tokenGrants.length).toBeGreaterThanOrEqual(2); // each process redeemed a refresh token
    const afterSecond = cachedRefreshTokens(cache);
    expect(afterSecond.some((t) => !afterFirst.includes(t))).toBe(true); // rotated again, and saved
  });

  it("refuses to start with neither a refresh token nor a cache file, naming both", async () => {
    const result = await runCli(["call", "list_subscriptions", "{}"], envFor(join(dir, "missing.json")));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/O365_REFRESH_TOKEN/);
    expect(result.stderr).toMatch(/O365_TOKEN_CACHE/);
  });
});
