// Graph's evolvable status enum and the legacy service's JSON-light errors, by hand-written requests
// (o365-api.md 2.8, 3.2): `recalled` only for callers sending Prefer: include-unknown-enum-members, a
// detail call for an unknown trace id answered 404, and "odata.error" for a JSON-light 400.
import type { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { appToken, type RawResponse, send, trustingAgent } from "./https-client.js";

const PATH = "/v1.0/admin/exchange/tracing/messageTraces";
const SVC = "/ecp/reportingwebservice/reporting.svc";
const HOUR = 3_600_000;
const PREFER = { prefer: "include-unknown-enum-members" };

let emu: EmulatorHandle;
let agent: Agent;
let graphToken: string;
let reportingToken: string;
const now = Date.now();

beforeAll(async () => {
  emu = await startEmulator({ quiet: true, recordsPerBlob: 5, now: () => new Date(now) });
  agent = trustingAgent(emu);
  graphToken = await appToken(agent, emu, "https://graph.microsoft.com");
  reportingToken = await appToken(agent, emu, "https://outlook.office365.com");
});
afterAll(async () => {
  await agent?.close();
  await emu?.close();
});

const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
function graph(filter: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const q = new URLSearchParams({ $filter: filter }).toString().replace(/\+/g, "%20");
  return send(agent, `${emu.graphUrl}${PATH}?${q}`, {
    headers: { authorization: `Bearer ${graphToken}`, ...headers },
  });
}
const window = `receivedDateTime ge ${iso(now - 6 * HOUR)} and receivedDateTime le ${iso(now - 60_000)}`;
const statuses = (res: RawResponse) =>
  (res.json as { value: Array<{ status: string }> }).value.map((r) => r.status);

describe("Graph's recalled status", () => {
  it("is sent as recalled only with Prefer: include-unknown-enum-members, else as unknownFutureValue", async () => {
    const withHeader = statuses(await graph(window, PREFER));
    const without = statuses(await graph(window));
    expect(withHeader).toContain("recalled");
    expect(without).not.toContain("recalled");
    expect(without.filter((s) => s === "unknownFutureValue").length).toBe(
      withHeader.filter((s) => s === "recalled" || s === "unknownFutureValue").length,
    );
  });

  it("can be filtered on, and a Prefer header listing several preferences counts", async () => {
    const res = await graph(`${window} and status eq 'recalled'`, {
      prefer: "odata.maxpagesize=10, include-unknown-enum-members",
    });
    expect(res.status).toBe(200);
    expect(statuses(res)).toEqual(["recalled"]);
  });

  it("a detail call for an unknown trace id answers 404", async () => {
    const res = await send(
      agent,
      `${emu.graphUrl}${PATH}/00000000-1111-2222-3333-444444444444/getDetailsByRecipient(recipientAddress='a@b.c')`,
      { headers: { authorization: `Bearer ${graphToken}` } },
    );
    expect(res.status).toBe(404);
  });

  it("the legacy service has no Recalled: the same message shows as Delivered there", async () => {
    const recalled = (await graph(`${window} and status eq 'recalled'`, PREFER)).json as {
      value: Array<{ id: string }>;
    };
    const id = recalled.value[0].id;
    const res = await send(
      agent,
      `${emu.reportingUrl}${SVC}/MessageTrace?$format=json&$filter=${encodeURIComponent(`MessageTraceId eq guid'${id}'`)}`,
      { headers: { authorization: `Bearer ${reportingToken}` } },
    );
    expect(res.status).toBe(200);
    expect(
      (res.json as { d: { results: Array<{ Status: string }> } }).d.results.map((r) => r.Status),
    ).toEqual(["Delivered"]);
  });
});

describe("the legacy service's errors", () => {
  const bad = (headers: Record<string, string>, format = "") =>
    send(agent, `${emu.reportingUrl}${SVC}/MessageTrace?$top=1000]${format}`, {
      headers: { authorization: `Bearer ${reportingToken}`, ...headers },
    });

  it("JSON light writes a 400 under odata.error with the text in message.value", async () => {
    const res = await bad({ accept: "application/json" });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      "odata.error": { code: "", message: { lang: "en-US", value: expect.stringMatching(/\$top/) } },
    });
  });

  it("verbose JSON keeps the OData v2 error key", async () => {
    const res = await bad({}, "&$format=json");
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { message: { value: expect.stringMatching(/\$top/) } } });
  });
});
