import { describe, expect, it } from "vitest";
import type { Config } from "../../src/config/types.js";
import { createMessageTraceClient } from "../../src/messagetrace/client.js";
import { caught } from "../helpers/caught.js";
import {
  FakeHttp,
  type FakeReply,
  fakeConfig,
  GRAPH,
  MANAGE,
  REPORTS,
  type SentRequest,
} from "../helpers/fake-http.js";

const NOW = new Date("2026-05-10T12:00:00Z");
const TRACE_ID = "579cd25c-9b30-4ce4-d5eb-08da70ab3b38";
const GRAPH_PATH = "/v1.0/admin/exchange/tracing/messageTraces";
const LEGACY_PATH = "/ecp/reportingwebservice/reporting.svc/MessageTrace";

const graphRow = {
  id: TRACE_ID,
  senderAddress: "billing@evil.example",
  recipientAddress: "ann@contoso.com",
  messageId: "<x@evil.example>",
  receivedDateTime: "2026-05-10T09:00:00Z",
  subject: "Invoice",
  size: 4567,
  fromIP: "203.0.113.9",
  toIP: "",
  status: "filteredAsSpam",
};
const legacyRowBody = {
  d: {
    results: [
      {
        __metadata: { type: "TenantReporting.MessageTrace" },
        Received: "/Date(1778403600000)/",
        SenderAddress: "billing@evil.example",
        RecipientAddress: "ann@contoso.com",
        Subject: "Invoice",
        Status: "Delivered",
        Size: 4567,
        MessageId: "<x@evil.example>",
        MessageTraceId: TRACE_ID,
        FromIP: "203.0.113.9",
        ToIP: null,
        Index: 0,
        StartDate: "/Date(1778230800000)/",
        EndDate: "/Date(1778414400000)/",
      },
    ],
  },
};

const deny = (status: number, code: string): FakeReply => ({
  status,
  body: { error: { code, message: `denied ${code}` } },
});

function setup(handler: (req: SentRequest) => FakeReply, config: Config = fakeConfig()) {
  const http = new FakeHttp(handler);
  return { http, client: createMessageTraceClient({ config, http, now: () => NOW }) };
}

