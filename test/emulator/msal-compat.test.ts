// The emulated Entra endpoint must satisfy @azure/msal-node itself (metadata, client_info, id_token, assertion
// format), so the product's auth layer can run unchanged against it. MSAL is a library, not our client code.
import { createHash, X509Certificate } from "node:crypto";
import { ConfidentialClientApplication, type INetworkModule, type NetworkResponse } from "@azure/msal-node";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { splitPem } from "./assertion.js";
import { claimsOf, trustingAgent } from "./https-client.js";

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ quiet: true });
});
afterAll(async () => emu?.close());

function networkClient(): INetworkModule {
  const agent = trustingAgent(emu);
  const go = async <T>(
    url: string,
    method: "GET" | "POST",
    options?: { headers?: Record<string, string>; body?: string },
  ) => {
    const res = await request(url, {
      dispatcher: agent,
      method,
      headers: options?.headers,
      body: options?.body,
    });
    const body = JSON.parse(await res.body.text()) as T;
    return {
      headers: res.headers as Record<string, string>,
      body,
      status: res.statusCode,
    } satisfies NetworkResponse<T>;
  };
  return { sendGetRequestAsync: (u, o) => go(u, "GET", o), sendPostRequestAsync: (u, o) => go(u, "POST", o) };
}

const authority = () => ({
  authority: `${emu.loginUrl}/${emu.tenantId}`,
  knownAuthorities: [new URL(emu.loginUrl).host],
});

describe("msal-node against the emulator", () => {
  it("gets a client-credentials token with the secret", async () => {
    const app = new ConfidentialClientApplication({
      auth: { clientId: emu.clientId, clientSecret: emu.clientSecret, ...authority() },
      system: { networkClient: networkClient() },
    });
    const res = await app.acquireTokenByClientCredential({ scopes: [`${emu.managementUrl}/.default`] });
    expect(claimsOf(res?.accessToken ?? "").roles).toContain("ActivityFeed.Read");
  });

  it("gets a client-credentials token with the certificate (PS256 assertion)", async () => {
    const { certPem, keyPem } = splitPem(emu.certPem);
    const thumbprintSha256 = createHash("sha256").update(new X509Certificate(certPem).raw).digest("hex");
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: emu.certClientId,
        clientCertificate: { thumbprintSha256, privateKey: keyPem, x5c: certPem },
        ...authority(),
      },
      system: { networkClient: networkClient() },
    });
    const res = await app.acquireTokenByClientCredential({ scopes: [`${emu.graphUrl}/.default`] });
    expect(claimsOf(res?.accessToken ?? "").aud).toBe(emu.graphUrl);
  });

  it("redeems the refresh token, builds an account, and refreshes silently for another resource", async () => {
    const app = new ConfidentialClientApplication({
      auth: { clientId: emu.clientId, clientSecret: emu.clientSecret, ...authority() },
      system: { networkClient: networkClient() },
    });
    // forceCache: msal-node only caches refresh-grant results for accounts it already knows.
    const first = await app.acquireTokenByRefreshToken({
      refreshToken: emu.refreshToken,
      scopes: [`${emu.managementUrl}/.default`],
      forceCache: true,
    });
    expect(first?.account?.tenantId).toBe(emu.tenantId);
    const account = first?.account;
    if (!account) throw new Error("no account");
    const second = await app.acquireTokenSilent({ account, scopes: [`${emu.reportingUrl}/.default`] });
    expect(claimsOf(second.accessToken).aud).toBe(emu.reportingUrl);
  });
});
