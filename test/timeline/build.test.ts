// The timeline engine on its own, with the two services faked: what it does when a detail fetch fails, when
// the trace has more pages than it reads, when no subscription exists, and with hostile record values.
import { describe, expect, it } from "vitest";
import type { AuditSearch, AuditSearchRequest, AuditSearchResult } from "../../src/audit/types.js";
import { O365Error } from "../../src/errors.js";
import type { AuditRecord } from "../../src/management/types.js";
import type { MessageTraceClient, MessageTraceRow } from "../../src/messagetrace/types.js";
import { buildTimeline } from "../../src/timeline/build.js";
import { auditCategory } from "../../src/timeline/categories.js";
import { messageIdsOf } from "../../src/timeline/entries.js";
import { MAX_DETAILS } from "../../src/timeline/mail.js";
import { createMailCache } from "../../src/timeline/mail-cache.js";
import { resolveQuestion } from "../../src/timeline/question.js";

const NOW = new Date("2026-06-10T12:00:00Z");
const MID = "<phish-1@evil.example>";

function row(recipient: string, status: string, extra: Partial<MessageTraceRow> = {}): MessageTraceRow {
  return {
    received: "2026-06-10T08:00:00Z",
    senderAddress: "billing@evil.example",
    recipientAddress: recipient,
    subject: "Invoice",
    status,
    size: 1000,
    messageId: MID,
    messageTraceId: "4451a062-48cb-e80d-e8c0-196330437ae6",
    fromIP: "203.0.113.77",
    toIP: null,
    ...extra,
  };
}

function record(fields: Record<string, unknown> & { Id: string }): AuditRecord {
  return {
    RecordType: 50,
    CreationTime: "2026-06-10T09:00:00",
    Operation: "MailItemsAccessed",
    OrganizationId: "org",
    UserType: 0,
    UserKey: "k",
    Workload: "Exchange",
    UserId: "ann@contoso.com",
    ClientIP: "192.0.2.1",
    ...fields,
  } as unknown as AuditRecord;
}

interface Fakes {
  rows?: MessageTraceRow[];
  morePages?: boolean;
  detailFails?: boolean;
  records?: AuditRecord[];
}

function services(f: Fakes) {
  const searches: AuditSearchRequest[] = [];
  let details = 0;
  let traces = 0;
  const messageTrace: MessageTraceClient = {
    async trace(req) {
      traces++;
      const sender = req.query?.senderAddress;
      if (sender && sender !== "billing@evil.example") return { rows: [], backend: "graph" };
      return {
        rows: req.nextPageUri ? [] : (f.rows ?? []),
        backend: "graph",
        ...(f.morePages ? { nextPageUri: `https://graph.example/next/${Math.random()}` } : {}),
      };
    },
    async detail(req) {
      details++;
      if (f.detailFails)
        throw new O365Error({ api: "graph", code: "NotFound", message: "no such trace", hint: "h" });
      return {
        backend: "graph",
        events: [
          { date: "2026-06-10T08:00:00Z", event: "Receive", action: null, description: "received" },
          {
            date: "2026-06-10T08:00:05Z",
            event: "Deliver",
            action: null,
            description: `to ${req.recipientAddress}`,
          },
        ],
      };
    },
  };
  const audit: AuditSearch = {
    async search(req): Promise<AuditSearchResult> {
      searches.push(req);
      const matches = f.records ?? [];
      return {
        matches,
        totalMatches: matches.length,
        aggregates: {},
        coverage: {
          windows: [],
          blobsListed: 1,
          blobsFetched: 1,
          blobsFromCache: 0,
          blobsExpired: 0,
          blobsFailed: 0,
          failures: [],
          recordsScanned: matches.length,
          duplicatesDropped: 0,
          arrivalHorizonHours: 24,
          listedUntil: NOW.toISOString(),
          apiRequests: 2,
        },
      };
    },
  };
  return { messageTrace, audit, searches, details: () => details, traces: () => traces };
}

const ask = (args: Parameters<typeof resolveQuestion>[0]) => resolveQuestion(args, NOW);

