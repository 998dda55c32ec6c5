// The audit search over the tenant's history (audit-search-api.md 1.2 filters, 3.4 auditData vs the feed,
// 4.4 retention): every documented filter, the same records as the Management Activity feed where the two
// overlap, the 21-day foothold only the history path reaches, and the history horizon and retention.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CONTENT_TYPES, generateTenant } from "../../src/emulator/tenant/index.js";
import {
  type AuditRecordEnvelope,
  type AuditSearchFixture,
  auditSearchFixture,
  DAY,
  iso,
  type QueryEntity,
} from "./auditsearch-fixture.js";
import { appToken, send } from "./https-client.js";

const HOUR = 3_600_000;
let f: AuditSearchFixture;
beforeAll(async () => {
  f = await auditSearchFixture();
});
afterAll(async () => f?.close());
beforeEach(() => {
  f.emu.control.reset();
  f.clock.ms = f.startMs;
});

const window = (fromMs: number, toMs: number) => ({
  filterStartDateTime: iso(fromMs),
  filterEndDateTime: iso(toMs),
});
const sixHours = () => window(f.startMs - 30 * HOUR, f.startMs - 24 * HOUR);
const data = (r: AuditRecordEnvelope) => r.auditData as Record<string, unknown>;

/** auditData without Graph's annotations and with the feed's zone-less CreationTime (3.4). */
function classic(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(classic);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.includes("@odata.")) continue;
    out[k] = k === "CreationTime" && typeof v === "string" ? v.replace(/Z$/, "") : classic(v);
  }
  return out;
}

describe("filters (each documented one)", () => {
  let all: AuditRecordEnvelope[];
  beforeEach(async () => {
    all ??= (await f.search(sixHours())).records;
  });

  it("the unfiltered window holds records of every feed workload, all inside [start, end)", async () => {
    expect(all.length).toBeGreaterThan(500);
    expect(new Set(all.map((r) => r.service))).toEqual(
      new Set([
        "AzureActiveDirectory",
        "Exchange",
        "SharePoint",
        "OneDrive",
        "MicrosoftTeams",
        "PowerBI",
        "MicrosoftForms",
        "Copilot",
      ]),
    );
    const { filterStartDateTime: s, filterEndDateTime: e } = sixHours();
    for (const r of all) {
      expect(Date.parse(r.createdDateTime)).toBeGreaterThanOrEqual(Date.parse(s));
      expect(Date.parse(r.createdDateTime)).toBeLessThan(Date.parse(e));
    }
  });

  const cases: Array<[string, () => Record<string, unknown>, (r: AuditRecordEnvelope) => boolean]> = [
    [
      "recordTypeFilters (camelCase and PascalCase)",
      () => ({ recordTypeFilters: ["sharePointFileOperation", "AzureActiveDirectoryStsLogon"] }),
      (r) => ["SharePointFileOperation", "AzureActiveDirectoryStsLogon"].includes(r.auditLogRecordType),
    ],
    ["serviceFilter", () => ({ serviceFilter: "Exchange" }), (r) => r.service === "Exchange"],
    [
      "serviceFilters",
      () => ({ serviceFilters: ["onedrive", "MicrosoftTeams"] }),
      (r) => ["OneDrive", "MicrosoftTeams"].includes(r.service),
    ],
    [
      "operationFilters (any case)",
      () => ({ operationFilters: ["filedownloaded", "UserLoginFailed"] }),
      (r) => ["FileDownloaded", "UserLoginFailed"].includes(r.operation),
    ],
    [
      "userPrincipalNameFilters",
      () => ({ userPrincipalNameFilters: [all[0].userPrincipalName.toUpperCase()] }),
      (r) => r.userPrincipalName.toLowerCase() === all[0].userPrincipalName.toLowerCase(),
    ],
    [
      "ipAddressFilters",
      () => ({ ipAddressFilters: ["192.0.2.10"] }),
      (r) =>
        data(r).ClientIP === "192.0.2.10" ||
        data(r).ActorIpAddress === "192.0.2.10" ||
        String(data(r).ClientIP).startsWith("192.0.2.10:"),
    ],
    [
      "objectIdFilters (exact)",
      () => ({ objectIdFilters: [String(all.find((r) => r.service === "SharePoint")?.objectId)] }),
      (r) => r.objectId === all.find((x) => x.service === "SharePoint")?.objectId,
    ],
    [
      "objectIdFilters (trailing * prefix)",
      () => ({ objectIdFilters: ["https://contosoemu-my.sharepoint.com/*"] }),
      (r) => String(r.objectId).startsWith("https://contosoemu-my.sharepoint.com/"),
    ],
    [
      "keywordFilter (free text anywhere in the record)",
      () => ({ keywordFilter: "oauth2:AUTHORIZE" }),
      (r) => JSON.stringify(r.auditData).toLowerCase().includes("oauth2:authorize"),
    ],
  ];
  it.each(cases)("%s selects exactly the matching records", async (_name, filters, matches) => {
    const { records } = await f.search({ ...sixHours(), ...filters() });
    expect(records.length).toBeGreaterThan(0);
    expect(records.length).toBeLessThan(all.length);
    expect(records.every(matches)).toBe(true);
    expect(records.map((r) => r.id).sort()).toEqual(
      all
        .filter(matches)
        .map((r) => r.id)
        .sort(),
    );
  });

  it("ANDs different filters", async () => {
    const { records } = await f.search({
      ...sixHours(),
      serviceFilter: "AzureActiveDirectory",
      operationFilters: ["UserLoggedIn"],
    });
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.service === "AzureActiveDirectory" && r.operation === "UserLoggedIn")).toBe(
      true,
    );
  });

  it("administrativeUnitIdFilters select nothing: no record of this tenant is tagged to an AU", async () => {
    const { query, records } = await f.search({
      ...sixHours(),
      administrativeUnitIdFilters: ["0f1c2f9e-6a55-4b57-9d2a-1a5f4d0b8c11"],
    });
    expect(query.status).toBe("succeeded");
    expect(records).toEqual([]);
  });

  it("splits cleanly: two half windows hold exactly the records of the whole (end exclusive)", async () => {
    const mid = f.startMs - 27 * HOUR;
    const a = await f.search(window(f.startMs - 30 * HOUR, mid));
    const b = await f.search(window(mid, f.startMs - 24 * HOUR));
    expect([...a.records, ...b.records].map((r) => r.id).sort()).toEqual(all.map((r) => r.id).sort());
  });
});