describe("Graph backend", () => {
  it("builds $filter from the structured query with both time bounds and camelCase status", async () => {
    const { http, client } = setup(() => ({ body: { value: [graphRow] } }));
    const page = await client.trace({
      query: {
        senderAddress: "o'brien@evil.example",
        recipientAddress: "ann@contoso.com",
        messageTraceId: TRACE_ID,
        status: "FILTEREDASSPAM",
        subject: "Invoice",
        subjectFilter: "startsWith",
        fromIP: "203.0.113.9",
        top: 99999,
      },
    });
    const q = http.sent[0].url.searchParams;
    expect(http.sent[0].url.origin + http.sent[0].url.pathname).toBe(GRAPH + GRAPH_PATH);
    expect(q.get("$filter")).toBe(
      // The default window ends 2 minutes before now: a margin for clock skew against Graph's now.
      "receivedDateTime ge 2026-05-08T11:58:00Z and receivedDateTime le 2026-05-10T11:58:00Z" +
        " and senderAddress eq 'o''brien@evil.example' and recipientAddress eq 'ann@contoso.com'" +
        ` and id eq '${TRACE_ID}' and fromIP eq '203.0.113.9' and status eq 'filteredAsSpam'` +
        " and startsWith(subject, 'Invoice')",
    );
    expect(q.get("$top")).toBe("5000");
    expect(page.backend).toBe("graph");
    expect(page.fallbackReason).toBeUndefined();
    expect(page.rows[0]).toEqual({
      received: "2026-05-10T09:00:00.000Z",
      senderAddress: "billing@evil.example",
      recipientAddress: "ann@contoso.com",
      subject: "Invoice",
      status: "FilteredAsSpam",
      size: 4567,
      messageId: "<x@evil.example>",
      messageTraceId: TRACE_ID,
      fromIP: "203.0.113.9",
      toIP: null,
    });
  });

  it("follows @odata.nextLink verbatim and refuses a foreign one", async () => {
    const next = `${GRAPH}${GRAPH_PATH}?$filter=x&$skiptoken=abc`;
    const { http, client } = setup((req) =>
      req.url.searchParams.get("$skiptoken")
        ? { body: { value: [] } }
        : { body: { value: [graphRow], "@odata.nextLink": next } },
    );
    const first = await client.trace({ query: {} });
    expect(first.nextPageUri).toBe(next);
    const second = await client.trace({ nextPageUri: first.nextPageUri });
    expect(second.backend).toBe("graph");
    expect(http.sent[1].url.href).toBe(new URL(next).href);

    const evil = setup(() => ({ body: { value: [], "@odata.nextLink": "https://evil.example/next" } }));
    expect((await caught(evil.client.trace({ query: {} }))).code).toBe("HOST_NOT_ALLOWED");
    expect((await caught(evil.client.trace({ nextPageUri: "https://evil.example/x" }))).code).toBe(
      "HOST_NOT_ALLOWED",
    );
    expect(evil.http.sent).toHaveLength(1);
  });

  it("follows a next link only on its own API's host and documented path (no mailbox reads, no other API)", async () => {
    for (const next of [
      `${GRAPH}/v1.0/users/alex@contoso.example/messages`,
      `${REPORTS}${GRAPH_PATH}?$skiptoken=1`,
      `${MANAGE}${GRAPH_PATH}?$skiptoken=1`,
    ]) {
      const { http, client } = setup(() => ({ body: { value: [graphRow], "@odata.nextLink": next } }));
      expect((await caught(client.trace({ query: {} }))).code, next).toBe("LINK_NOT_FOLLOWED");
      expect((await caught(client.trace({ nextPageUri: next, backend: "graph" }))).code, next).toBe(
        "LINK_NOT_FOLLOWED",
      );
      expect(http.sent).toHaveLength(1);
    }
  });

  it("refuses windows Graph cannot serve before calling it", async () => {
    const { http, client } = setup(() => ({ body: { value: [] } }));
    const long = await caught(
      client.trace({ query: { startTime: "2026-04-20T00:00:00Z", endTime: "2026-05-10T00:00:00Z" } }),
    );
    expect(long.code).toBe("WINDOW_TOO_LONG");
    const old = await caught(
      client.trace({ query: { startTime: "2025-12-01T00:00:00Z", endTime: "2025-12-02T00:00:00Z" } }),
    );
    expect(old.code).toBe("WINDOW_TOO_OLD");
    const bad = await caught(client.trace({ query: { messageTraceId: "not-a-guid" } }));
    expect(bad.code).toBe("INVALID_GUID");
    expect(http.sent).toHaveLength(0);
  });

  it("gets detail events by recipient, sorted by date, with data decoded", async () => {
    const { http, client } = setup(() => ({
      body: {
        value: [
          {
            dateTime: "2026-05-10T09:00:05Z",
            event: "Deliver",
            action: null,
            description: "delivered",
            data: null,
          },
          {
            dateTime: "2026-05-10T09:00:00Z",
            event: "Receive",
            action: "",
            description: "received",
            data: '<root><MEP Name="ServerHostName" String="AM0"/></root>',
          },
        ],
      },
    }));
    const r = await client.detail({ messageTraceId: TRACE_ID, recipientAddress: "o'neil@contoso.com" });
    expect(r.backend).toBe("graph");
    expect(r.events.map((e) => e.event)).toEqual(["Receive", "Deliver"]);
    expect(r.events[0].data).toEqual({ ServerHostName: "AM0" });
    expect(decodeURIComponent(http.sent[0].url.pathname)).toBe(
      `${GRAPH_PATH}/${TRACE_ID}/getDetailsByRecipient(recipientAddress='o''neil@contoso.com')`,
    );
  });
});

