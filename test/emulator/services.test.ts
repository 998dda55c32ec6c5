// The Graph and Reporting routes mounted on their own listeners: reachable over HTTPS, token audiences
// kept apart, and faults and recording applied by the server around them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appToken, send } from "./https-client.js";
import { type ManagementFixture, managementFixture } from "./management-fixture.js";

let f: ManagementFixture;
beforeAll(async () => {
  f = await managementFixture();
});
afterAll(async () => f?.close());

describe("mounted services", () => {
  it("serves Graph message trace with a Graph token and refuses a management token", async () => {
    const url = `${f.emu.graphUrl}/v1.0/admin/exchange/tracing/messageTraces`;
    const graphToken = await appToken(f.agent, f.emu, f.emu.graphUrl);
    expect((await send(f.agent, url, { headers: { authorization: `Bearer ${graphToken}` } })).status).toBe(
      200,
    );
    expect((await send(f.agent, url, { headers: { authorization: `Bearer ${f.token}` } })).status).toBe(401);
  });

  it("serves the Reporting Web Service with a reporting token", async () => {
    const token = await appToken(f.agent, f.emu, f.emu.reportingUrl);
    const res = await send(
      f.agent,
      `${f.emu.reportingUrl}/ecp/reportingwebservice/reporting.svc/MessageTrace?$format=json&$top=2`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(res.status).toBe(200);
  });

  it("applies graph faults and records the requests under the graph route", async () => {
    f.emu.control.clearRequests();
    f.emu.control.addFault({ route: "graph", kind: "429", retryAfterSeconds: 2 });
    const res = await send(f.agent, `${f.emu.graphUrl}/v1.0/admin/exchange/tracing/messageTraces`);
    expect(res.status).toBe(429);
    expect(res.headers["retry-after"]).toBe("2");
    expect(f.emu.control.requests().map((r) => [r.route, r.status])).toEqual([["graph", 429]]);
  });
});