describe("the same tenant as the feed", () => {
  it("serves a feed record with the same Id and the same auditData (less Graph's annotations and the Z)", async () => {
    const token = await appToken(f.agent, f.emu, f.emu.managementUrl);
    const root = `${f.emu.managementUrl}/api/v1.0/${f.emu.tenantId}/activity/feed`;
    const auth = { authorization: `Bearer ${token}` };
    const listing = await send(
      f.agent,
      `${root}/subscriptions/content?contentType=Audit.Exchange&startTime=${iso(f.startMs - 3 * DAY).slice(0, 19)}&endTime=${iso(f.startMs - 3 * DAY + 6 * HOUR).slice(0, 19)}`,
      { headers: auth },
    );
    expect(listing.status).toBe(200);
    const blob = (listing.json as Array<{ contentUri: string }>)[0];
    const feedRecords = (await send(f.agent, blob.contentUri, { headers: auth })).json as Array<
      Record<string, unknown>
    >;
    const sample = feedRecords[0];
    const at = Date.parse(`${sample.CreationTime}Z`);
    const { records } = await f.search(window(at, at + 1000));
    const match = records.find((r) => r.id === sample.Id);
    expect(match, "the feed's record is in history").toBeDefined();
    expect(classic(match?.auditData)).toEqual(sample);
  });

  it("the feed's blobs are unchanged by the history: same content ids and bodies with or without it", () => {
    const opts = { seed: 42, tenantId: f.emu.tenantId, now: new Date(f.startMs), days: 8 };
    const feedOnly = generateTenant(opts);
    const withHistory = generateTenant({ ...opts, historyDays: 30 });
    for (const ct of CONTENT_TYPES) {
      const a = feedOnly.blobs(ct);
      const b = withHistory.blobs(ct);
      expect(b.map((x) => x.contentId)).toEqual(a.map((x) => x.contentId));
      for (const i of [0, 1, Math.floor(a.length / 2), a.length - 1]) expect(b[i].body()).toBe(a[i].body());
    }
    expect(withHistory.history.start.getTime()).toBe(f.startMs - 30 * DAY);
    expect(feedOnly.history.start.getTime()).toBe(f.startMs - 8 * DAY);
  });
});

// A 30-day scan is seconds of CPU on a loaded 2-core machine: a generous timeout, not a timing target.
const SLOW = { timeout: 180_000 };

