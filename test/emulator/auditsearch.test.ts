// The Purview audit search API over HTTPS with hand-written requests (audit-search-api.md 1-6): create,
// get, list, delete, the status lifecycle, records paging and envelope, and the error answers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AuditSearchFixture,
  auditSearchFixture,
  DAY,
  iso,
  type QueryEntity,
  type RecordsPage,
  RUNNING_MS,
} from "./auditsearch-fixture.js";

let f: AuditSearchFixture;
beforeAll(async () => {
  f = await auditSearchFixture();
});
afterAll(async () => f?.close());
beforeEach(() => {
  f.emu.control.reset();
  f.clock.ms = f.startMs;
});

const lastDay = () => ({ filterStartDateTime: iso(f.startMs - DAY), filterEndDateTime: iso(f.startMs) });
interface GraphErrorBody {
  error: { code: string; message: string; innerError: { "request-id": string; date: string } };
}
const errorOf = (json: unknown) => (json as GraphErrorBody).error;

describe("create, get, list, delete", () => {
  it("creates a query: 201, the filters echoed, a GUID id, status notStarted and the limit properties", async () => {
    const body = {
      "@odata.type": "#microsoft.graph.security.auditLogQuery",
      displayName: "incident review",
      ...lastDay(),
      recordTypeFilters: ["azureActiveDirectoryStsLogon"],
      operationFilters: ["UserLoggedIn"],
      status: "",
      someUnknownProperty: 1,
    };
    const res = await f.create(body);
    expect(res.status, res.text).toBe(201);
    expect(String(res.headers["content-type"])).toMatch(/^application\/json/);
    const q = res.json as QueryEntity;
    expect(q["@odata.context"]).toBe(`${f.emu.graphUrl}/beta/$metadata#security/auditLog/queries/$entity`);
    expect(q["@odata.type"]).toBe("#microsoft.graph.security.auditLogQuery");
    expect(q.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(q).toMatchObject({
      displayName: "incident review",
      filterStartDateTime: body.filterStartDateTime,
      filterEndDateTime: body.filterEndDateTime,
      recordTypeFilters: ["azureActiveDirectoryStsLogon"],
      operationFilters: ["UserLoggedIn"],
      keywordFilter: null,
      status: "notStarted",
      isRecordCountLimitExceeded: false,
      recordCountLimit: 1_000_000,
      approximateReturnedRecordCount: 0,
    });
    expect(q).not.toHaveProperty("someUnknownProperty");
  });

  it("moves notStarted -> running -> succeeded on the emulator's clock, GET returning the bare entity", async () => {
    const id = ((await f.create(lastDay())).json as QueryEntity).id;
    const status = async () => {
      const res = await f.request("GET", `queries/${id}`);
      expect(res.status).toBe(200);
      const q = res.json as QueryEntity;
      expect(q).not.toHaveProperty("value");
      expect(q.id).toBe(id);
      return q.status;
    };
    expect(await status()).toBe("notStarted");
    f.clock.ms += RUNNING_MS / 2;
    expect(await status()).toBe("running");
    f.clock.ms += RUNNING_MS;
    expect((await f.settle(id)).status).toBe("succeeded");
  });

  it("lists the tenant's queries and pages the list with $top", async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(((await f.create(lastDay())).json as QueryEntity).id);
    const all = await f.request("GET", "queries");
    expect(all.status).toBe(200);
    expect((all.json as { value: QueryEntity[] }).value.map((q) => q.id)).toEqual(ids);
    const first = await f.request("GET", "queries?$top=1");
    const page = first.json as { value: QueryEntity[]; "@odata.nextLink": string };
    expect(page.value).toHaveLength(1);
    expect(page["@odata.nextLink"]).toMatch(/^https:\/\//);
    const second = await f.request("GET", page["@odata.nextLink"]);
    expect((second.json as { value: QueryEntity[] }).value[0].id).toBe(ids[1]);
  });

  it("deletes a query (204), after which it is 404; PATCH is 405", async () => {
    const id = ((await f.create(lastDay())).json as QueryEntity).id;
    const patch = await f.request("POST", `queries/${id}`, { body: "{}" });
    expect(patch.status).toBe(405);
    const del = await f.request("DELETE", `queries/${id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    const gone = await f.request("GET", `queries/${id}`);
    expect(gone.status).toBe(404);
    expect(errorOf(gone.json).code).toBe("NotFound");
  });

  it("forgets queries after 30 days (the portal's rule for completed searches)", async () => {
    const old = ((await f.create(lastDay())).json as QueryEntity).id;
    f.clock.ms += 31 * DAY;
    const token = await f.tokenOf(f.emu.clientId, f.emu.clientSecret);
    expect((await f.request("GET", `queries/${old}`, { token })).status).toBe(200);
    expect((await f.create(lastDay(), { token })).status).toBe(201);
    expect((await f.request("GET", `queries/${old}`, { token })).status).toBe(404);
  });

  it("answers 404 for an unknown or malformed query id", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-guid"]) {
      const res = await f.request("GET", `queries/${id}/records`);
      expect(res.status, id).toBe(404);
      expect(errorOf(res.json).innerError["request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("refuses records before the query succeeded (400 'The query is not ready.')", async () => {
    const id = ((await f.create(lastDay())).json as QueryEntity).id;
    const res = await f.request("GET", `queries/${id}/records`);
    expect(res.status).toBe(400);
    expect(errorOf(res.json)).toMatchObject({ code: "BadRequest", message: "The query is not ready." });
  });
});

describe("records and paging", () => {
  it("pages with an absolute @odata.nextLink, @odata.count equal to each page's items and the documented context", async () => {
    const { query, records, pages } = await f.search(lastDay(), { top: 40 });
    expect(pages.length).toBeGreaterThan(2);
    for (const [i, p] of pages.entries()) {
      expect(p["@odata.count"]).toBe(p.value.length);
      expect(p["@odata.context"]).toBe(
        `${f.emu.graphUrl}/beta/$metadata#security/auditLog/queries('${query.id}')/records`,
      );
      if (i < pages.length - 1) {
        expect(p.value).toHaveLength(40);
        expect(p["@odata.nextLink"]).toMatch(
          new RegExp(
            `^${f.emu.graphUrl}/beta/security/auditLog/queries/${query.id}/records\\?.*\\$skiptoken=`,
          ),
        );
      } else expect(p).not.toHaveProperty("@odata.nextLink");
    }
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    expect(query.approximateReturnedRecordCount).toBe(records.length);
  });

  it("serves 150 records per page without $top", async () => {
    const { pages } = await f.search(lastDay());
    expect(pages[0].value).toHaveLength(150);
  });

  it("rejects a bad $top and a forged $skiptoken with 400", async () => {
    const id = ((await f.create(lastDay())).json as QueryEntity).id;
    f.finish();
    await f.settle(id);
    for (const [q, message] of [
      ["$top=0", /\$top/],
      ["$top=abc", /\$top/],
      ["$skiptoken=garbage", /\$skiptoken/],
    ] as const) {
      const res = await f.request("GET", `queries/${id}/records?${q}`);
      expect(res.status, q).toBe(400);
      expect(errorOf(res.json).message).toMatch(message);
    }
  });

  it("writes the envelope with the live quirks around auditData (defaultAuditData, #Int64 annotations)", async () => {
    const { records } = await f.search({ ...lastDay(), operationFilters: ["UserLoggedIn"] });
    expect(records.length).toBeGreaterThan(0);
    const r = records[0];
    expect(Object.keys(r).sort()).toEqual(
      [
        "id",
        "createdDateTime",
        "auditLogRecordType",
        "operation",
        "organizationId",
        "userType",
        "userId",
        "service",
        "objectId",
        "userPrincipalName",
        "clientIp",
        "administrativeUnits",
        "auditData",
      ].sort(),
    );
    const d = r.auditData;
    expect(r).toMatchObject({
      id: d.Id,
      createdDateTime: d.CreationTime,
      auditLogRecordType: "AzureActiveDirectoryStsLogon",
      operation: "UserLoggedIn",
      organizationId: f.emu.tenantId,
      userType: "Regular",
      userId: d.UserKey,
      userPrincipalName: d.UserId,
      service: "AzureActiveDirectory",
      objectId: d.ObjectId,
      clientIp: null,
      administrativeUnits: [""],
    });
    expect(r.createdDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(d["@odata.type"]).toBe("#microsoft.graph.security.defaultAuditData");
    expect(d["RecordType@odata.type"]).toBe("#Int64");
    expect(d.RecordType).toBe(15);
    expect(d["Actor@odata.type"]).toBe("#Collection(microsoft.graph.security.defaultAuditData)");
    expect((d.Actor as Array<Record<string, unknown>>)[0]["Type@odata.type"]).toBe("#Int64");
    expect(d.ErrorNumber).toBe("0");
  });
});

describe("limits and faults", () => {
  it("stops at the record-count limit and says so: succeeded with isRecordCountLimitExceeded", async () => {
    f.emu.control.configureAuditSearch({ recordCountLimit: 25 });
    const { query, records } = await f.search(lastDay());
    expect(query.status).toBe("succeeded");
    expect(query.isRecordCountLimitExceeded).toBe(true);
    expect(query.recordCountLimit).toBe(25);
    expect(records).toHaveLength(25);
    const under = await f.search({ ...lastDay(), ipAddressFilters: [f.emu.incident.attackerIp] });
    expect(under.records.length).toBeGreaterThan(0);
    expect(under.query.isRecordCountLimitExceeded).toBe(false);
  });

  it("ends a query failed or cancelled when a test arms it, with no records", async () => {
    f.emu.control.configureAuditSearch({ failNext: 1, cancelNext: 1 });
    const a = ((await f.create(lastDay())).json as QueryEntity).id;
    const b = ((await f.create(lastDay())).json as QueryEntity).id;
    const c = ((await f.create(lastDay())).json as QueryEntity).id;
    f.finish();
    const status = async (id: string) => (await f.settle(id)).status;
    expect([await status(a), await status(b), await status(c)]).toEqual(["failed", "cancelled", "succeeded"]);
    const records = await f.request("GET", `queries/${a}/records`);
    expect(records.status).toBe(400);
    expect(errorOf(records.json).message).toContain("failed");
  });

  it("throttles create with 429 and Retry-After when armed, then admits again", async () => {
    f.emu.control.configureAuditSearch({ throttleNext: 1, retryAfterSeconds: 7 });
    const res = await f.create(lastDay());
    expect(res.status).toBe(429);
    expect(res.headers["retry-after"]).toBe("7");
    expect(errorOf(res.json).code).toBe("TooManyRequests");
    expect((await f.create(lastDay())).status).toBe(201);
  });

  it("enforces the queued-or-running cap with a Retry-After until the oldest finishes", async () => {
    f.emu.control.configureAuditSearch({ concurrentQueries: 1, runningMs: 5_000 });
    const first = await f.create(lastDay());
    expect(first.status).toBe(201);
    const refused = await f.create(lastDay());
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toBe("5");
    f.clock.ms += 5_000;
    expect((await f.settle((first.json as QueryEntity).id)).status).toBe("succeeded");
    expect((await f.create(lastDay())).status).toBe(201);
  });

  it("enforces the submissions-per-24-hours cap", async () => {
    f.emu.control.configureAuditSearch({ queriesPer24h: 2 });
    expect((await f.create(lastDay())).status).toBe(201);
    expect((await f.create(lastDay())).status).toBe(201);
    const refused = await f.create(lastDay());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(86_000);
    f.clock.ms += DAY;
    const token = await f.tokenOf(f.emu.clientId, f.emu.clientSecret);
    expect((await f.create(lastDay(), { token })).status).toBe(201);
  });

  it("targets faults at the audit search route only", async () => {
    f.emu.control.addFault({ route: "auditsearch", kind: "503", retryAfterSeconds: 3 });
    const trace = await f.request("GET", `${f.emu.graphUrl}/v1.0/admin/exchange/tracing/messageTraces`);
    expect(trace.status).toBe(200);
    const res = await f.create(lastDay());
    expect(res.status).toBe(503);
    expect((await f.create(lastDay())).status).toBe(201);
  });

  it("records every request so a client test can count creates", async () => {
    f.emu.control.clearRequests();
    await f.create(lastDay());
    const creates = f.emu.control
      .requests()
      .filter((r) => r.route === "auditsearch" && r.method === "POST" && r.path.endsWith("/queries"));
    expect(creates).toHaveLength(1);
    expect(creates[0].status).toBe(201);
    expect(creates[0].headers.authorization).toBe("Bearer [redacted]");
  });
});

describe("beta and v1.0", () => {
  it("serves both by default", async () => {
    for (const version of ["beta", "v1.0"] as const) {
      const res = await f.create(lastDay(), { version });
      expect(res.status, version).toBe(201);
      const probe = await f.request("GET", "queries?$top=1", { version });
      expect(probe.status, version).toBe(200);
    }
  });

  it("answers v1.0 with 404 UnknownError (empty message) when switched off, beta unaffected", async () => {
    f.emu.control.configureAuditSearch({ v1Available: false });
    for (const [method, path] of [
      ["GET", "queries?$top=1"],
      ["POST", "queries"],
    ] as const) {
      const res = await f.request(method, path, {
        version: "v1.0",
        body: method === "POST" ? JSON.stringify(lastDay()) : undefined,
      });
      expect(res.status).toBe(404);
      expect(errorOf(res.json)).toMatchObject({ code: "UnknownError", message: "" });
    }
    expect((await f.create(lastDay())).status).toBe(201);
  });

  it("takes the switch over the loopback control route too", async () => {
    const control = `${f.emu.managementUrl}/_emulator/audit-search`;
    const { send } = await import("./https-client.js");
    const res = await send(f.agent, control, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ v1Available: false }),
    });
    expect(res.status).toBe(200);
    expect((await f.request("GET", "queries", { version: "v1.0" })).status).toBe(404);
    const bad = await send(f.agent, control, { method: "POST", body: JSON.stringify({ v1: false }) });
    expect(bad.status).toBe(400);
  });
});

