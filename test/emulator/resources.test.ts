// Token resources are Microsoft's, not hosts (o365-api.md 4.2): a client written from the docs asks for
// https://manage.office.com/.default and friends, and the emulator's services accept those tokens beside
// tokens for their own origins. The Reporting Web Service takes Exchange Online's audience.
import type { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { claimsOf, form, type RawResponse, send, trustingAgent } from "./https-client.js";

let emu: EmulatorHandle;
let agent: Agent;

beforeAll(async () => {
  emu = await startEmulator({ quiet: true, recordsPerBlob: 5 });
  agent = trustingAgent(emu);
});
afterAll(async () => {
  await agent?.close();
  await emu?.close();
});

async function v2Token(scope: string): Promise<RawResponse> {
  return send(agent, emu.tokenUrl, {
    method: "POST",
    ...form({
      grant_type: "client_credentials",
      client_id: emu.clientId,
      client_secret: emu.clientSecret,
      scope,
    }),
  });
}

const accessToken = (res: RawResponse): string => (res.json as { access_token: string }).access_token;

/** One authenticated GET on each service; the status tells whether the token's audience was accepted. */
const calls = {
  management: (bearer: string) =>
    send(agent, `${emu.managementUrl}/api/v1.0/${emu.tenantId}/activity/feed/subscriptions/list`, {
      headers: { authorization: `Bearer ${bearer}` },
    }),
  graph: (bearer: string) =>
    send(agent, `${emu.graphUrl}/v1.0/admin/exchange/tracing/messageTraces?$top=1`, {
      headers: { authorization: `Bearer ${bearer}` },
    }),
  reporting: (bearer: string) =>
    send(
      agent,
      `${emu.reportingUrl}/ecp/reportingwebservice/reporting.svc/MessageTrace?$format=json&$top=1`,
      {
        headers: { authorization: `Bearer ${bearer}` },
      },
    ),
};

const DOCUMENTED = [
  ["management", "https://manage.office.com", "ActivityFeed.Read"],
  ["graph", "https://graph.microsoft.com", "ExchangeMessageTrace.Read.All"],
  ["reporting", "https://outlook.office365.com", "ReportingWebService.Read.All"],
] as const;

describe("documented resource identifiers", () => {
  it.each(DOCUMENTED)(
    "%s: %s/.default gives a token with that audience the service accepts",
    async (service, resource, role) => {
      const res = await v2Token(`${resource}/.default`);
      expect(res.status, res.text).toBe(200);
      const claims = claimsOf(accessToken(res));
      expect(claims.aud).toBe(resource);
      expect(claims.roles).toContain(role);
      expect((await calls[service](accessToken(res))).status).toBe(200);
    },
  );

  it.each(DOCUMENTED)("%s: the v1 endpoint's resource=%s works too", async (service, resource) => {
    const res = await send(agent, `${emu.loginUrl}/${emu.tenantId}/oauth2/token`, {
      method: "POST",
      ...form({
        grant_type: "client_credentials",
        client_id: emu.clientId,
        client_secret: emu.clientSecret,
        resource,
      }),
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ resource });
    expect(claimsOf(accessToken(res)).aud).toBe(resource);
    expect((await calls[service](accessToken(res))).status).toBe(200);
  });

  it("a token for one Microsoft resource is refused by the other services", async () => {
    const management = accessToken(await v2Token("https://manage.office.com/.default"));
    const exchange = accessToken(await v2Token("https://outlook.office365.com/.default"));
    expect((await calls.graph(management)).status).toBe(401);
    expect((await calls.reporting(management)).status).toBe(401);
    const refused = await calls.management(exchange);
    expect(refused.status).toBe(401);
    expect(refused.text).toContain("audience");
  });

  it("the Reporting Web Service's host is not a resource: a scope built from it is refused", async () => {
    const res = await v2Token("https://reports.office365.com/.default");
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: "invalid_scope" });
  });

  it("its own origins stay accepted, and one request cannot mix a Microsoft resource with another", async () => {
    const own = await v2Token(`${emu.graphUrl}/.default`);
    expect(claimsOf(accessToken(own)).aud).toBe(emu.graphUrl);
    expect((await calls.graph(accessToken(own))).status).toBe(200);
    const mixed = await v2Token(`https://manage.office.com/.default https://graph.microsoft.com/.default`);
    expect(mixed.status).toBe(400);
    expect(mixed.json).toMatchObject({ error: "invalid_scope", error_codes: [70011] });
  });

  it("a look-alike host is not Microsoft's resource", async () => {
    const res = await v2Token("https://manage.office.com.evil.example/.default");
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: "invalid_scope" });
  });
});