describe("the foothold, 21 days back", SLOW, () => {
  it("is found by an ipAddressFilters query over 30 days: the sign-in, then the consent to Invoice Viewer", async () => {
    const inc = f.emu.incident;
    expect(inc.consentAppName).toBe("Invoice Viewer");
    expect(f.startMs - Date.parse(inc.footholdSignIn)).toBe(21 * DAY);
    expect(Date.parse(inc.consentGranted)).toBeGreaterThan(Date.parse(inc.footholdSignIn));
    const t0 = performance.now();
    const { records } = await f.search({
      ...window(f.startMs - 30 * DAY, f.startMs),
      ipAddressFilters: [inc.attackerIp],
    });
    const seconds = (performance.now() - t0) / 1000;
    const old = records.filter((r) => Date.parse(r.createdDateTime) < f.startMs - 7 * DAY);
    expect(old.map((r) => [r.operation, r.createdDateTime])).toEqual([
      ["UserLoggedIn", inc.footholdSignIn.replace(".000Z", "Z")],
      ["Add delegated permission grant.", expect.any(String)],
      ["Consent to application.", inc.consentGranted.replace(".000Z", "Z")],
    ]);
    const [signIn, , consent] = old;
    expect(signIn).toMatchObject({
      userPrincipalName: inc.compromisedUser,
      auditLogRecordType: "AzureActiveDirectoryStsLogon",
    });
    expect(data(signIn).ClientIP).toBe(inc.attackerIp);
    expect(consent).toMatchObject({
      userPrincipalName: inc.compromisedUser,
      auditLogRecordType: "AzureActiveDirectory",
      service: "AzureActiveDirectory",
    });
    expect(JSON.stringify(data(consent).Target)).toContain('"Invoice Viewer"');
    expect(JSON.stringify(data(consent).ModifiedProperties)).toContain(inc.consentAppId);
    expect(JSON.stringify(data(consent).ModifiedProperties)).toContain("ConsentContext.IsAdminConsent");
    // The recent incident is there too, so history and feed tell one story.
    expect(records.some((r) => r.createdDateTime === inc.foreignSignIn.replace(".000Z", "Z"))).toBe(true);
    // Not a timing assertion (bench/emulator-history.ts measures); a loud hint if it ever gets absurd.
    expect(seconds).toBeLessThan(120);
  });

  it("is outside the feed's 7 days, so a last-7-days query does not see it", async () => {
    const { records } = await f.search({
      ...window(f.startMs - 7 * DAY, f.startMs),
      operationFilters: ["Consent to application."],
      serviceFilter: "AzureActiveDirectory",
    });
    // The recent week has only the administrator's routine first-party consent (a benign look-alike).
    const texts = records.map((r) => JSON.stringify(r.auditData));
    expect(texts.some((t) => t.includes(f.emu.incident.consentAppName))).toBe(false);
    expect(texts.some((t) => t.includes(f.emu.incident.attackerIp))).toBe(false);
  });
});

describe("horizon and retention", SLOW, () => {
  it("clips a window older than retention (Audit Standard 180 days; here 20): succeeded, nothing older", async () => {
    const g = await auditSearchFixture({ auditRetentionDays: 20 });
    try {
      const { query, records } = await g.search({
        ...window(g.startMs - 30 * DAY, g.startMs - 19 * DAY),
        serviceFilter: "AzureActiveDirectory",
      });
      expect(query.status).toBe("succeeded");
      expect(records.length).toBeGreaterThan(0);
      const oldest = Math.min(...records.map((r) => Date.parse(r.createdDateTime)));
      expect(oldest).toBeGreaterThanOrEqual(g.startMs - 20 * DAY);
      expect(records.some((r) => r.operation === "Consent to application.")).toBe(false);
      const beyond = await g.search(window(g.startMs - 30 * DAY, g.startMs - 25 * DAY));
      expect(beyond.query.status).toBe("succeeded");
      expect(beyond.records).toEqual([]);
    } finally {
      await g.close();
    }
  });

  it("holds nothing before its history horizon (auditHistoryDays 8: no foothold)", async () => {
    const g = await auditSearchFixture({ auditHistoryDays: 8 });
    try {
      const { records } = await g.search({
        ...window(g.startMs - 30 * DAY, g.startMs),
        ipAddressFilters: [g.emu.incident.attackerIp],
      });
      expect(records.length).toBeGreaterThan(0);
      expect(records.every((r) => Date.parse(r.createdDateTime) >= g.startMs - 8 * DAY)).toBe(true);
    } finally {
      await g.close();
    }
  });
});

describe("delegated tokens", () => {
  it("accepts a refresh-token (scp) token that carries AuditLogsQuery.Read.All", async () => {
    const res = await send(f.agent, f.emu.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        client_id: f.emu.clientId,
        client_secret: f.emu.clientSecret,
        refresh_token: f.emu.refreshToken,
        scope: `${f.emu.graphUrl}/.default offline_access`,
      }).toString(),
    });
    const token = (res.json as { access_token: string }).access_token;
    const created = await f.create(sixHours(), { token });
    expect(created.status, created.text).toBe(201);
    expect((created.json as QueryEntity).status).toBe("notStarted");
  });
});