describe("authentication and permissions", () => {
  it("answers 401 without a valid token", async () => {
    const res = await f.request("GET", "queries", { token: "not-a-jwt" });
    expect(res.status).toBe(401);
    expect(errorOf(res.json).code).toBe("InvalidAuthenticationToken");
  });

  it("refuses create with 403 when the token has no audit query permission, naming the permission", async () => {
    const token = await f.tokenOf(f.emu.noAuditQueryClientId, f.emu.noAuditQueryClientSecret);
    const res = await f.create(lastDay(), { token });
    expect(res.status).toBe(403);
    expect(errorOf(res.json).code).toBe("Authorization_RequestDenied");
    expect(errorOf(res.json).message).toContain("AuditLogsQuery.Read.All");
  });

  it("with only AuditLog.Read.All: the query succeeds with 0 records (April 2026 enforcement)", async () => {
    const token = await f.tokenOf(f.emu.auditLogReadOnlyClientId, f.emu.auditLogReadOnlyClientSecret);
    const { query, records } = await f.search(lastDay(), { token });
    expect(query.status).toBe("succeeded");
    expect(records).toEqual([]);
  });

  it("with a per-workload permission: silently scoped to that workload's records", async () => {
    const token = await f.tokenOf(f.emu.entraAuditQueryClientId, f.emu.entraAuditQueryClientSecret);
    const scoped = await f.search(lastDay(), { token });
    const all = await f.search(lastDay());
    expect(scoped.records.length).toBeGreaterThan(0);
    expect(new Set(scoped.records.map((r) => r.service))).toEqual(new Set(["AzureActiveDirectory"]));
    expect(new Set(all.records.map((r) => r.service)).size).toBeGreaterThan(3);
    expect(scoped.records).toEqual(all.records.filter((r) => r.service === "AzureActiveDirectory"));
  });
});

