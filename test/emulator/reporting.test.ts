// Legacy Reporting Web Service MessageTrace / MessageTraceDetail over HTTPS, requests written by hand
// (o365-api.md 2).
import type { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { appToken, type RawResponse, send, trustingAgent } from "./https-client.js";

const NOW = new Date("2026-11-27T12:00:00Z");
const DAY = 86_400_000;
const SVC = "/ecp/reportingwebservice/reporting.svc";

type Row = Record<string, unknown> & { __metadata?: { id: string; uri: string; type: string } };
interface Verbose {
  d: { results: Row[]; __next?: string };
}
interface Light {
  "odata.metadata": string;
  value: Row[];
  "odata.nextLink"?: string;
}

let emu: EmulatorHandle;
let agent: Agent;
let token: string;

beforeAll(async () => {
  emu = await startEmulator({ now: () => NOW });
  agent = trustingAgent(emu);
  token = await appToken(agent, emu, emu.reportingUrl);
});
afterAll(async () => {
  await agent?.close();
  await emu?.close();
});

const dt = (ms: number): string => `datetime'${new Date(ms).toISOString().slice(0, 19)}Z'`;
const msDate = (value: unknown): number => Number(/^\/Date\((\d+)\)\/$/.exec(String(value))![1]);

function get(path: string, headers: Record<string, string> = {}, bearer = token): Promise<RawResponse> {
  const url = path.startsWith("https://") ? path : `${emu.reportingUrl}${path}`;
  return send(agent, url, {
    headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...headers },
  });
}
function report(
  name: string,
  query: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const qs = Object.entries(query)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join("&");
  return get(`${SVC}/${name}?${qs}`, headers);
}
function expectBadRequest(res: RawResponse): void {
  expect(res.status).toBe(400);
  expect(String(res.headers["content-type"])).toMatch(/json/);
  expect(JSON.stringify(res.json)).toMatch(/"value":"[^"]+"/);
}

