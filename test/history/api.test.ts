import { describe, expect, it } from "vitest";
import { createAuditQueryApi } from "../../src/history/api.js";
import { caught } from "../helpers/caught.js";
import { FakeHttp, fakeConfig, GRAPH, type SentRequest } from "../helpers/fake-http.js";

const Q = "168ec429-084b-a489-90d8-504a87846305";

function fake(handler: (req: SentRequest) => { status?: number; body?: unknown }) {
  const http = new FakeHttp(handler);
  return { http, api: createAuditQueryApi({ config: fakeConfig(), http }) };
}

const notFound = { status: 404, body: { error: { code: "UnknownError", message: "" } } };

describe("audit search API client", () => {
  it("probes v1.0 once, falls back to beta on 404 UnknownError, and keeps the choice for the process", async () => {
    const { http, api } = fake((req) => {
      if (req.url.pathname.startsWith("/v1.0/")) return notFound;
      if (req.method === "POST") return { status: 201, body: { id: Q, status: "notStarted" } };
      return { body: { id: Q, status: "running" } };
    });
    const made = await api.create({
      displayName: "d",
      start: new Date("2026-11-01T00:00:00Z"),
      end: new Date("2026-11-25T00:00:00Z"),
      filters: { ipAddressFilters: ["203.0.113.66"] },
    });
    expect(made).toEqual({ query: { id: Q, status: "notStarted" }, version: "beta" });
    await api.get(Q, "beta");
    await api.create({ displayName: "d", start: new Date(0), end: new Date(1), filters: {} });
    const lines = http.sent.map((r) => `${r.method} ${r.url.pathname}`);
    expect(lines).toEqual([
      "GET /v1.0/security/auditLog/queries",
      "POST /beta/security/auditLog/queries",
      `GET /beta/security/auditLog/queries/${Q}`,
      "POST /beta/security/auditLog/queries",
    ]);
    const post = http.sent[1];
    expect(post.body).toEqual({
      "@odata.type": "#microsoft.graph.security.auditLogQuery",
      displayName: "d",
      filterStartDateTime: "2026-11-01T00:00:00.000Z",
      filterEndDateTime: "2026-11-25T00:00:00.000Z",
      ipAddressFilters: ["203.0.113.66"],
    });
  });

  it("uses v1.0 when it answers, with the audit budgets, and never resends a create", async () => {
    const budgets: unknown[] = [];
    const http = new FakeHttp((req) =>
      req.method === "POST"
        ? { status: 201, body: { id: Q, status: "notStarted" } }
        : { body: { value: [] } },
    );
    const request = http.request.bind(http);
    http.request = (req) => {
      budgets.push([req.method ?? "GET", req.budget, req.retry]);
      return request(req);
    };
    const api = createAuditQueryApi({ config: fakeConfig(), http });
    expect(
      (await api.create({ displayName: "d", start: new Date(0), end: new Date(1), filters: {} })).version,
    ).toBe("v1.0");
    expect(budgets).toEqual([
      ["GET", "auditSearch", undefined],
      ["POST", "auditQuerySubmit", false],
    ]);
  });

  it("does not remember a failed probe (403 is the answer, not a reason for beta)", async () => {
    let deny = true;
    const { http, api } = fake(() =>
      deny ? { status: 403, body: { error: { code: "Forbidden", message: "no" } } } : { body: { value: [] } },
    );
    expect((await caught(api.version())).status).toBe(403);
    deny = false;
    expect(await api.version()).toBe("v1.0");
    expect(http.sent.map((r) => r.url.pathname)).toEqual([
      "/v1.0/security/auditLog/queries",
      "/v1.0/security/auditLog/queries",
    ]);
  });

  it("follows the absolute @odata.nextLink of the same query's records, and no other link", async () => {
    const next = `${GRAPH}/beta/security/auditLog/queries/${Q}/records?$skiptoken=1!4!MA--`;
    const { http, api } = fake((req) =>
      req.url.searchParams.has("$skiptoken")
        ? { body: { value: [{ id: "b" }] } }
        : { body: { value: [{ id: "a" }], "@odata.nextLink": next, "@odata.count": 1 } },
    );
    const first = await api.records(Q, "beta", undefined);
    expect(first).toEqual({ rows: [{ id: "a" }], next });
    expect(http.sent[0].url.searchParams.get("$top")).toBe("1000");
    expect(await api.records(Q, "beta", next)).toEqual({ rows: [{ id: "b" }] });
    expect(http.sent[1].url.href).toBe(new URL(next).href);

    const foreign = await caught(
      api.records(Q, "beta", "https://evil.example/beta/security/auditLog/queries/x/records"),
    );
    expect(foreign.code).toBe("HOST_NOT_ALLOWED");
    const sideways = await caught(api.records(Q, "beta", `${GRAPH}/v1.0/users?$top=999`));
    expect(sideways.code).toBe("LINK_NOT_FOLLOWED");
    expect(http.sent).toHaveLength(2);
  });

  it("refuses a query id that is not one the service hands out, without a request", async () => {
    const { http, api } = fake(() => ({ body: {} }));
    expect((await caught(api.get("../../users", "beta"))).code).toBe("INVALID_CURSOR");
    expect(http.sent).toHaveLength(0);
  });

  it("names a malformed query body as such", async () => {
    const { api } = fake(() => ({ body: { status: "running" } }));
    expect((await caught(api.get(Q, "v1.0"))).code).toBe("MALFORMED_RESPONSE");
  });
});