describe("buildTimeline", () => {
  it("keeps a recipient's trace row when its detail fetch fails, and says why", async () => {
    const s = services({ rows: [row("ann@contoso.com", "Delivered")], detailFails: true });
    const t = await buildTimeline(
      { ...s, contentTypes: async () => ["Audit.Exchange"] },
      ask({ messageId: MID }),
      NOW,
      {},
    );
    expect(t.entries.map((e) => e.action)).toEqual(["Received", "Delivered"]);
    expect(t.coverage.messageTrace).toMatchObject({ detailsFetched: 0, detailsFailed: 1 });
    expect(t.notes.join("\n")).toContain("Detail events not read for ann@contoso.com: no such trace");
  });

  it("fetches details for at most MAX_DETAILS recipients, mailbox deliveries first, and says so", async () => {
    const rows = Array.from({ length: MAX_DETAILS + 3 }, (_, i) =>
      row(`u${i}@contoso.com`, i < 3 ? "Quarantined" : "Delivered"),
    );
    const s = services({ rows });
    const t = await buildTimeline(
      { ...s, contentTypes: async () => ["Audit.Exchange"] },
      ask({ messageId: MID }),
      NOW,
      {},
    );
    expect(s.details()).toBe(MAX_DETAILS);
    expect(t.notes.join("\n")).toContain(
      `Detail events were fetched for ${MAX_DETAILS} of ${MAX_DETAILS + 3} recipients`,
    );
    // The quarantined copies were the ones left: their rows stand in for their events.
    expect(t.entries.filter((e) => e.action === "Quarantined")).toHaveLength(3);
  });

  it("answers a later page of the same timeline from the mail cache, with no message-trace request", async () => {
    const s = services({ rows: [row("ann@contoso.com", "Delivered")] });
    const mailCache = createMailCache({ now: () => NOW });
    const q = ask({ messageId: MID });
    const deps = { ...s, mailCache, contentTypes: async () => ["Audit.Exchange" as const] };
    const first = await buildTimeline(deps, q, NOW, {});
    const used = s.traces() + s.details();
    const again = await buildTimeline(deps, q, NOW, {});
    expect(s.traces() + s.details()).toBe(used);
    expect(again.entries).toEqual(first.entries);
    expect(again.coverage.messageTrace.fromCache).toBe(true);
  });

  it("forgets a trace answer after 15 minutes and keeps at most 16", async () => {
    let clock = NOW.getTime();
    const cache = createMailCache({ now: () => new Date(clock) });
    const findings = { rows: [], sent: [], details: new Map(), users: [], coverage: {}, notes: [] } as never;
    for (let i = 0; i < 17; i++) cache.set(`k${i}`, findings);
    expect(cache.get("k0")).toBeUndefined();
    expect(cache.get("k16")).toBe(findings);
    clock += 15 * 60_000 + 1;
    expect(cache.get("k16")).toBeUndefined();
  });

  it("reads a bounded number of trace pages and says more exist", async () => {
    const s = services({ rows: [row("ann@contoso.com", "Delivered")], morePages: true });
    const t = await buildTimeline(
      { ...s, contentTypes: async () => ["Audit.Exchange"] },
      ask({ messageId: MID }),
      NOW,
      {},
    );
    expect(t.notes.join("\n")).toMatch(/Message trace of the message: the first 3 page\(s\) .* more exist/);
  });

  it("starts the audit window at the message's receipt and searches only the mailboxes it reached", async () => {
    const s = services({
      rows: [row("ann@contoso.com", "Delivered"), row("bob@contoso.com", "Quarantined")],
    });
    await buildTimeline(
      { ...s, contentTypes: async () => ["Audit.Exchange"] },
      ask({ messageId: MID }),
      NOW,
      {},
    );
    expect(s.searches).toHaveLength(1);
    expect(s.searches[0]).toMatchObject({
      startTime: "2026-06-10T08:00:00.000Z",
      endTime: NOW.toISOString(),
      filter: { users: ["ann@contoso.com"] },
    });
  });

  it("says the audit side was not read when no subscription is enabled", async () => {
    const s = services({ rows: [row("ann@contoso.com", "Delivered")] });
    const t = await buildTimeline({ ...s, contentTypes: async () => [] }, ask({ messageId: MID }), NOW, {});
    expect(t.coverage.audit).toBeNull();
    expect(t.notes.join("\n")).toContain("Audit not searched: no content type has an enabled subscription");
    expect(s.searches).toHaveLength(0);
  });

  it("ties mail access to the message by InternetMessageId, else by user and time", async () => {
    const opened = record({
      Id: "a",
      Folders: [{ FolderItems: [{ InternetMessageId: MID.toUpperCase() }] }],
    });
    const other = record({ Id: "b", Folders: [{ FolderItems: [{ InternetMessageId: "<x@y>" }] }] });
    const s = services({ rows: [row("ann@contoso.com", "Delivered")], records: [opened, other] });
    const t = await buildTimeline(
      { ...s, contentTypes: async () => ["Audit.Exchange"] },
      ask({ messageId: MID }),
      NOW,
      {},
    );
    const byId = (id: string) => t.entries.find((e) => "auditId" in e.ids && e.ids.auditId === id);
    expect(byId("a")?.correlation).toBe("internetMessageId");
    expect(byId("b")?.correlation).toBe("userAndTime");
  });

  it("survives hostile record values: odd types, huge strings, prototype-looking keys", async () => {
    const huge = "x".repeat(50_000);
    const records = [
      record({
        Id: "h1",
        Operation: "New-InboxRule",
        RecordType: 1,
        Parameters: [{ Name: "Name", Value: huge }],
      }),
      record({
        Id: "h2",
        Folders: "not a list",
        Item: null,
        AffectedItems: [null, 5, { InternetMessageId: 7 }],
      }),
      record({ Id: "h3", CreationTime: "garbage", Operation: { toString: 1 }, UserId: 42 }),
      record({ Id: "h4", Operation: "__proto__", RecordType: "constructor" }),
    ];
    const s = services({ rows: [row("ann@contoso.com", "Delivered")], records });
    const t = await buildTimeline(
      { ...s, contentTypes: async () => ["Audit.Exchange"] },
      ask({ messageId: MID }),
      NOW,
      {},
    );
    const rule = t.entries.find((e) => e.action === "New-InboxRule")!;
    expect(rule.summary!.length).toBeLessThan(400);
    expect(rule.summary).toMatch(/\[cut at 300 chars\]$/);
    expect(t.notes.join("\n")).toMatch(/1 other audit records .*\(__proto__ 1\)/);
    expect(JSON.stringify(t)).not.toContain(huge);
  });

  it("finds nothing for an unknown user: an error that says what was read and to check the UPN", async () => {
    const s = services({ rows: [] });
    const err = await buildTimeline(
      { ...s, contentTypes: async () => ["Audit.Exchange"] },
      ask({ user: "nobody@contoso.com" }),
      NOW,
      {},
    ).catch((e) => e);
    expect(err).toBeInstanceOf(O365Error);
    expect(err).toMatchObject({ code: "NO_ACTIVITY", hint: expect.stringContaining("Check the UPN") });
    expect(err.message).toContain("1 blobs of Audit.Exchange read");
  });
});

