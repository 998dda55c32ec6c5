// Entra token endpoint conformance (o365-api.md 4.2-4.5), with hand-written requests.
import { generateKeyPairSync } from "node:crypto";
import type { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { clientAssertion, splitPem } from "./assertion.js";
import { claimsOf, form, send, trustingAgent } from "./https-client.js";

const DAY = 86_400_000;
let clock = Date.now();
let emu: EmulatorHandle;
let agent: Agent;

beforeAll(async () => {
  emu = await startEmulator({ quiet: true, now: () => new Date(clock) });
  agent = trustingAgent(emu);
});
afterAll(async () => {
  await agent?.close();
  await emu?.close();
});

const token = (values: Record<string, string>, headers: Record<string, string> = {}) => {
  const f = form(values);
  return send(agent, emu.tokenUrl, { method: "POST", headers: { ...f.headers, ...headers }, body: f.body });
};
const secretGrant = (scope: string, extra: Record<string, string> = {}) =>
  token({
    grant_type: "client_credentials",
    client_id: emu.clientId,
    client_secret: emu.clientSecret,
    scope,
    ...extra,
  });

interface AadError {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
}

describe("client credentials with a secret", () => {
  it("answers the v2 success shape with a numeric expires_in", async () => {
    const res = await secretGrant(`${emu.managementUrl}/.default`);
    expect(res.status).toBe(200);
    const body = res.json as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599 });
    expect(typeof body.access_token).toBe("string");
    expect(body.refresh_token).toBeUndefined();
  });

  it("issues an app-only JWT for the management origin with the ActivityFeed roles", async () => {
    const res = await secretGrant(`${emu.managementUrl}/.default`);
    const claims = claimsOf((res.json as { access_token: string }).access_token);
    expect(claims).toMatchObject({
      aud: emu.managementUrl,
      tid: emu.tenantId,
      appid: emu.clientId,
      ver: "1.0",
    });
    expect(claims.iss).toBe(`https://sts.windows.net/${emu.tenantId}/`);
    expect(claims.roles).toEqual(expect.arrayContaining(["ActivityFeed.Read", "ActivityFeed.ReadDlp"]));
    expect(claims.scp).toBeUndefined();
    expect(Number(claims.exp) - Number(claims.nbf)).toBe(3599);
    expect(
      JSON.parse(
        Buffer.from(
          (res.json as { access_token: string }).access_token.split(".")[0],
          "base64url",
        ).toString(),
      ).alg,
    ).toBe("RS256");
  });

  it("scopes the roles to the requested resource (graph gets message trace and audit query)", async () => {
    const res = await secretGrant(`${emu.graphUrl}/.default`);
    const claims = claimsOf((res.json as { access_token: string }).access_token);
    expect(claims.aud).toBe(emu.graphUrl);
    expect(claims.roles).toEqual(["ExchangeMessageTrace.Read.All", "AuditLogsQuery.Read.All"]);
  });

  it("accepts HTTP Basic client authentication", async () => {
    const basic = Buffer.from(
      `${encodeURIComponent(emu.clientId)}:${encodeURIComponent(emu.clientSecret)}`,
    ).toString("base64");
    const res = await token(
      { grant_type: "client_credentials", scope: `${emu.managementUrl}/.default` },
      { authorization: `Basic ${basic}` },
    );
    expect(res.status).toBe(200);
  });

  it("rejects a wrong secret with 401 invalid_client AADSTS7000215 in the documented error shape", async () => {
    const res = await token({
      grant_type: "client_credentials",
      client_id: emu.clientId,
      client_secret: "wrong",
      scope: `${emu.managementUrl}/.default`,
    });
    expect(res.status).toBe(401);
    const body = res.json as AadError;
    expect(body.error).toBe("invalid_client");
    expect(body.error_codes).toEqual([7000215]);
    expect(body.error_description).toMatch(
      /^AADSTS7000215: Invalid client secret provided\..*\r\nTrace ID: .+\r\nCorrelation ID: .+\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/s,
    );
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(body.trace_id).toBeTruthy();
    expect(body.correlation_id).toBeTruthy();
    expect(res.text).not.toContain(emu.clientSecret);
  });

  it.each([
    ["a named scope", (e: EmulatorHandle) => `${e.managementUrl}/ActivityFeed.Read`, 1002012],
    // The Reporting Web Service's host is not a resource: its tokens are Exchange Online's (o365-api.md 2.2).
    ["an unknown resource", () => "https://reports.office365.com/.default", 70011],
    ["two resources", (e: EmulatorHandle) => `${e.managementUrl}/.default ${e.graphUrl}/.default`, 70011],
  ])("rejects %s with 400 invalid_scope", async (_name, scope, code) => {
    const res = await secretGrant(scope(emu));
    expect(res.status).toBe(400);
    expect((res.json as AadError).error).toBe("invalid_scope");
    expect((res.json as AadError).error_codes).toEqual([code]);
  });

  it("names the missing parameter with AADSTS900144", async () => {
    const res = await token({
      client_id: emu.clientId,
      client_secret: emu.clientSecret,
      scope: `${emu.managementUrl}/.default`,
    });
    expect(res.status).toBe(400);
    expect((res.json as AadError).error_codes).toEqual([900144]);
    expect((res.json as AadError).error_description).toContain("'grant_type'");
    const noScope = await token({
      grant_type: "client_credentials",
      client_id: emu.clientId,
      client_secret: emu.clientSecret,
    });
    expect((noScope.json as AadError).error_description).toContain("'scope'");
  });

  it("asks for a secret or an assertion with AADSTS7000218", async () => {
    const res = await token({
      grant_type: "client_credentials",
      client_id: emu.clientId,
      scope: `${emu.managementUrl}/.default`,
    });
    expect(res.status).toBe(400);
    expect((res.json as AadError).error_codes).toEqual([7000218]);
  });

  it("rejects an unknown client id with AADSTS700016 and an unknown tenant with AADSTS90002", async () => {
    const unknownApp = await token({
      grant_type: "client_credentials",
      client_id: "11111111-2222-3333-4444-555555555555",
      client_secret: "x",
      scope: `${emu.managementUrl}/.default`,
    });
    expect(unknownApp.status).toBe(400);
    expect(unknownApp.json).toMatchObject({ error: "unauthorized_client", error_codes: [700016] });
    const wrongTenant = await send(
      agent,
      emu.tokenUrl.replace(emu.tenantId, "99999999-9999-4999-8999-999999999999"),
      {
        method: "POST",
        ...form({
          grant_type: "client_credentials",
          client_id: emu.clientId,
          client_secret: emu.clientSecret,
          scope: `${emu.managementUrl}/.default`,
        }),
      },
    );
    expect(wrongTenant.status).toBe(400);
    expect(wrongTenant.json).toMatchObject({ error: "invalid_request", error_codes: [90002] });
  });

  it("issues the no-role app a token without roles", async () => {
    const res = await token({
      grant_type: "client_credentials",
      client_id: emu.noRoleClientId,
      client_secret: emu.noRoleClientSecret,
      scope: `${emu.managementUrl}/.default`,
    });
    expect(res.status).toBe(200);
    expect(claimsOf((res.json as { access_token: string }).access_token).roles).toBeUndefined();
  });
});

