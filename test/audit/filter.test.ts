import { describe, expect, it } from "vitest";
import { compileFilter, normalizeIp, recordTime } from "../../src/audit/filter.js";
import { createAuditSearch } from "../../src/audit/search.js";
import { compileSelector, summarize, summaryFromJson, summaryToJson } from "../../src/audit/summary.js";
import type { Config } from "../../src/config/types.js";
import { blob, FakeManagement, record } from "./fake-management.js";

const range = { startMs: Date.parse("2026-11-26T00:00:00Z"), endMs: Date.parse("2026-11-27T00:00:00Z") };
const base = record({ Id: "1", CreationTime: "2026-11-26T10:00:00" });

describe("compileFilter", () => {
  it("reads a CreationTime without zone as UTC", () => {
    expect(recordTime(base)).toBe(Date.parse("2026-11-26T10:00:00Z"));
    expect(recordTime(record({ Id: "x", CreationTime: "2026-11-26T10:00:00.123Z" }))).toBe(
      Date.parse("2026-11-26T10:00:00.123Z"),
    );
  });

  it("rejects records outside [startTime, endTime) as outside-window", () => {
    const test = compileFilter({}, range);
    expect(test(base)).toBe("match");
    expect(test(record({ Id: "2", CreationTime: "2026-11-27T00:00:00" }))).toBe("outside-window");
    expect(test(record({ Id: "3", CreationTime: "2026-11-25T23:59:59" }))).toBe("outside-window");
    expect(test(record({ Id: "4", CreationTime: "not a time" }))).toBe("outside-window");
  });

  it("matches users on UserId or MailboxOwnerUPN, case-insensitively", () => {
    const test = compileFilter({ users: ["Victim@Contoso.com"] }, range);
    expect(test({ ...base, UserId: "victim@contoso.com" })).toBe("match");
    expect(test({ ...base, UserId: "S-1-5-18", MailboxOwnerUPN: "VICTIM@contoso.com" })).toBe("match");
    expect(test({ ...base, UserId: "other@contoso.com" })).toBe("no-match");
  });

  it("matches client IPs in ClientIP, ActorIpAddress or ClientIPAddress, with ports and brackets", () => {
    const test = compileFilter({ clientIps: ["203.0.113.7", "2001:DB8::1"] }, range);
    expect(test({ ...base, ClientIP: "203.0.113.7:51234" })).toBe("match");
    expect(test({ ...base, ClientIP: null, ActorIpAddress: "203.0.113.7" })).toBe("match");
    expect(test({ ...base, ClientIPAddress: "[2001:db8::1]:443" })).toBe("match");
    expect(test({ ...base, ClientIP: "2001:db8::1" })).toBe("match");
    expect(test({ ...base, ClientIP: "203.0.113.8" })).toBe("no-match");
  });

  it("ANDs across fields and ORs within a list", () => {
    const test = compileFilter(
      { operations: ["New-InboxRule", "set-inboxrule"], workloads: ["exchange"] },
      range,
    );
    expect(test({ ...base, Operation: "Set-InboxRule" })).toBe("match");
    expect(test({ ...base, Operation: "New-InboxRule", Workload: "SharePoint" })).toBe("no-match");
    expect(test({ ...base, Operation: "MailItemsAccessed" })).toBe("no-match");
  });

  it("filters on record type numbers and result status", () => {
    const test = compileFilter({ recordTypes: [15], resultStatus: ["failed"] }, range);
    expect(test({ ...base, RecordType: 15, ResultStatus: "Failed" })).toBe("match");
    expect(test({ ...base, RecordType: 15, ResultStatus: "Succeeded" })).toBe("no-match");
    expect(test({ ...base, RecordType: 8, ResultStatus: "Failed" })).toBe("no-match");
  });

  it("decides a sign-in's outcome from Operation, ErrorNumber/ErrorCode and LogonError, not ResultStatus", () => {
    const signIn = { ...base, RecordType: 15, Workload: "AzureActiveDirectory" };
    const failed = compileFilter({ resultStatus: ["Failed"] }, range);
    const succeeded = compileFilter({ resultStatus: ["Succeeded"] }, range);
    // Old samples said "Success" on a failed logon: the operation and error number win.
    const loginFailed = {
      ...signIn,
      Operation: "UserLoginFailed",
      ResultStatus: "Success",
      ErrorNumber: "50126",
      LogonError: "InvalidUserNameOrPassword",
    };
    expect(failed(loginFailed)).toBe("match");
    expect(succeeded(loginFailed)).toBe("no-match");
    expect(failed({ ...signIn, Operation: "UserLoggedIn", ResultStatus: "Success", ErrorCode: 50053 })).toBe(
      "match",
    );
    expect(
      failed({ ...signIn, Operation: "UserLoggedIn", ResultStatus: "Success", LogonError: "IdsLocked" }),
    ).toBe("match");
    // Both spellings of success occur in real sign-ins (2020: Succeeded, 2026: Success).
    for (const status of ["Success", "Succeeded"]) {
      const ok = { ...signIn, Operation: "UserLoggedIn", ResultStatus: status, ErrorNumber: "0" };
      expect(succeeded(ok)).toBe("match");
      expect(compileFilter({ resultStatus: ["success"] }, range)(ok)).toBe("match");
      expect(failed(ok)).toBe("no-match");
    }
  });

  it("treats Success and Succeeded as one value on other workloads, and compares the rest as written", () => {
    const succeeded = compileFilter({ resultStatus: ["Succeeded"] }, range);
    expect(succeeded({ ...base, RecordType: 8, Operation: "Update user.", ResultStatus: "Success" })).toBe(
      "match",
    );
    expect(succeeded({ ...base, ResultStatus: "PartiallySucceeded" })).toBe("no-match");
    expect(
      compileFilter({ resultStatus: ["True"] }, range)({ ...base, RecordType: 1, ResultStatus: "True" }),
    ).toBe("match");
    expect(succeeded({ ...base, ResultStatus: undefined })).toBe("no-match");
  });

  it("finds free text anywhere in the record, nested values included", () => {
    const test = compileFilter({ contains: "forward to" }, range);
    expect(test({ ...base, Parameters: [{ Name: "Rule", Value: "Forward To attacker" }] })).toBe("match");
    expect(test(base)).toBe("no-match");
  });
});

