// Graph message trace v1.0 over HTTPS, requests written by hand (o365-api.md 3.2).
import type { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { appToken, type RawResponse, send, trustingAgent } from "./https-client.js";

const NOW = new Date("2026-11-27T12:00:00Z");
const PATH = "/v1.0/admin/exchange/tracing/messageTraces";
const DAY = 86_400_000;

interface Row {
  id: string;
  senderAddress: string;
  recipientAddress: string;
  messageId: string;
  receivedDateTime: string;
  subject: string;
  size: number;
  fromIP: string;
  toIP: string;
  status: string;
}
interface ListBody {
  "@odata.context": string;
  "@odata.nextLink"?: string;
  value: Row[];
}
interface GraphErrorBody {
  error: { code: string; message: string; innerError: { "request-id": string; date: string } };
}

let emu: EmulatorHandle;
let agent: Agent;
let token: string;

beforeAll(async () => {
  emu = await startEmulator({ now: () => NOW, graphThrottlePer5Min: 10_000 });
  agent = trustingAgent(emu);
  token = await appToken(agent, emu, emu.graphUrl);
});
afterAll(async () => {
  await agent?.close();
  await emu?.close();
});

const iso = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;
function get(pathAndQuery: string, bearer = token): Promise<RawResponse> {
  const url = pathAndQuery.startsWith("https://") ? pathAndQuery : `${emu.graphUrl}${pathAndQuery}`;
  return send(agent, url, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
}
const list = (query: Record<string, string>): Promise<RawResponse> =>
  get(`${PATH}?${new URLSearchParams(query).toString().replace(/\+/g, "%20")}`);
function expectGraphError(res: RawResponse, status: number, code: string): string {
  expect(res.status).toBe(status);
  const body = res.json as GraphErrorBody;
  expect(body.error.code).toBe(code);
  expect(body.error.innerError["request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT/);
  return body.error.message;
}

describe("list messageTraces", () => {
  it("returns the previous 48 hours by default, newest first, in the documented shape", async () => {
    const res = await get(PATH);
    expect(res.status).toBe(200);
    expect(String(res.headers["content-type"])).toMatch(/^application\/json/);
    const body = res.json as ListBody;
    expect(body["@odata.context"]).toBe(
      `${emu.graphUrl}/v1.0/$metadata#admin/exchange/tracing/messageTraces`,
    );
    expect(body.value.length).toBeGreaterThan(100);
    expect(body.value.length).toBeLessThanOrEqual(1000);
    const times = body.value.map((r) => Date.parse(r.receivedDateTime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW.getTime() - 2 * DAY);
    const row = body.value[0];
    expect(Object.keys(row).sort()).toEqual(
      [
        "fromIP",
        "id",
        "messageId",
        "receivedDateTime",
        "recipientAddress",
        "senderAddress",
        "size",
        "status",
        "subject",
        "toIP",
      ].sort(),
    );
    expect(row.receivedDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    for (const r of body.value)
      expect(r.status).toMatch(
        /^(gettingStatus|pending|failed|delivered|expanded|quarantined|filteredAsSpam|unknownFutureValue)$/,
      );
    const inbound = body.value.find((r) => r.recipientAddress.endsWith("contoso-emu.onmicrosoft.com"))!;
    expect(inbound.toIP).toBe("");
  });

  it("answers the docs' sample filter: contains(subject, ...) and recipientAddress eq ...", async () => {
    const all = (await get(PATH)).json as ListBody;
    const target = all.value.find((r) => r.subject === "Weekly digest")!;
    const res = await list({
      $filter: `contains(subject, 'Weekly digest') and recipientAddress eq '${target.recipientAddress}'`,
    });
    expect(res.status).toBe(200);
    const rows = (res.json as ListBody).value;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.subject).toContain("Weekly digest");
      expect(r.recipientAddress).toBe(target.recipientAddress);
    }
  });

  it("finds the phishing wave by sender inside an explicit window, one row per recipient", async () => {
    const f = emu.incident;
    const received = Date.parse(f.phishReceived);
    const res = await list({
      $filter: `receivedDateTime ge ${iso(received - 3_600_000)} and receivedDateTime le ${iso(received + 3_600_000)} and senderAddress eq '${f.attackerSender}'`,
    });
    expect(res.status).toBe(200);
    const rows = (res.json as ListBody).value;
    expect(rows).toHaveLength(6);
    const by = (status: string): string[] =>
      rows
        .filter((r) => r.status === status)
        .map((r) => r.recipientAddress)
        .sort();
    expect(by("delivered")).toEqual([...f.deliveredRecipients].sort());
    expect(by("quarantined")).toEqual([...f.quarantinedRecipients].sort());
    expect(by("filteredAsSpam")).toEqual([...f.spamFilteredRecipients].sort());
    expect(new Set(rows.map((r) => r.id)).size).toBe(1);
    expect(rows.every((r) => r.messageId === f.phishMessageId && r.subject === f.phishSubject)).toBe(true);

    const byStatus = await list({
      $filter: `status eq 'quarantined' and startsWith(subject, 'Invoice overdue')`,
    });
    expect((byStatus.json as ListBody).value.map((r) => r.recipientAddress).sort()).toEqual(
      [...f.quarantinedRecipients].sort(),
    );
  });

  it("pages with $top and an absolute @odata.nextLink that keeps the original query", async () => {
    const filter = `receivedDateTime ge ${iso(NOW.getTime() - 3 * DAY)} and receivedDateTime le ${iso(NOW.getTime())}`;
    const whole = (await list({ $filter: filter, $top: "5000" })).json as ListBody;
    expect(whole["@odata.nextLink"]).toBeUndefined();
    const seen: string[] = [];
    let next: string | undefined = `${PATH}?$filter=${encodeURIComponent(filter)}&$top=400`;
    let pages = 0;
    while (next) {
      const res = await get(next);
      expect(res.status).toBe(200);
      const body = res.json as ListBody;
      expect(body.value.length).toBeLessThanOrEqual(400);
      seen.push(...body.value.map((r) => `${r.id}|${r.recipientAddress}`));
      next = body["@odata.nextLink"];
      if (next) {
        expect(next.startsWith(`${emu.graphUrl}${PATH}?`)).toBe(true);
        const params = new URL(next).searchParams;
        expect(params.get("$filter")).toBe(filter);
        expect(params.get("$top")).toBe("400");
        expect(params.get("$skiptoken")).toBeTruthy();
      }
      pages++;
    }
    expect(pages).toBeGreaterThan(2);
    expect(seen).toEqual(whole.value.map((r) => `${r.id}|${r.recipientAddress}`));
  });

  it("accepts $format=json and bounds with 9-digit fractions, as production clients send them, and keeps $format in nextLink", async () => {
    const start = new Date(NOW.getTime() - 3 * DAY).toISOString().replace(/\.\d{3}Z$/, ".000000001Z");
    const filter = `receivedDateTime ge ${start} and receivedDateTime le ${iso(NOW.getTime())}`;
    const plain = (await list({ $filter: filter, $top: "50" })).json as ListBody;
    expect(plain.value).toHaveLength(50);
    const res = await list({ $filter: filter, $top: "50", $format: "json" });
    expect(res.status).toBe(200);
    const body = res.json as ListBody;
    expect(body.value).toEqual(plain.value);
    expect(new URL(body["@odata.nextLink"] ?? "").searchParams.get("$format")).toBe("json");
  });

  it("refuses a $format other than JSON", async () => {
    const message = expectGraphError(await list({ $format: "atom" }), 400, "BadRequest");
    expect(message).toContain("$format");
  });
});

describe("getDetailsByRecipient", () => {
  it("returns the event timeline of one recipient's copy", async () => {
    const f = emu.incident;
    const rows = (await list({ $filter: `senderAddress eq '${f.attackerSender}'` })).json as ListBody;
    const id = rows.value[0].id;
    const recipient = f.quarantinedRecipients[0];
    const res = await get(
      `${PATH}/${id}/getDetailsByRecipient(recipientAddress='${encodeURIComponent(recipient)}')`,
    );
    expect(res.status).toBe(200);
    const body = res.json as { "@odata.context": string; value: Array<Record<string, string>> };
    expect(body["@odata.context"]).toContain("#Collection(microsoft.graph.exchangeMessageTraceDetail)");
    expect(body.value.map((d) => d.event)).toEqual(["Receive", "Spam"]);
    for (const d of body.value) {
      expect(Object.keys(d).sort()).toEqual([
        "action",
        "data",
        "dateTime",
        "description",
        "event",
        "id",
        "messageId",
      ]);
      expect(d.messageId).toBe(f.phishMessageId);
      expect(d.data).toMatch(/^<root>/);
    }
    expect(body.value[1].data).toContain('Name="SCL" Integer="9"');
    expect(body.value[0].dateTime).toBe(`${f.phishReceived.slice(0, 19)}Z`);
  });

  it("answers 404 for an unknown trace id and 400 without recipientAddress", async () => {
    const unknown = await get(
      `${PATH}/00000000-0000-0000-0000-000000000000/getDetailsByRecipient(recipientAddress='a@b.example')`,
    );
    expectGraphError(unknown, 404, "ResourceNotFound");
    const id = ((await get(PATH)).json as ListBody).value[0].id;
    expectGraphError(await get(`${PATH}/${id}/getDetailsByRecipient()`), 400, "BadRequest");
  });
});

describe("window rules and bad OData", () => {
  const window = (start: number, end: number): Promise<RawResponse> =>
    list({ $filter: `receivedDateTime ge ${iso(start)} and receivedDateTime le ${iso(end)}` });
  const now = NOW.getTime();

  it("rejects a window over 10 days, a start over 90 days back, and an end after now", async () => {
    expect((await window(now - 10 * DAY, now)).status).toBe(200);
    expect(expectGraphError(await window(now - 11 * DAY, now), 400, "BadRequest")).toMatch(/10 days/);
    expect(expectGraphError(await window(now - 95 * DAY, now - 91 * DAY), 400, "BadRequest")).toMatch(
      /90 days/,
    );
    expect(expectGraphError(await window(now - DAY, now + 3_600_000), 400, "BadRequest")).toMatch(
      /later than/,
    );
    expectGraphError(await list({ $filter: `receivedDateTime ge ${iso(now - DAY)}` }), 400, "BadRequest");
  });

  it("rejects malformed filters, unknown properties and operators, bad $top and unsupported options", async () => {
    const queries: Array<Record<string, string>> = [
      { $filter: "senderAddress eq" },
      { $filter: "senderAddress eq 'unterminated" },
      { $filter: "nosuch eq 'x'" },
      { $filter: "senderAddress ne 'a@b.example'" },
      { $filter: "senderAddress eq 'a@b.example' or senderAddress eq 'c@d.example'" },
      { $filter: "status eq 'bogus'" },
      { $filter: "receivedDateTime ge yesterday and receivedDateTime le today" },
      { $top: "0" },
      { $top: "5001" },
      { $top: "ten" },
      { $orderby: "receivedDateTime desc" },
      { $skiptoken: "not-a-token" },
    ];
    for (const query of queries) {
      expectGraphError(await list(query), 400, "BadRequest");
    }
  });
});

describe("authorization", () => {
  it("answers 401 InvalidAuthenticationToken without a token or with another service's token", async () => {
    expectGraphError(await get(PATH, ""), 401, "InvalidAuthenticationToken");
    const managementToken = await appToken(agent, emu, emu.managementUrl);
    expectGraphError(await get(PATH, managementToken), 401, "InvalidAuthenticationToken");
  });

  it("answers 403 Forbidden when the token lacks ExchangeMessageTrace.Read.All", async () => {
    const noRole = await appToken(agent, emu, emu.graphUrl, emu.noRoleClientId, emu.noRoleClientSecret);
    const message = expectGraphError(await get(PATH, noRole), 403, "Forbidden");
    expect(message).toContain("ExchangeMessageTrace.Read.All");
  });
});

describe("tenant switches and throttling", () => {
  let clock = NOW.getTime();
  let small: EmulatorHandle;
  let smallAgent: Agent;

  beforeAll(async () => {
    small = await startEmulator({ now: () => new Date(clock), days: 2, graphThrottlePer5Min: 3 });
    smallAgent = trustingAgent(small);
  });
  afterAll(async () => {
    await smallAgent?.close();
    await small?.close();
  });

  it("answers 429 with Retry-After past the per-tenant limit, shared by list and detail, and recovers", async () => {
    const bearer = await appToken(smallAgent, small, small.graphUrl);
    const call = (path: string): Promise<RawResponse> =>
      send(smallAgent, `${small.graphUrl}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
    const first = await call(PATH);
    expect(first.status).toBe(200);
    const id = (first.json as ListBody).value[0].id;
    expect((await call(`${PATH}/${id}/getDetailsByRecipient(recipientAddress='x@y.example')`)).status).toBe(
      200,
    );
    expect((await call(PATH)).status).toBe(200);
    const throttled = await call(PATH);
    expectGraphError(throttled, 429, "TooManyRequests");
    const wait = Number(throttled.headers["retry-after"]);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(300);
    clock += wait * 1000;
    expect((await call(PATH)).status).toBe(200);
  });

  it("control.reset() gives the tenant a fresh message-trace budget", async () => {
    const bearer = await appToken(smallAgent, small, small.graphUrl);
    const call = (): Promise<RawResponse> =>
      send(smallAgent, `${small.graphUrl}${PATH}`, { headers: { authorization: `Bearer ${bearer}` } });
    let last = await call();
    for (let i = 0; i < 5 && last.status === 200; i++) last = await call();
    expect(last.status).toBe(429);
    small.control.reset();
    expect((await call()).status).toBe(200);
  });

  it("answers 401 naming the message trace app when its service principal is not provisioned", async () => {
    const bare = await startEmulator({ now: () => NOW, days: 1, graphServicePrincipalProvisioned: false });
    const bareAgent = trustingAgent(bare);
    try {
      const bearer = await appToken(bareAgent, bare, bare.graphUrl);
      const res = await send(bareAgent, `${bare.graphUrl}${PATH}`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
      expect(expectGraphError(res, 401, "Unauthorized")).toContain("8bd644d1-64a1-4d4b-ae52-2e0cbf64e373");
    } finally {
      await bareAgent.close();
      await bare.close();
    }
  });
});