describe("client credentials with a certificate assertion", () => {
  const assertionGrant = (assertion: string) =>
    token({
      grant_type: "client_credentials",
      client_id: emu.certClientId,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
      scope: `${emu.managementUrl}/.default`,
    });
  const make = (over: Partial<Parameters<typeof clientAssertion>[0]> = {}) =>
    clientAssertion({
      ...splitPem(emu.certPem),
      clientId: emu.certClientId,
      audience: emu.tokenUrl,
      nowSeconds: Math.floor(clock / 1000),
      ...over,
    });

  it.each([
    ["PS256", "x5t#S256"],
    ["RS256", "x5t"],
  ] as const)("accepts %s with %s and grants the roles", async (alg, thumbprint) => {
    const res = await assertionGrant(make({ alg, thumbprint }));
    expect(res.status).toBe(200);
    const claims = claimsOf((res.json as { access_token: string }).access_token);
    expect(claims.appid).toBe(emu.certClientId);
    expect(claims.roles).toContain("ActivityFeed.Read");
  });

  it("rejects an assertion signed by another key with 401 AADSTS700027", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    const res = await assertionGrant(make({ keyPem: other }));
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: "invalid_client", error_codes: [700027] });
  });

  it("rejects an assertion for another audience with AADSTS700027", async () => {
    const res = await assertionGrant(
      make({ audience: "https://login.microsoftonline.com/x/oauth2/v2.0/token" }),
    );
    expect((res.json as AadError).error_codes).toEqual([700027]);
  });

  it("rejects an expired assertion with AADSTS700024", async () => {
    const res = await assertionGrant(make({ nowSeconds: Math.floor(clock / 1000) - 3600 }));
    expect(res.status).toBe(401);
    expect((res.json as AadError).error_codes).toEqual([700024]);
  });
});