describe("MessageTrace, verbose JSON ($format=json)", () => {
  it("returns the default 48-hour window with __metadata, /Date()/ dates and a 0-based Index", async () => {
    const res = await report("MessageTrace", { $format: "json" });
    expect(res.status).toBe(200);
    expect(res.text).toContain('"Received":"\\/Date(');
    const rows = (res.json as Verbose).d.results;
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.length).toBeLessThan(2000);
    rows.forEach((row, i) => {
      expect(row.Index).toBe(i);
      const uri = `${emu.reportingUrl}/ecp/ReportingWebService/Reporting.svc/MessageTrace(${i})`;
      expect(row.__metadata).toEqual({ id: uri, uri, type: "TenantReporting.MessageTrace" });
      expect(msDate(row.EndDate) - msDate(row.StartDate)).toBe(2 * DAY);
      expect(msDate(row.EndDate)).toBe(NOW.getTime());
    });
    const received = rows.map((r) => msDate(r.Received));
    expect(received).toEqual([...received].sort((a, b) => b - a));
    expect(Object.keys(rows[0])).toEqual([
      "__metadata",
      "Organization",
      "MessageId",
      "Received",
      "SenderAddress",
      "RecipientAddress",
      "Subject",
      "Status",
      "ToIP",
      "FromIP",
      "Size",
      "MessageTraceId",
      "StartDate",
      "EndDate",
      "Index",
    ]);
    const inbound = rows.find((r) => String(r.RecipientAddress).endsWith("contoso-emu.onmicrosoft.com"))!;
    expect(inbound.ToIP).toBeNull();
    expect(new Set(rows.map((r) => r.Status))).toContain("Delivered");
  });

  it("treats the path case-insensitively", async () => {
    const upper = await get("/ecp/ReportingWebService/Reporting.svc/MessageTrace?$format=json&$top=3");
    const lower = await get("/ecp/reportingwebservice/reporting.svc/messagetrace?$format=json&$top=3");
    expect(upper.status).toBe(200);
    expect(lower.text).toBe(upper.text);
  });

  it("answers the documented filter shape: window, sender, recipient and guid'...' MessageTraceId", async () => {
    const f = emu.incident;
    const received = Date.parse(f.phishReceived);
    const all = await report("MessageTrace", {
      $format: "json",
      $filter: `StartDate eq ${dt(received - 3_600_000)} and EndDate eq ${dt(received + 3_600_000)} and SenderAddress eq '${f.attackerSender}'`,
    });
    const rows = (all.json as Verbose).d.results;
    expect(rows.map((r) => r.RecipientAddress).sort()).toEqual(
      [...f.deliveredRecipients, ...f.quarantinedRecipients, ...f.spamFilteredRecipients].sort(),
    );
    const id = String(rows[0].MessageTraceId);
    const one = await report("MessageTrace", {
      $format: "json",
      $filter: `StartDate eq ${dt(received - 3_600_000)} and EndDate eq ${dt(received + 3_600_000)} and SenderAddress eq '${f.attackerSender}' and RecipientAddress eq '${f.spamFilteredRecipients[0]}' and MessageTraceId eq guid'${id}'`,
    });
    const only = (one.json as Verbose).d.results;
    expect(only).toHaveLength(1);
    expect(only[0]).toMatchObject({
      Status: "FilteredAsSpam",
      Subject: f.phishSubject,
      MessageId: f.phishMessageId,
    });
    expect(msDate(only[0].StartDate)).toBe(received - 3_600_000);
    const quarantined = await report("MessageTrace", {
      $format: "json",
      $filter: `Status eq 'Quarantined' and MessageId eq '${f.phishMessageId}'`,
    });
    expect((quarantined.json as Verbose).d.results.map((r) => r.RecipientAddress).sort()).toEqual(
      [...f.quarantinedRecipients].sort(),
    );
  });

  it("pages 2,000 rows at a time with an absolute __next whose $skiptoken is the last Index", async () => {
    const filter = `StartDate eq ${dt(NOW.getTime() - 8 * DAY)} and EndDate eq ${dt(NOW.getTime())}`;
    const first = await report("MessageTrace", { $filter: filter, $format: "json" });
    const page1 = (first.json as Verbose).d;
    expect(page1.results).toHaveLength(2000);
    const next = new URL(page1.__next!);
    expect(`${next.origin}${next.pathname}`).toBe(
      `${emu.reportingUrl}/ecp/ReportingWebService/Reporting.svc/MessageTrace`,
    );
    expect(next.searchParams.get("$skiptoken")).toBe("1999");
    expect(next.searchParams.get("$filter")).toBe(filter);
    const page2 = ((await get(page1.__next!)).json as Verbose).d;
    expect(page2.results[0].Index).toBe(2000);
    expect(page2.__next).toBeUndefined();
    const ids = new Set(
      [...page1.results, ...page2.results].map((r) => `${r.MessageTraceId}|${r.RecipientAddress}`),
    );
    expect(ids.size).toBe(page1.results.length + page2.results.length);

    const capped = (await report("MessageTrace", { $filter: filter, $format: "json", $top: "2100" }))
      .json as Verbose;
    const rest = ((await get(capped.d.__next!)).json as Verbose).d;
    expect(rest.results).toHaveLength(100);
    expect(rest.__next).toBeUndefined();
    const small = (await report("MessageTrace", { $format: "json", $top: "10" })).json as Verbose;
    expect(small.d.results).toHaveLength(10);
    expect(small.d.__next).toBeUndefined();
  });

  it("applies $select and $orderby", async () => {
    const selected = (
      await report("MessageTrace", { $format: "json", $select: "RecipientAddress,Status", $top: "5" })
    ).json as Verbose;
    for (const row of selected.d.results)
      expect(Object.keys(row)).toEqual(["__metadata", "RecipientAddress", "Status"]);
    const bySize = (await report("MessageTrace", { $format: "json", $orderby: "Size desc", $top: "50" }))
      .json as Verbose;
    const sizes = bySize.d.results.map((r) => r.Size as number);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const oldest = (await report("MessageTrace", { $format: "json", $orderby: "Received asc", $top: "50" }))
      .json as Verbose;
    const times = oldest.d.results.map((r) => msDate(r.Received));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe("MessageTrace, JSON light (Accept: application/json)", () => {
  it("returns value, ISO dates and a relative odata.nextLink that resolves against the request URL", async () => {
    const filter = `StartDate eq ${dt(NOW.getTime() - 8 * DAY)} and EndDate eq ${dt(NOW.getTime())}`;
    const url = `${emu.reportingUrl}${SVC}/MessageTrace?$filter=${encodeURIComponent(filter)}`;
    const res = await get(url, { accept: "application/json" });
    expect(res.status).toBe(200);
    const body = res.json as Light;
    expect(body["odata.metadata"]).toBe(
      `${emu.reportingUrl}/ecp/ReportingWebService/Reporting.svc/$metadata#MessageTrace`,
    );
    expect(body.value[0].Received).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    expect(body.value[0]).not.toHaveProperty("__metadata");
    const link = body["odata.nextLink"]!;
    expect(link.startsWith("../../ReportingWebService/Reporting.svc/MessageTrace?")).toBe(true);
    expect(link).toContain("$skiptoken=1999");
    const resolved = new URL(link, url).toString();
    const page2 = (await get(resolved, { accept: "application/json" })).json as Light;
    expect(page2.value[0].Index).toBe(2000);
  });

  it("answers Atom XML when neither $format nor a JSON Accept header is sent", async () => {
    const res = await get(`${SVC}/MessageTrace?$top=2`);
    expect(res.status).toBe(200);
    expect(String(res.headers["content-type"])).toMatch(/^application\/atom\+xml/);
    expect(res.text).toContain("<m:properties>");
    expect(res.text).toContain('<category term="TenantReporting.MessageTrace"');
  });
});

describe("MessageTraceDetail", () => {
  it("returns the processing steps of one recipient's copy with URI-escaped Data", async () => {
    const f = emu.incident;
    const received = Date.parse(f.phishReceived);
    const start = received - 3_600_000;
    const end = received + 3_600_000;
    const trace = (
      (await report("MessageTrace", { $format: "json", $filter: `MessageId eq '${f.phishMessageId}'` }))
        .json as Verbose
    ).d.results[0];
    const recipient = f.quarantinedRecipients[0];
    const res = await report("MessageTraceDetail", {
      $format: "json",
      $filter: `MessageTraceId eq guid'${trace.MessageTraceId}' and RecipientAddress eq '${recipient}' and SenderAddress eq '${f.attackerSender}' and StartDate eq ${dt(start)} and EndDate eq ${dt(end)}`,
    });
    expect(res.status).toBe(200);
    const rows = (res.json as Verbose).d.results;
    expect(rows.map((r) => r.Event)).toEqual(["RECEIVE", "SPAM"]);
    expect(rows[0].__metadata?.type).toBe("TenantReporting.MessageTraceDetail");
    expect(rows[0].__metadata?.uri).toBe(
      `${emu.reportingUrl}/ecp/ReportingWebService/Reporting.svc/MessageTraceDetail(0)`,
    );
    expect(rows[1].Action).toBe("Quarantine");
    expect(String(rows[1].Data)).toMatch(/^%3Croot%3E/);
    expect(decodeURIComponent(String(rows[1].Data))).toContain('<MEP Name="SCL" Integer="9"/>');
    expect(msDate(rows[0].Date)).toBe(received);
    expect(rows.every((r) => r.RecipientAddress === recipient && r.MessageId === f.phishMessageId)).toBe(
      true,
    );
  });
});

describe("errors", () => {
  it("answers 400 with a JSON error for bad windows and bad OData", async () => {
    const now = NOW.getTime();
    const filters = [
      `StartDate eq ${dt(now - DAY)}`,
      `EndDate eq ${dt(now)}`,
      `StartDate eq ${dt(now - 31 * DAY)} and EndDate eq ${dt(now - 30 * DAY)}`,
      `StartDate eq ${dt(now)} and EndDate eq ${dt(now - DAY)}`,
      "SenderAddress eq",
      "SenderAddress ne 'a@b.example'",
      "NoSuchField eq 'x'",
      "MessageTraceId eq '0b7c2e2a-5f0e-4f7b-9f39-6c3f1f0a9d11'",
      "StartDate eq '2026-11-26' and EndDate eq '2026-11-27'",
      "SenderAddress eq 'a@b.example' or SenderAddress eq 'c@d.example'",
    ];
    for (const filter of filters)
      expectBadRequest(await report("MessageTrace", { $format: "json", $filter: filter }));
    expectBadRequest(await report("MessageTrace", { $format: "json", $top: "ten" }));
    expectBadRequest(await report("MessageTrace", { $format: "json", $select: "Nope" }));
    expectBadRequest(await report("MessageTrace", { $format: "json", $orderby: "Size sideways" }));
    expectBadRequest(await report("MessageTrace", { $format: "csv" }));
  });

  it("answers 400 for field names inherited from Object.prototype in $select, $orderby and $filter", async () => {
    for (const name of ["constructor", "toString", "__proto__"]) {
      for (const format of ["json", "atom"]) {
        expectBadRequest(await report("MessageTrace", { $format: format, $select: name }));
        expectBadRequest(await report("MessageTrace", { $format: format, $orderby: name }));
        expectBadRequest(await report("MessageTrace", { $format: format, $filter: `${name} eq 'x'` }));
      }
    }
  });

  it("answers 404 for an unknown report and 400 for an unsupported X-RWS-Version", async () => {
    expect((await report("MailTrafficTop", { $format: "json" })).status).toBe(404);
    const version = await get(`${SVC}/MessageTrace?$format=json`, { "x-rws-version": "2099-V9" });
    expect(version.status).toBe(400);
    expect(version.text).toContain("<Message>The version specified in the request is unsupported.</Message>");
    expect(
      (await get(`${SVC}/MessageTrace?$format=json&$top=1`, { "x-rws-version": "2013-V1" })).status,
    ).toBe(200);
  });

  it("answers 401 with the IIS HTML page for a missing or foreign token", async () => {
    for (const bearer of ["", await appToken(agent, emu, emu.graphUrl)]) {
      const res = await get(`${SVC}/MessageTrace?$format=json`, {}, bearer);
      expect(res.status).toBe(401);
      expect(String(res.headers["content-type"])).toMatch(/^text\/html/);
      expect(res.text).toContain("401 - Unauthorized: Access is denied due to invalid credentials.");
    }
  });

  it("answers the observed 403 when the app has no ReportingWebService role or admin directory role", async () => {
    const noRole = await appToken(agent, emu, emu.reportingUrl, emu.noRoleClientId, emu.noRoleClientSecret);
    const res = await get(`${SVC}/MessageTrace?$format=json`, {}, noRole);
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      ErrorCode: "",
      Message: "No permission to access the report for the organization .",
    });
  });

  it("answers a deprecation 403 for a new tenant without the legacy service", async () => {
    const fresh = await startEmulator({ now: () => NOW, days: 1, legacyReportingAvailable: false });
    const freshAgent = trustingAgent(fresh);
    try {
      const bearer = await appToken(freshAgent, fresh, fresh.reportingUrl);
      const res = await send(freshAgent, `${fresh.reportingUrl}${SVC}/MessageTrace?$format=json`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
      expect(res.status).toBe(403);
      expect((res.json as { Message: string }).Message).toMatch(/deprecated.*Graph/);
    } finally {
      await freshAgent.close();
      await fresh.close();
    }
  });
});
