import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTokenProvider } from "../../src/auth/token-provider.js";
import type { RawConfigInput } from "../../src/config/load.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { O365Error } from "../../src/errors.js";
import { createDispatcher } from "../../src/http/dispatcher.js";
import { emulatorConfig } from "../helpers/emulator-config.js";

let emu: EmulatorHandle;
const dispatchers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  emu = await startEmulator({ quiet: true });
});
afterAll(async () => {
  await Promise.all(dispatchers.map((d) => d.close()));
  await emu?.close();
});
beforeEach(() => {
  emu.control.reset();
  emu.control.clearRequests();
});

function provider(overrides: Partial<RawConfigInput> = {}, logs: string[] = []) {
  const config = emulatorConfig(emu, { overrides });
  const dispatcher = createDispatcher(config);
  dispatchers.push(dispatcher);
  return createTokenProvider(config, { dispatcher, log: (l) => logs.push(l) });
}

function tokenRequests(): number {
  return emu.control.requests().filter((r) => r.route === "token").length;
}

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"));
}

async function authError(p: Promise<unknown>): Promise<O365Error> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(O365Error);
  return e as O365Error;
}

describe("client credentials", () => {
  it("gets a management token with a client secret, audience = the management origin", async () => {
    const tokens = provider();
    const t = await tokens.getToken("management");
    expect(claims(t.token)["aud"]).toBe(emu.managementUrl);
    expect(claims(t.token)["tid"]).toBe(emu.tenantId);
    expect(t.expiresOn.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
  });

  it("gets tokens with a certificate credential (PEM with cert + key)", async () => {
    const tokens = provider({
      clientSecret: undefined,
      clientId: emu.certClientId,
      clientCertFile: writeTemp("c.pem", emu.certPem),
    });
    const t = await tokens.getToken("graph");
    expect(claims(t.token)["aud"]).toBe(emu.graphUrl);
  });

  it("caches per API and shares one in-flight request among concurrent callers", async () => {
    const tokens = provider();
    const all = await Promise.all(Array.from({ length: 8 }, () => tokens.getToken("management")));
    expect(new Set(all.map((t) => t.token)).size).toBe(1);
    expect(tokenRequests()).toBe(1);
    await tokens.getToken("management");
    expect(tokenRequests()).toBe(1);
    await tokens.getToken("reporting");
    expect(tokenRequests()).toBe(2);
  });

  it("invalidate(api) forces a new token request", async () => {
    const tokens = provider();
    await tokens.getToken("management");
    tokens.invalidate("management");
    await tokens.getToken("management");
    expect(tokenRequests()).toBe(2);
  });

  it("a wrong secret says to use the secret value, and never echoes the secret", async () => {
    const tokens = provider({ clientSecret: "WRONG-secret-value-xyz" });
    const e = await authError(tokens.getToken("management"));
    expect(e.api).toBe("auth");
    expect(e.code).toBe("AADSTS7000215");
    expect(e.hint).toMatch(/secret value, not its id/);
    expect(`${e.message} ${e.hint}`).not.toContain("WRONG-secret-value-xyz");
  });

  it("an unknown client id points at the client id and tenant", async () => {
    const tokens = provider({ clientId: "99999999-9999-4999-8999-999999999999" });
    const e = await authError(tokens.getToken("management"));
    expect(e.code).toBe("AADSTS700016");
    expect(e.hint).toMatch(/O365_CLIENT_ID/);
  });

  it("retries a reset connection to the token endpoint", async () => {
    emu.control.addFault({ route: "token", kind: "reset" });
    const tokens = provider();
    await expect(tokens.getToken("management")).resolves.toHaveProperty("token");
  });

  it("an aborted signal stops the wait with CANCELLED", async () => {
    emu.control.setLatency(2000, "token");
    const tokens = provider();
    const ac = new AbortController();
    const started = Date.now();
    const p = tokens.getToken("management", ac.signal);
    setTimeout(() => ac.abort(), 50);
    const e = await authError(p);
    expect(e.code).toBe("CANCELLED");
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("refresh token grant", () => {
  it("persists the rotated refresh token (mode 0600) so a second provider works without O365_REFRESH_TOKEN", async () => {
    const cache = join(mkdtempSync(join(tmpdir(), "o365-cache-")), "sub", "cache.json");
    const first = provider({ authMode: "refresh_token", refreshToken: emu.refreshToken, tokenCache: cache });
    const t1 = await first.getToken("management");
    expect(claims(t1.token)["aud"]).toBe(emu.managementUrl);
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    const persisted = readFileSync(cache, "utf8");
    expect(persisted).toContain("RefreshToken");
    expect(persisted).not.toContain(emu.refreshToken);

    // A second process: no O365_REFRESH_TOKEN, only the cache; a new API needs the refresh token.
    const second = provider({ authMode: "refresh_token", tokenCache: cache });
    const t2 = await second.getToken("graph");
    expect(claims(t2.token)["aud"]).toBe(emu.graphUrl);
    expect(statSync(cache).mode & 0o777).toBe(0o600);
  });

  it("a revoked refresh token says to re-run consent and set a new O365_REFRESH_TOKEN", async () => {
    emu.control.revokeRefreshTokens();
    const tokens = provider({ authMode: "refresh_token", refreshToken: emu.refreshToken });
    const e = await authError(tokens.getToken("management"));
    expect(e.api).toBe("auth");
    expect(e.code).toMatch(/^AADSTS(50173|700082|70008)$/);
    expect(e.hint).toMatch(/O365_REFRESH_TOKEN/);
    expect(`${e.message} ${e.hint}`).not.toContain(emu.refreshToken);
  });
});

function writeTemp(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "o365-auth-")), name);
  writeFileSync(path, content);
  return path;
}