describe("messageIdsOf and auditCategory (o365-api.md 1.9)", () => {
  it("reads the Message-IDs a mailbox record names: Folders[].FolderItems[], Item, AffectedItems[]", () => {
    const r = record({
      Id: "m",
      Folders: [{ FolderItems: [{ InternetMessageId: "<A@x>" }, {}] }, { FolderItems: null }],
      Item: { InternetMessageId: "<B@x>" },
      AffectedItems: [{ InternetMessageId: "<C@x>" }],
    });
    expect(messageIdsOf(r)).toEqual(["<a@x>", "<b@x>", "<c@x>"]);
  });

  it("follows sign-ins, rules (cmdlets and UpdateInboxRules), mail, files and admin; not page views", () => {
    const cat = (f: Record<string, unknown>) => auditCategory(record({ Id: "c", ...f }));
    expect(cat({ RecordType: 15, Operation: "UserLoggedIn" })).toBe("signIn");
    expect(cat({ RecordType: 1, Operation: "New-InboxRule" })).toBe("rule");
    expect(cat({ RecordType: 2, Operation: "UpdateInboxRules" })).toBe("rule");
    expect(cat({ RecordType: 50, Operation: "MailItemsAccessed" })).toBe("mail");
    expect(cat({ RecordType: 6, Operation: "FileDownloaded" })).toBe("file");
    expect(cat({ RecordType: 8, Operation: "Add member to role." })).toBe("admin");
    expect(cat({ RecordType: 4, Operation: "PageViewed" })).toBeUndefined();
  });
});

describe("resolveQuestion", () => {
  it("brackets a bare Message-ID and lower-cases addresses", () => {
    expect(ask({ messageId: " abc@host.example " }).subject).toEqual({
      kind: "message",
      messageId: "<abc@host.example>",
    });
    expect(ask({ user: "Ann@Contoso.com" }).subject).toEqual({ kind: "user", user: "ann@contoso.com" });
  });

  it("defaults to the last 48 hours and pulls a future end back to now", () => {
    const q = ask({ ip: "2001:db8::1", endTime: "2027-01-01T00:00:00Z" });
    expect(q).toMatchObject({ endTime: NOW.toISOString(), startTime: "2026-06-08T12:00:00.000Z" });
  });

  it("refuses a start more than 90 days back", () => {
    expect(() =>
      ask({ ip: "192.0.2.1", startTime: "2026-02-01T00:00:00Z", endTime: "2026-02-05T00:00:00Z" }),
    ).toThrow(/more than 90 days ago/);
  });
});