describe("bad create bodies", () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ["not JSON", "{", /JSON/],
    ["an array", "[]", /object/],
    ["no start", { filterEndDateTime: "2026-11-27T00:00:00Z" }, /filterStartDateTime is required/],
    ["no end", { filterStartDateTime: "2026-11-26T00:00:00Z" }, /filterEndDateTime is required/],
    [
      "a malformed date",
      { filterStartDateTime: "yesterday", filterEndDateTime: "2026-11-27T00:00:00Z" },
      /Edm.DateTimeOffset/,
    ],
    [
      "end before start",
      { filterStartDateTime: "2026-11-27T00:00:00Z", filterEndDateTime: "2026-11-26T00:00:00Z" },
      /later than/,
    ],
    [
      "an unknown record type",
      {
        ...{ filterStartDateTime: "2026-11-26T00:00:00Z", filterEndDateTime: "2026-11-27T00:00:00Z" },
        recordTypeFilters: ["ExchangeMailbox"],
      },
      /not a member/,
    ],
    [
      "a list of numbers",
      {
        filterStartDateTime: "2026-11-26T00:00:00Z",
        filterEndDateTime: "2026-11-27T00:00:00Z",
        operationFilters: [1],
      },
      /array of strings/,
    ],
    [
      "a numeric keyword",
      {
        filterStartDateTime: "2026-11-26T00:00:00Z",
        filterEndDateTime: "2026-11-27T00:00:00Z",
        keywordFilter: 5,
      },
      /must be a string/,
    ],
    [
      "a huge list",
      {
        filterStartDateTime: "2026-11-26T00:00:00Z",
        filterEndDateTime: "2026-11-27T00:00:00Z",
        ipAddressFilters: Array(501).fill("192.0.2.1"),
      },
      /at most 500/,
    ],
  ];
  it.each(cases)("400 for %s, with a message saying what to fix", async (_name, body, message) => {
    const res = await f.create(body);
    expect(res.status, res.text).toBe(400);
    expect(errorOf(res.json).code).toBe("BadRequest");
    expect(errorOf(res.json).message).toMatch(message);
  });

  it("415 without a JSON content type", async () => {
    const res = await f.request("POST", "queries", {
      body: JSON.stringify(lastDay()),
      headers: { "content-type": "text/plain" },
    });
    expect(res.status).toBe(415);
  });

  it("accepts zone-less times as UTC and record types in either case", async () => {
    const res = await f.create({
      filterStartDateTime: "2026-11-26T12:00:00",
      filterEndDateTime: "2026-11-27T12:00:00.000Z",
      recordTypeFilters: ["exchangeAdmin", "ExchangeAdmin", "MIPLABEL"],
    });
    expect(res.status, res.text).toBe(201);
    expect((res.json as QueryEntity).filterStartDateTime).toBe("2026-11-26T12:00:00Z");
  });
});