describe("refresh token grant", () => {
  const refresh = (rt: string, scope: string, extra: Record<string, string> = {}) =>
    token({
      grant_type: "refresh_token",
      client_id: emu.clientId,
      client_secret: emu.clientSecret,
      refresh_token: rt,
      scope,
      ...extra,
    });

  it("rotates the refresh token, returns scope, id_token and client_info, and keeps the old token valid", async () => {
    const res = await refresh(
      emu.refreshToken,
      `${emu.managementUrl}/.default openid profile offline_access`,
      { client_info: "1" },
    );
    expect(res.status).toBe(200);
    const body = res.json as Record<string, string>;
    expect(body.refresh_token).toBeTruthy();
    expect(body.refresh_token).not.toBe(emu.refreshToken);
    expect(body.scope.split(" ")).toEqual(
      expect.arrayContaining([`${emu.managementUrl}/.default`, "openid"]),
    );
    expect(claimsOf(body.id_token)).toMatchObject({ aud: emu.clientId, tid: emu.tenantId });
    expect(JSON.parse(Buffer.from(body.client_info, "base64url").toString())).toMatchObject({
      utid: emu.tenantId,
    });
    const claims = claimsOf(body.access_token);
    expect(claims.aud).toBe(emu.managementUrl);
    expect(String(claims.scp).split(" ")).toContain("ActivityFeed.Read");
    expect((await refresh(emu.refreshToken, `${emu.managementUrl}/.default`)).status).toBe(200);
    expect((await refresh(body.refresh_token, `${emu.graphUrl}/.default`)).status).toBe(200);
  });

  it("omits id_token without openid", async () => {
    const res = await refresh(emu.refreshToken, `${emu.reportingUrl}/.default`);
    expect((res.json as Record<string, unknown>).id_token).toBeUndefined();
    expect(claimsOf((res.json as { access_token: string }).access_token).aud).toBe(emu.reportingUrl);
  });

  it("rejects an unknown refresh token with invalid_grant", async () => {
    const res = await refresh("not-a-token", `${emu.managementUrl}/.default`);
    expect(res.status).toBe(400);
    expect((res.json as AadError).error).toBe("invalid_grant");
  });

  it("expires a refresh token after 90 days of inactivity with AADSTS700082", async () => {
    const fresh = (await refresh(emu.refreshToken, `${emu.managementUrl}/.default`)).json as {
      refresh_token: string;
    };
    const start = clock;
    clock = start + 91 * DAY;
    try {
      const res = await refresh(fresh.refresh_token, `${emu.managementUrl}/.default`);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: "invalid_grant", error_codes: [700082] });
      expect((res.json as AadError).error_description).toContain("inactive for 90.00:00:00");
    } finally {
      clock = start;
    }
  });

  it("answers invalid_grant AADSTS50173 after revocation, until reset", async () => {
    emu.control.revokeRefreshTokens();
    const res = await refresh(emu.refreshToken, `${emu.managementUrl}/.default`);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: "invalid_grant", error_codes: [50173] });
    emu.control.reset();
    expect((await refresh(emu.refreshToken, `${emu.managementUrl}/.default`)).status).toBe(200);
  });
});

describe("v1 endpoint (the Management API docs' own sample)", () => {
  it("answers the docs' resource-based request with string expires_in, expires_on, not_before and resource", async () => {
    const v1Url = `${emu.loginUrl}/${emu.tenantId}/oauth2/token`;
    const res = await send(agent, v1Url, {
      method: "POST",
      ...form({
        resource: emu.managementUrl,
        client_id: emu.clientId,
        client_secret: emu.clientSecret,
        grant_type: "client_credentials",
      }),
    });
    expect(res.status).toBe(200);
    const body = res.json as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: "3599", resource: emu.managementUrl });
    expect(typeof body.expires_on).toBe("string");
    expect(typeof body.not_before).toBe("string");
    expect(claimsOf(String(body.access_token)).aud).toBe(emu.managementUrl);
  });

  it("rejects an unknown resource with AADSTS500011", async () => {
    const res = await send(agent, `${emu.loginUrl}/${emu.tenantId}/oauth2/token`, {
      method: "POST",
      ...form({
        resource: "https://reports.office365.com",
        client_id: emu.clientId,
        client_secret: emu.clientSecret,
        grant_type: "client_credentials",
      }),
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: "invalid_resource", error_codes: [500011] });
  });
});

describe("metadata", () => {
  it("serves OpenID configuration on both documented paths", async () => {
    for (const path of ["v2.0/.well-known/openid-configuration", ".well-known/openid-configuration"]) {
      const res = await send(agent, `${emu.loginUrl}/${emu.tenantId}/${path}`);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({
        token_endpoint: emu.tokenUrl,
        issuer: `${emu.loginUrl}/${emu.tenantId}/v2.0`,
      });
    }
  });

  it("answers instance discovery for the emulator host", async () => {
    const authorize = `${emu.loginUrl}/${emu.tenantId}/oauth2/v2.0/authorize`;
    const res = await send(
      agent,
      `${emu.loginUrl}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(authorize)}`,
    );
    const host = new URL(emu.loginUrl).host;
    expect(res.json).toMatchObject({
      tenant_discovery_endpoint: `${emu.loginUrl}/${emu.tenantId}/v2.0/.well-known/openid-configuration`,
      metadata: [{ preferred_network: host, aliases: [host] }],
    });
  });

  it("only accepts POST on the token endpoint (AADSTS900561)", async () => {
    const res = await send(agent, emu.tokenUrl);
    expect(res.status).toBe(400);
    expect((res.json as AadError).error_codes).toEqual([900561]);
  });
});
