import { describe, expect, it } from "vitest";
import { RECORD_TYPES, recordTypeName, recordTypeValue } from "../../src/management/record-types.js";
import type { AuditRecord } from "../../src/management/types.js";
import { projectAuditRecord, projectTraceRow } from "../../src/shape/projection.js";

const inboxRule: AuditRecord = {
  Id: "6f1e0b6c-0000-4000-8000-000000000001",
  CreationTime: "2026-11-25T10:00:00",
  Operation: "New-InboxRule",
  RecordType: 1,
  Workload: "Exchange",
  UserId: "alice@contoso.example",
  ClientIP: "203.0.113.7:51234",
  ResultStatus: "True",
  ObjectId: "alice\\Move to RSS",
  OrganizationId: "org",
  UserKey: "puid",
  Parameters: [
    { Name: "ForwardTo", Value: "drop@evil.example" },
    { Name: "DeleteMessage", Value: "True" },
  ],
  OriginatingServer: "SRV01",
};

describe("audit record projection", () => {
  it("keeps the investigator fields, names the RecordType and compacts inbox-rule Parameters", () => {
    expect(projectAuditRecord(inboxRule)).toEqual({
      CreationTime: "2026-11-25T10:00:00",
      Operation: "New-InboxRule",
      UserId: "alice@contoso.example",
      ClientIP: "203.0.113.7:51234",
      Workload: "Exchange",
      RecordType: "ExchangeAdmin",
      ResultStatus: "True",
      ObjectId: "alice\\Move to RSS",
      Parameters: "ForwardTo=drop@evil.example; DeleteMessage=True",
    });
  });

  it("names a search match by its Id, after its time", () => {
    expect(Object.keys(projectAuditRecord(inboxRule, undefined, { withId: true })).slice(0, 3)).toEqual([
      "CreationTime",
      "Id",
      "Operation",
    ]);
    expect(projectAuditRecord(inboxRule, undefined, { withId: true }).Id).toBe(inboxRule.Id);
  });

  it("takes ActorIpAddress when ClientIP is null (Entra events)", () => {
    const entra = {
      ...inboxRule,
      RecordType: 15,
      ClientIP: null,
      ActorIpAddress: "198.51.100.9",
    } as AuditRecord;
    expect(projectAuditRecord(entra).ClientIP).toBe("198.51.100.9");
    expect(projectAuditRecord(entra).RecordType).toBe("AzureActiveDirectoryStsLogon");
  });

  it("maps Exchange LogonType numbers to names", () => {
    const mail = {
      ...inboxRule,
      RecordType: 50,
      LogonType: 2,
      MailboxOwnerUPN: "bob@contoso.example",
    } as AuditRecord;
    expect(projectAuditRecord(mail)).toMatchObject({
      LogonType: "Delegated",
      MailboxOwnerUPN: "bob@contoso.example",
    });
  });

  it("shows MailboxOwnerUPN only when someone else's mailbox was accessed", () => {
    const own = { ...inboxRule, UserId: "Bob@contoso.example", MailboxOwnerUPN: "bob@contoso.example" };
    expect(projectAuditRecord(own as AuditRecord)).not.toHaveProperty("MailboxOwnerUPN");
    const delegate = { ...own, UserId: "eve@contoso.example" };
    expect(projectAuditRecord(delegate as AuditRecord).MailboxOwnerUPN).toBe("bob@contoso.example");
    // asked for by name, it is always there
    expect(projectAuditRecord(own as AuditRecord, ["MailboxOwnerUPN"]).MailboxOwnerUPN).toBe(
      "bob@contoso.example",
    );
  });

  it("picks exact fields, and * keeps every field", () => {
    expect(projectAuditRecord(inboxRule, ["Operation", "OriginatingServer", "Missing"])).toEqual({
      Operation: "New-InboxRule",
      OriginatingServer: "SRV01",
    });
    const all = projectAuditRecord(inboxRule, ["*"]);
    expect(Object.keys(all)).toEqual(Object.keys(inboxRule));
    expect(all.RecordType).toBe("ExchangeAdmin");
  });
});

describe("record types", () => {
  it("names known values and keeps unknown ones visible", () => {
    expect(recordTypeName(2)).toBe("ExchangeItem");
    expect(recordTypeName(9999)).toBe("RecordType9999");
    expect(recordTypeValue("exchangeitemaggregated")).toBe(50);
    expect(recordTypeValue("42")).toBe(42);
    expect(new Set(RECORD_TYPES.map((t) => t.value)).size).toBe(RECORD_TYPES.length);
  });
});

describe("message trace projection", () => {
  it("flattens $select extras next to the normalized fields", () => {
    const row = {
      received: "2026-11-25T09:00:00Z",
      senderAddress: "a@b.example",
      recipientAddress: "c@d.example",
      subject: "Hi",
      status: "Delivered",
      size: 10,
      messageId: null,
      messageTraceId: "4451a062-48cb-e80d-e8c0-196330437ae6",
      fromIP: null,
      toIP: null,
      extra: { Organization: "contoso.example" },
    };
    expect(projectTraceRow(row)).toMatchObject({ status: "Delivered", Organization: "contoso.example" });
    expect(projectTraceRow(row)).not.toHaveProperty("extra");
  });
});