describe("legacy backend", () => {
  it("sends $format=json, X-RWS-Version and an eq/and $filter with datetime and guid literals", async () => {
    const { http, client } = setup(() => ({ body: legacyRowBody }));
    const page = await client.trace({
      backend: "reporting",
      query: { senderAddress: "billing@evil.example", messageTraceId: TRACE_ID, status: "delivered" },
    });
    const sent = http.sent[0];
    expect(sent.url.origin + sent.url.pathname).toBe(REPORTS + LEGACY_PATH);
    expect(sent.headers["X-RWS-Version"]).toBe("2013-V1");
    expect(sent.url.searchParams.get("$format")).toBe("json");
    expect(sent.url.searchParams.get("$filter")).toBe(
      "StartDate eq datetime'2026-05-08T12:00:00Z' and EndDate eq datetime'2026-05-10T12:00:00Z'" +
        ` and SenderAddress eq 'billing@evil.example' and MessageTraceId eq guid'${TRACE_ID}' and Status eq 'Delivered'`,
    );
    expect(page.backend).toBe("reporting");
    expect(page.rows[0]).toMatchObject({
      received: "2026-05-10T09:00:00.000Z",
      status: "Delivered",
      toIP: null,
    });
    expect(page.rows[0]).not.toHaveProperty("extra");
  });

  it("filters subject and IPs locally since the service only does eq", async () => {
    const { client } = setup(() => ({ body: legacyRowBody }));
    const hit = await client.trace({
      backend: "reporting",
      query: { subject: "voi", fromIP: "203.0.113.9" },
    });
    expect(hit.rows).toHaveLength(1);
    const miss = await client.trace({ backend: "reporting", query: { subject: "Payroll" } });
    expect(miss.rows).toHaveLength(0);
  });

  it("passes the seed's raw OData through and always uses legacy for it", async () => {
    const { http, client } = setup(() => ({
      body: { value: [{ SenderAddress: "a@b.c", Organization: "corp" }] },
    }));
    const page = await client.trace({
      odata: {
        $filter: "SenderAddress eq 'a@b.c'",
        $select: "SenderAddress,Organization",
        $top: 5,
        $orderby: "Received",
      },
    });
    const q = http.sent[0].url.searchParams;
    expect(q.get("$filter")).toBe("SenderAddress eq 'a@b.c'");
    expect(q.get("$select")).toBe("SenderAddress,Organization");
    expect(q.get("$top")).toBe("5");
    expect(q.get("$orderby")).toBe("Received");
    expect(q.get("$format")).toBe("json");
    expect(page.backend).toBe("reporting");
    expect(page.rows[0]).toMatchObject({
      senderAddress: "a@b.c",
      subject: null,
      extra: { Organization: "corp" },
    });
    expect((await caught(client.trace({ odata: { $format: "atom" } }))).code).toBe("INVALID_FORMAT");
    expect((await caught(client.trace({ odata: { $top: 0 } }))).code).toBe("INVALID_TOP");
    expect((await caught(client.trace({ odata: { $top: 2.5 } }))).code).toBe("INVALID_TOP");
    expect((await caught(client.trace({ odata: {}, backend: "graph" }))).code).toBe("ODATA_NEEDS_LEGACY");
  });

  it("follows d.__next and a relative odata.nextLink", async () => {
    const abs = `${REPORTS}/ecp/ReportingWebService/Reporting.svc/MessageTrace?$skiptoken=1999`;
    const { http, client } = setup((req) =>
      req.url.searchParams.get("$skiptoken") === "1999"
        ? {
            body: {
              value: [],
              "odata.nextLink": "../../ReportingWebService/Reporting.svc/MessageTrace?$skiptoken=3999",
            },
          }
        : { body: { d: { ...legacyRowBody.d, __next: abs } } },
    );
    const first = await client.trace({ backend: "reporting", query: {} });
    expect(first.nextPageUri).toBe(abs);
    // The API that returned the link decides its token: a legacy link is never sent with Graph's.
    expect((await caught(client.trace({ nextPageUri: abs, backend: "graph" }))).code).toBe(
      "LINK_NOT_FOLLOWED",
    );
    expect(http.sent).toHaveLength(1);
    const second = await client.trace({ nextPageUri: abs, backend: "reporting" });
    expect(second.backend).toBe("reporting");
    expect(http.sent[1].api).toBe("reporting");
    expect(second.nextPageUri).toBe(
      `${REPORTS}/ecp/ReportingWebService/Reporting.svc/MessageTrace?$skiptoken=3999`,
    );
    expect(http.sent[1].headers["X-RWS-Version"]).toBe("2013-V1");
  });

  it("queries MessageTraceDetail by id, recipient, sender and window", async () => {
    const { http, client } = setup(() => ({
      body: {
        d: {
          results: [
            { Date: "/Date(1778403605000)/", Event: "Deliver", Action: null, Detail: "d", Data: null },
            { Date: "/Date(1778403600000)/", Event: "Receive", Action: "", Detail: "r", Data: null },
          ],
        },
      },
    }));
    const r = await client.detail({
      backend: "reporting",
      messageTraceId: TRACE_ID,
      recipientAddress: "ann@contoso.com",
      senderAddress: "billing@evil.example",
      startTime: "2026-05-10T00:00:00Z",
      endTime: "2026-05-10T10:00:00Z",
    });
    expect(r.events.map((e) => e.event)).toEqual(["Receive", "Deliver"]);
    expect(http.sent[0].url.pathname).toBe("/ecp/reportingwebservice/reporting.svc/MessageTraceDetail");
    expect(http.sent[0].url.searchParams.get("$filter")).toBe(
      `MessageTraceId eq guid'${TRACE_ID}' and RecipientAddress eq 'ann@contoso.com' and SenderAddress eq 'billing@evil.example'` +
        " and StartDate eq datetime'2026-05-10T00:00:00Z' and EndDate eq datetime'2026-05-10T10:00:00Z'",
    );
  });
});