describe("tenant switches", () => {
  it("answers AuditingDisabledTenant (400 UnknownError, stringified JSON message) when audit logging is off", async () => {
    const g = await auditSearchFixture({ auditLoggingEnabled: false, auditHistoryDays: 8 });
    try {
      const res = await g.create({
        filterStartDateTime: iso(g.startMs - DAY),
        filterEndDateTime: iso(g.startMs),
      });
      expect(res.status).toBe(400);
      const error = errorOf(res.json);
      expect(error.code).toBe("UnknownError");
      expect(JSON.parse(error.message)).toMatchObject({ Status: "AuditingDisabledTenant" });
    } finally {
      await g.close();
    }
  });
});

// Real time: the lifecycle also advances without a test moving the clock.
describe("in real time", () => {
  it("finishes a query after its running time", async () => {
    const g = await auditSearchFixture({ now: undefined, auditHistoryDays: 8 });
    try {
      const now = Date.now();
      const res = await g.create({ filterStartDateTime: iso(now - DAY), filterEndDateTime: iso(now) });
      const id = (res.json as QueryEntity).id;
      await new Promise((r) => setTimeout(r, RUNNING_MS + 50));
      expect((await g.settle(id)).status).toBe("succeeded");
      const page = (await g.request("GET", `queries/${id}/records?$top=5`)).json as RecordsPage;
      expect(page.value).toHaveLength(5);
    } finally {
      await g.close();
    }
  });
});