describe("normalizeIp", () => {
  it("strips ports and brackets but keeps bare IPv6", () => {
    expect(normalizeIp("10.0.0.1:443")).toBe("10.0.0.1");
    expect(normalizeIp("[FE80::1]:8080")).toBe("fe80::1");
    expect(normalizeIp("fe80::1")).toBe("fe80::1");
    expect(normalizeIp(" 10.0.0.1 ")).toBe("10.0.0.1");
  });
});

describe("operation names Microsoft writes with a trailing space", () => {
  // As Entra writes it in real tenants: the name ends in a space.
  const OPERATION = "Update application – Certificates and secrets management ";
  const secretAdded = record({
    Id: "cred",
    CreationTime: "2026-11-26T10:00:00",
    Operation: OPERATION,
    RecordType: 8,
    Workload: "AzureActiveDirectory",
  });
  const filter = { operations: ["Update application – Certificates and secrets management"] };
  const engine = (m: FakeManagement) =>
    createAuditSearch({
      config: { tenantId: "tenant-1", contentArrivalHours: 6 } as Config,
      management: m,
      now: () => new Date("2026-11-27T12:00:00Z"),
      log: () => {},
    });
  const tenant = () =>
    new FakeManagement([
      blob("Audit.AzureActiveDirectory", "aad1", "2026-11-26T11:00:00.000Z", [
        secretAdded,
        record({ Id: "other", CreationTime: "2026-11-26T10:05:00", Workload: "AzureActiveDirectory" }),
      ]),
    ]);
  const ask = {
    startTime: "2026-11-26T00:00:00Z",
    endTime: "2026-11-26T12:00:00Z",
    contentTypes: ["Audit.AzureActiveDirectory" as const],
    filter,
  };

  it("matches the name without the space, cold and from the cache", async () => {
    expect(compileFilter(filter, range)(secretAdded)).toBe("match");
    const search = engine(tenant());
    const cold = await search.search(ask);
    expect(cold.matches.map((r) => r.Id)).toEqual(["cred"]);
    const warm = await search.search(ask);
    expect(warm.coverage.blobsFromCache).toBe(1);
    expect(warm.matches.map((r) => r.Id)).toEqual(["cred"]);
  });

  it("selects the record from its blob summary, also one stored before values were trimmed", () => {
    const select = compileSelector(filter);
    expect(select(summarize([secretAdded, base]))).toEqual([0]);
    const stored = summaryToJson(summarize([secretAdded, base])) as { operation: { v: string[][] } };
    stored.operation.v = stored.operation.v.map((list) =>
      list.map((v) => (v.startsWith("update") ? `${v} ` : v)),
    );
    const old = summaryFromJson(stored, 2);
    expect(old?.fields.operation.values.flat()).toContain(OPERATION.toLowerCase());
    expect(old && select(old)).toEqual([0]);
  });
});