describe("auto backend", () => {
  it("falls back to legacy on Graph 401 and says why", async () => {
    const { http, client } = setup((req) =>
      req.api === "graph" ? deny(401, "InvalidAuthenticationToken") : { body: legacyRowBody },
    );
    const page = await client.trace({ query: { senderAddress: "billing@evil.example" } });
    expect(page.backend).toBe("reporting");
    expect(page.fallbackReason).toMatch(/HTTP 401/);
    expect(page.rows).toHaveLength(1);
    expect(http.sent.map((s) => s.api)).toEqual(["graph", "reporting"]);
  });

  it("a Graph 404 on a detail call is 'not found', not a reason to fall back", async () => {
    const { http, client } = setup((req) =>
      req.api === "graph" ? deny(404, "ResourceNotFound") : { body: legacyRowBody },
    );
    const e = await caught(client.detail({ messageTraceId: TRACE_ID, recipientAddress: "a@b.c" }));
    expect(e).toMatchObject({ code: "TRACE_NOT_FOUND", status: 404 });
    expect(e.hint).toMatch(/says nothing about whether Graph message trace works/);
    expect(http.sent.map((s) => s.api)).toEqual(["graph"]);
  });

  it.each([403, 404])("falls back on Graph %i too", async (status) => {
    const { client } = setup((req) =>
      req.api === "graph" ? deny(status, "Forbidden") : { body: legacyRowBody },
    );
    const page = await client.trace({ query: {} });
    expect(page.backend).toBe("reporting");
    expect(page.fallbackReason).toMatch(new RegExp(`HTTP ${status}`));
    if (status === 403)
      expect((await client.detail({ messageTraceId: TRACE_ID, recipientAddress: "a@b.c" })).backend).toBe(
        "reporting",
      );
  });

  it("does not fall back on throttling or bad requests", async () => {
    const { http, client } = setup((req) =>
      req.api === "graph" ? deny(429, "TooManyRequests") : { body: legacyRowBody },
    );
    expect((await caught(client.trace({ query: {} }))).code).toBe("TooManyRequests");
    expect(http.sent).toHaveLength(1);
  });

  it("uses legacy directly when the cloud has no Graph message trace", async () => {
    const { http, client } = setup(
      () => ({ body: legacyRowBody }),
      fakeConfig({ cloud: "dod" }, { graphUrl: undefined }),
    );
    const page = await client.trace({ query: {} });
    expect(page.fallbackReason).toMatch(/not available in the dod cloud/);
    expect(http.sent.map((s) => s.api)).toEqual(["reporting"]);
  });

  it("combines both failures, with the Graph service-principal fix in the hint", async () => {
    const { client } = setup((req) =>
      req.api === "graph"
        ? deny(401, "InvalidAuthenticationToken")
        : {
            status: 403,
            body: { ErrorCode: "", Message: "No permission to access the report for the organization ." },
          },
    );
    const err = await caught(client.trace({ query: {} }));
    expect(err.code).toBe("MESSAGE_TRACE_UNAVAILABLE");
    expect(err.message).toContain("Graph: HTTP 401 InvalidAuthenticationToken");
    expect(err.message).toContain("Legacy Reporting Web Service: HTTP 403");
    expect(err.hint).toContain("8bd644d1-64a1-4d4b-ae52-2e0cbf64e373");
    expect(err.hint).toContain("ExchangeMessageTrace.Read.All");
  });

  it("refuses a forced backend that has no URL in this cloud, before any request", async () => {
    const noGraph = setup(() => ({ body: legacyRowBody }), fakeConfig({}, { graphUrl: undefined }));
    const graphErr = await caught(noGraph.client.trace({ query: {}, backend: "graph" }));
    expect(`${graphErr.api}:${graphErr.code}`).toBe("config:GRAPH_UNAVAILABLE");
    const noReports = setup(() => ({ body: legacyRowBody }), fakeConfig({}, { reportingUrl: undefined }));
    const reportErr = await caught(noReports.client.trace({ query: {}, backend: "reporting" }));
    expect(`${reportErr.api}:${reportErr.code}`).toBe("config:REPORTING_UNAVAILABLE");
    expect(noGraph.http.sent).toHaveLength(0);
    expect(noReports.http.sent).toHaveLength(0);
  });

  it("honours a forced backend and the configured one", async () => {
    const { http, client } = setup((req) => (req.api === "graph" ? deny(401, "x") : { body: legacyRowBody }));
    expect((await caught(client.trace({ query: {}, backend: "graph" }))).status).toBe(401);
    const cfg = setup(() => ({ body: legacyRowBody }), fakeConfig({ messageTraceBackend: "reporting" }));
    expect((await cfg.client.trace({ query: {} })).backend).toBe("reporting");
    expect(cfg.http.sent.map((s) => s.api)).toEqual(["reporting"]);
    expect(http.sent).toHaveLength(1);
  });
});
