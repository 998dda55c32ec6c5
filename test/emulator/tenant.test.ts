import { describe, expect, it } from "vitest";
import { CONTENT_TYPES, generateTenant } from "../../src/emulator/tenant/index.js";
import type { Tenant, TenantOptions } from "../../src/emulator/tenant/types.js";

const TENANT_ID = "0b7c2e2a-5f0e-4f7b-9f39-6c3f1f0a9d11";
const NOW = new Date("2026-11-27T12:00:00Z");
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HOUR = 3_600_000;

function tenant(overrides: Partial<TenantOptions> = {}): Tenant {
  return generateTenant({ seed: 42, tenantId: TENANT_ID, now: NOW, days: 8, ...overrides });
}

type Rec = Record<string, unknown>;
const parse = (text: string): Rec[] => JSON.parse(text) as Rec[];
/** CreationTime has no Z: read it as UTC. */
const eventTime = (r: Rec): number => Date.parse(`${r.CreationTime as string}Z`);

describe("generateTenant determinism", () => {
  it("gives the same blobs and bodies for the same seed, and different ones for another seed", () => {
    const a = tenant();
    const b = tenant();
    const c = tenant({ seed: 7 });
    for (const ct of CONTENT_TYPES) {
      expect(a.blobs(ct).map((x) => x.contentId)).toEqual(b.blobs(ct).map((x) => x.contentId));
      expect(a.blobs(ct)[50].body()).toBe(b.blobs(ct)[50].body());
      expect(a.blobs(ct)[50].body()).not.toBe(c.blobs(ct)[50].body());
    }
    expect(a.traces.map((t) => [t.messageTraceId, t.recipientAddress, t.status])).toEqual(
      b.traces.map((t) => [t.messageTraceId, t.recipientAddress, t.status]),
    );
    expect(a.incident).toEqual(b.incident);
  });

  it("returns the same body text on every call and as many records as recordCount says", () => {
    const blob = tenant().blobs("Audit.Exchange")[10];
    const first = blob.body();
    expect(blob.body()).toBe(first);
    expect(parse(first)).toHaveLength(blob.recordCount);
  });

  it("builds the default tenant (8 days, 5 content types) in well under a second", () => {
    const started = performance.now();
    tenant();
    // About 150 ms on an idle core; the margin absorbs a loaded CI machine.
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe("blob schedule", () => {
  const t = tenant();

  it("lists blobs oldest first, all created before now, with opaque $ ids that blobById finds", () => {
    for (const ct of CONTENT_TYPES) {
      const blobs = t.blobs(ct);
      expect(blobs.length).toBeGreaterThan(300);
      const times = blobs.map((b) => b.contentCreated.getTime());
      expect(times).toEqual([...times].sort((x, y) => x - y));
      expect(times.at(-1)!).toBeLessThanOrEqual(NOW.getTime());
      expect(times[0]).toBeGreaterThanOrEqual(NOW.getTime() - 8 * 24 * HOUR);
      expect(blobs[0].contentId).toContain("$");
      expect(t.blobById(blobs[3].contentId)).toBe(blobs[3]);
    }
    expect(t.blobs("Audit.Nope")).toEqual([]);
    expect(t.blobById("nope")).toBeUndefined();
  });

  /** Lag (blob created - event) of every first-seen record of a content type, and the repeats seen. */
  function lags(tn: Tenant, ct: string): { lags: number[]; duplicates: number; unordered: number } {
    const seen = new Set<string>();
    const out: number[] = [];
    let duplicates = 0;
    let unordered = 0;
    for (const blob of tn.blobs(ct)) {
      const records = parse(blob.body());
      const times = records.map(eventTime);
      if (times.some((x, i) => i > 0 && x < times[i - 1])) unordered++;
      for (const r of records) {
        if (seen.has(r.Id as string)) {
          duplicates++;
          continue; // a repeat keeps the event time of its first blob
        }
        seen.add(r.Id as string);
        out.push(blob.contentCreated.getTime() - eventTime(r));
      }
    }
    return { lags: out, duplicates, unordered };
  }

  it("holds events mostly 20-90 minutes older than the blob, out of order, with some repeated in a later blob", () => {
    const { lags: all, duplicates, unordered } = lags(t, "Audit.SharePoint");
    for (const lag of all) expect(lag).toBeGreaterThanOrEqual(20 * 60_000 - 1000);
    const typical = all.filter((lag) => lag <= 90 * 60_000).length;
    expect(typical / all.length).toBeGreaterThan(0.93);
    expect(unordered).toBeGreaterThan(60);
    expect(duplicates).toBeGreaterThan(0);
  });

  it("delivers a few per cent of records 2-24 hours late, and a few Entra records days late (o365-api.md 1.6)", () => {
    const exchange = lags(t, "Audit.Exchange").lags;
    const late = exchange.filter((lag) => lag > 2 * HOUR - 1000);
    expect(late.length / exchange.length).toBeGreaterThan(0.02);
    expect(late.length / exchange.length).toBeLessThan(0.08);
    expect(Math.max(...late)).toBeLessThanOrEqual(24 * HOUR);
    expect(exchange.filter((lag) => lag > 90 * 60_000 && lag < 2 * HOUR - 1000)).toEqual([]);
    const entra = lags(t, "Audit.AzureActiveDirectory").lags;
    const daysLate = entra.filter((lag) => lag > 2 * 24 * HOUR - 1000);
    expect(daysLate.length).toBeGreaterThanOrEqual(2);
    expect(daysLate.length).toBeLessThan(entra.length * 0.01);
    expect(Math.max(...daysLate)).toBeLessThanOrEqual(6 * 24 * HOUR);
  });

  it("keeps every lag within 20-90 minutes when the long tail is switched off, with the same records", () => {
    const short = tenant({ longTailLag: false });
    // (Exchange: the incident's late sign-in is late whatever the switch says.) Event times are whole seconds.
    for (const lag of lags(short, "Audit.Exchange").lags) {
      expect(lag).toBeGreaterThanOrEqual(20 * 60_000 - 1000);
      expect(lag).toBeLessThanOrEqual(90 * 60_000 + 1000);
    }
    // Only event times move: the same blobs hold the same record ids.
    const ids = (tn: Tenant) => parse(tn.blobs("Audit.Exchange")[100].body()).map((r) => r.Id);
    expect(ids(short)).toEqual(ids(t));
  });

  it("honours the scale knobs: blobs per hour, records per blob and padded record size", () => {
    const started = performance.now();
    const big = tenant({ days: 1, blobsPerHour: 100 / 24, recordsPerBlob: 100, recordBytes: 4000 });
    expect(performance.now() - started).toBeLessThan(1000);
    const blobs = big.blobs("Audit.Exchange");
    expect(blobs).toHaveLength(100);
    const body = blobs[40].body();
    const records = parse(body);
    expect(records).toHaveLength(blobs[40].recordCount);
    expect(records.length).toBeGreaterThanOrEqual(50);
    expect(body.length / records.length).toBeGreaterThan(3900);
    expect(body.length / records.length).toBeLessThan(4200);
  });
});

describe("audit records follow the schema (o365-api.md 1.9)", () => {
  const t = tenant();
  const sample = (ct: string): Rec[] =>
    t
      .blobs(ct)
      .slice(200, 240)
      .flatMap((b) => parse(b.body()));

  it("carries the common fields with the documented types in every content type", () => {
    for (const ct of CONTENT_TYPES) {
      for (const r of sample(ct)) {
        expect(r.Id).toMatch(GUID);
        expect(r.CreationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
        expect(r.OrganizationId).toBe(TENANT_ID);
        expect(Number.isInteger(r.RecordType)).toBe(true);
        expect(Number.isInteger(r.UserType)).toBe(true);
        expect(typeof r.Operation).toBe("string");
        expect(typeof r.Workload).toBe("string");
        expect(typeof r.UserKey).toBe("string");
        // System-generated Exchange records have no UPN and no ClientIP field (o365-api.md 1.9).
        if (r.UserType === 3) {
          expect(r.UserId).toBe("NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)");
          expect("ClientIP" in r).toBe(false);
        } else {
          expect(r.UserId).toMatch(/@/);
          expect("ClientIP" in r).toBe(r.Operation !== "AttachmentAccess");
        }
      }
    }
  });

  it("uses the RecordType numbers and operations of each workload", () => {
    const types = (ct: string): Set<unknown> => new Set(sample(ct).map((r) => r.RecordType));
    expect([...types("Audit.Exchange")].every((x) => [1, 2, 3, 50].includes(x as number))).toBe(true);
    expect(types("Audit.Exchange")).toContain(50);
    expect([...types("Audit.SharePoint")].every((x) => [4, 6, 14].includes(x as number))).toBe(true);
    expect([...types("Audit.AzureActiveDirectory")].sort()).toEqual([15, 8]);
    expect(types("Audit.General")).toContain(25);
    expect([...types("DLP.All")].every((x) => [11, 13].includes(x as number))).toBe(true);
  });

  it("writes Entra sign-ins as real captures show them: ClientIP set, both success spellings, failures Failed with an error", () => {
    const signIns = [100, 300, 500].flatMap((at) =>
      t
        .blobs("Audit.AzureActiveDirectory")
        .slice(at, at + 40)
        .flatMap((b) => parse(b.body()))
        .filter((r) => r.RecordType === 15),
    );
    expect(signIns.length).toBeGreaterThan(100);
    for (const r of signIns) {
      expect(r.ActorIpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(r.ClientIP).toBe(r.ActorIpAddress);
      expect(["UserLoggedIn", "UserLoginFailed"]).toContain(r.Operation);
      if (r.Operation === "UserLoginFailed") {
        expect(r.ResultStatus).toBe("Failed");
        expect(r.LogonError).toBeTypeOf("string");
        expect(r.ErrorNumber).not.toBe("0");
        expect(r.ErrorCode).toBe(r.ErrorNumber);
      } else {
        expect(["Success", "Succeeded"]).toContain(r.ResultStatus);
        expect(r.ErrorNumber).toBe("0");
        expect(r.LogonError).toBeUndefined();
      }
    }
    const statuses = (op: string) =>
      new Set(signIns.filter((r) => r.Operation === op).map((r) => r.ResultStatus));
    expect([...statuses("UserLoggedIn")].sort()).toEqual(["Succeeded", "Success"]);
    expect([...statuses("UserLoginFailed")]).toEqual(["Failed"]);
    // Directory audit keeps the schema's null ClientIP, the address in ActorIpAddress.
    for (const r of sample("Audit.AzureActiveDirectory").filter((x) => x.RecordType === 8)) {
      expect(r.ClientIP).toBeNull();
    }
  });

  it("writes the Exchange shapes real captures hold beside the documented ones", () => {
    const all = t.blobs("Audit.Exchange").flatMap((b) => parse(b.body()));
    const rule = all.find((r) => r.Operation === "UpdateInboxRules")!;
    expect(rule.RecordType).toBe(2);
    expect(rule.ClientInfoString).toBe("Client=MSExchangeRPC");
    const props = rule.OperationProperties as Array<{ Name: string; Value: string }>;
    expect(props.map((p) => p.Name)).toEqual(
      expect.arrayContaining(["RuleName", "RuleOperation", "RuleCondition", "RuleActions"]),
    );
    expect(all.some((r) => r.Operation === "New-InboxRule")).toBe(true);

    const attachment = all.find((r) => r.Operation === "AttachmentAccess")!;
    expect(attachment.RecordType).toBe(50);
    expect(attachment.UserType).toBe(5);
    expect("ClientIP" in attachment).toBe(false);
    expect(attachment.ClientIPAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(attachment.AppAccessContext).toMatchObject({ ClientAppId: expect.any(String) });
    expect(attachment.OperationProperties).toEqual([{ Name: "AttachmentAccessType", Value: "Read" }]);
    const messages = attachment.Messages as Array<{ Id: string; Path: string; MessageItems: unknown[] }>;
    expect(messages[0].MessageItems[0]).toMatchObject({
      Id: expect.any(String),
      SizeInBytes: expect.any(Number),
    });

    const system = all.filter((r) => r.UserType === 3);
    expect(system.length).toBeGreaterThan(0);
    for (const r of system) {
      expect(["Set-Mailbox", "Install-AdminAuditLogConfig"]).toContain(r.Operation);
      expect("ClientIP" in r).toBe(false);
    }
    // A share, not a takeover: the documented shapes still dominate.
    const count = (op: string) => all.filter((r) => r.Operation === op).length;
    expect(count("AttachmentAccess")).toBeLessThan(count("MailItemsAccessed") / 5);
  });

  it("gives file operations SiteUrl + SourceRelativeUrl + SourceFileName = ObjectId", () => {
    const files = sample("Audit.SharePoint").filter((r) => r.RecordType === 6);
    expect(files.length).toBeGreaterThan(20);
    for (const r of files) {
      expect(r.ObjectId).toBe(`${r.SiteUrl}${r.SourceRelativeUrl}/${r.SourceFileName}`);
      expect(["SharePoint", "OneDrive"]).toContain(r.Workload);
    }
  });

  it("marks DLP matches with UserKey DlpAgent and PolicyDetails", () => {
    for (const r of sample("DLP.All")) {
      expect(r.Operation).toBe("DlpRuleMatch");
      expect(r.UserKey).toBe("DlpAgent");
      expect(Array.isArray(r.PolicyDetails)).toBe(true);
      expect(r.SensitiveInfoDetectionIsIncluded).toBe(false);
    }
  });
});

describe("message traces", () => {
  const t = tenant();

  it("has every status, one row per recipient, sorted by received time", () => {
    const statuses = new Set(t.traces.map((r) => r.status));
    for (const s of [
      "Delivered",
      "Failed",
      "Pending",
      "Expanded",
      "Quarantined",
      "FilteredAsSpam",
      "GettingStatus",
      "None",
    ]) {
      expect(statuses).toContain(s);
    }
    const received = t.traces.map((r) => r.received.getTime());
    expect(received).toEqual([...received].sort((a, b) => a - b));
    const keys = new Set(t.traces.map((r) => `${r.messageTraceId}|${r.recipientAddress}`));
    expect(keys.size).toBe(t.traces.length);
  });

  it("starts every detail timeline with RECEIVE at the received time and ends with the step behind the status", () => {
    const last: Record<string, string[]> = {
      Failed: ["FAIL"],
      Pending: ["DEFER"],
      Expanded: ["EXPAND"],
      Quarantined: ["SPAM"],
      None: ["DROP"],
      GettingStatus: ["RECEIVE"],
      FilteredAsSpam: ["DELIVER"],
      Delivered: ["DELIVER", "SEND"],
      Recalled: ["RECALL"],
    };
    for (const row of t.traces) {
      expect(row.details[0].event).toBe("RECEIVE");
      expect(row.details[0].date.getTime()).toBe(row.received.getTime());
      expect(last[row.status]).toContain(row.details.at(-1)!.event);
      expect(row.details.every((d) => d.data.startsWith("<root>"))).toBe(true);
    }
  });

  it("records the spam verdict with its SCL", () => {
    const quarantined = t.traces.find((r) => r.status === "Quarantined")!;
    const spam = quarantined.details.find((d) => d.event === "SPAM")!;
    expect(spam.data).toContain('Name="SCL" Integer="9"');
  });
});

describe("the built-in incident", () => {
  const t = tenant();
  const f = t.incident;
  const recent = (ct: string): Array<{ created: number; records: Rec[] }> =>
    t
      .blobs(ct)
      .filter((b) => b.contentCreated.getTime() > NOW.getTime() - 24 * HOUR)
      .map((b) => ({ created: b.contentCreated.getTime(), records: parse(b.body()) }));
  const fromAttacker = (ct: string, ipField: string): Array<{ created: number; record: Rec }> =>
    recent(ct).flatMap(({ created, records }) =>
      records.filter((r) => r[ipField] === f.attackerIp).map((record) => ({ created, record })),
    );

  it("happens inside the last 24 hours, in order", () => {
    const times = [
      f.phishReceived,
      f.foreignSignIn,
      f.inboxRuleCreated,
      f.mailItemsAccessed,
      f.fileDownloaded,
    ].map(Date.parse);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThan(NOW.getTime() - 24 * HOUR);
    expect(times.at(-1)!).toBeLessThan(NOW.getTime() - 2 * HOUR);
    expect(f.deliveredRecipients).toContain(f.compromisedUser);
  });

  it("leaves message-trace rows for every phish recipient with the stated status", () => {
    const rows = t.traces.filter((r) => r.messageId === f.phishMessageId);
    const byStatus = (s: string): string[] =>
      rows.filter((r) => r.status === s).map((r) => r.recipientAddress);
    expect(byStatus("Delivered").sort()).toEqual([...f.deliveredRecipients].sort());
    expect(byStatus("Quarantined").sort()).toEqual([...f.quarantinedRecipients].sort());
    expect(byStatus("FilteredAsSpam")).toEqual(f.spamFilteredRecipients);
    for (const row of rows) {
      expect(row.senderAddress).toBe(f.attackerSender);
      expect(row.subject).toBe(f.phishSubject);
      expect(row.received.toISOString()).toBe(f.phishReceived);
    }
  });

  it("leaves the attacker's sign-in, forwarding rule, mail access and download in the feed, from the attacker IP", () => {
    const signIn = fromAttacker("Audit.AzureActiveDirectory", "ActorIpAddress").find(
      (x) => x.record.Operation === "UserLoggedIn",
    )!;
    expect(signIn.record.UserId).toBe(f.compromisedUser);
    expect(signIn.record.CreationTime).toBe(f.foreignSignIn.slice(0, 19));

    const rule = fromAttacker("Audit.Exchange", "ClientIP").find(
      (x) => x.record.Operation === "New-InboxRule",
    )!;
    const params = rule.record.Parameters as Array<{ Name: string; Value: string }>;
    expect(params).toContainEqual({ Name: "Name", Value: f.inboxRuleName });
    expect(params.find((p) => p.Name === "ForwardTo")!.Value).toMatch(/@evil\.example$/);
    expect(rule.record.CreationTime).toBe(f.inboxRuleCreated.slice(0, 19));

    const read = fromAttacker("Audit.Exchange", "ClientIPAddress").find(
      (x) => x.record.Operation === "MailItemsAccessed",
    )!;
    expect(read.record.RecordType).toBe(50);
    expect(read.record.MailboxOwnerUPN).toBe(f.compromisedUser);
    expect(read.record.CreationTime).toBe(f.mailItemsAccessed.slice(0, 19));

    const download = fromAttacker("Audit.SharePoint", "ClientIP").find(
      (x) => x.record.Operation === "FileDownloaded",
    )!;
    expect(download.record.Workload).toBe("OneDrive");
    expect(download.record.SourceFileName).toBe(f.downloadedFileName);
    expect(download.record.CreationTime).toBe(f.fileDownloaded.slice(0, 19));

    for (const x of [signIn, rule, read, download]) {
      expect(x.created).toBeLessThanOrEqual(NOW.getTime());
      expect(x.created - eventTime(x.record)).toBeGreaterThanOrEqual(20 * 60_000);
    }
    // The sign-in reaches the feed more than 3 hours late (Entra is in the 24-hour column, o365-api.md 1.6).
    expect(signIn.created).toBe(Date.parse(f.foreignSignInAvailable));
    expect(signIn.created - eventTime(signIn.record)).toBeGreaterThan(3 * HOUR);
  });
});
