import { describe, expect, it } from "vitest";
import { legacyDetailEvent, legacyRow, parseLegacyBody } from "../../src/messagetrace/legacy-rows.js";

// Recorded shape from o365-api.md 2.4 (a), as the raw text arrives ("\/Date(...)\/").
const VERBOSE_TEXT = String.raw`{ "d": { "results": [ {
  "__metadata": { "id": "https://reports.office365.com/ecp/ReportingWebService/Reporting.svc/MessageTrace(0)",
                  "uri": "https://reports.office365.com/ecp/ReportingWebService/Reporting.svc/MessageTrace(0)",
                  "type": "TenantReporting.MessageTrace" },
  "Organization": "corp.onmicrosoft.com", "MessageId": "<123@sender.foo>",
  "Received": "\/Date(1659020996164)\/", "SenderAddress": "sender@mail.sender.foo",
  "RecipientAddress": "user@corp.net", "Subject": "Subject", "Status": "Delivered",
  "ToIP": null, "FromIP": "1.1.1.1", "Size": 33435,
  "MessageTraceId": "579cd25c-9b30-4ce4-d5eb-08da70ab3b38",
  "StartDate": "\/Date(1658851300604)\/", "EndDate": "\/Date(1659024100604)\/", "Index": 0 } ],
  "__next": "https://reports.office365.com/ecp/ReportingWebService/Reporting.svc/MessageTrace?$skiptoken=1999" } }`;

const BASE = "https://reports.office365.com";

describe("legacy verbose JSON", () => {
  it("maps a recorded row: /Date(ms)/ to ISO, metadata, Index and the window dropped", () => {
    const { entities, next } = parseLegacyBody(JSON.parse(VERBOSE_TEXT), BASE);
    expect(next).toBe(
      "https://reports.office365.com/ecp/ReportingWebService/Reporting.svc/MessageTrace?$skiptoken=1999",
    );
    expect(legacyRow(entities[0])).toEqual({
      received: new Date(1659020996164).toISOString(),
      senderAddress: "sender@mail.sender.foo",
      recipientAddress: "user@corp.net",
      subject: "Subject",
      status: "Delivered",
      size: 33435,
      messageId: "<123@sender.foo>",
      messageTraceId: "579cd25c-9b30-4ce4-d5eb-08da70ab3b38",
      fromIP: "1.1.1.1",
      toIP: null,
      extra: { Organization: "corp.onmicrosoft.com" },
    });
  });

  it("keeps $select'ed rows: absent fields null or empty, unknown fields in extra", () => {
    const row = legacyRow({ __metadata: {}, SenderAddress: "a@b.c", Size: "12", Custom: 1 });
    expect(row).toMatchObject({
      senderAddress: "a@b.c",
      subject: null,
      size: 12,
      messageTraceId: "",
      received: "",
    });
    expect(row.extra).toEqual({ Custom: 1 });
  });

  it("normalizes status case from the service", () => {
    expect(legacyRow({ Status: "filteredasspam" }).status).toBe("FilteredAsSpam");
    expect(legacyRow({ Status: "SomethingNew" }).status).toBe("SomethingNew");
  });
});

describe("legacy JSON light", () => {
  it("resolves the relative ../../ odata.nextLink against {reportingUrl}/ecp/", () => {
    const body = {
      "odata.metadata":
        "https://reports.office365.com/ecp/ReportingWebService/Reporting.svc/$metadata#MessageTrace",
      value: [{ Received: "2026-05-01T10:00:00.123", SenderAddress: "s@x", MessageTraceId: "m" }],
      "odata.nextLink": "../../ReportingWebService/Reporting.svc/MessageTrace?$skiptoken=999",
    };
    const { entities, next } = parseLegacyBody(body, BASE);
    expect(next).toBe(
      "https://reports.office365.com/ecp/ReportingWebService/Reporting.svc/MessageTrace?$skiptoken=999",
    );
    expect(legacyRow(entities[0]).received).toBe("2026-05-01T10:00:00.123Z");
  });

  it("has no next link on the last page and rejects other shapes", () => {
    expect(parseLegacyBody({ value: [] }, BASE)).toEqual({ entities: [] });
    expect(() => parseLegacyBody({ error: "x" }, BASE)).toThrow(/documented shape/);
  });
});

describe("legacy detail", () => {
  it("maps Date/Event/Action/Detail and decodes Data", () => {
    const data = encodeURIComponent('<root><MEP Name="ServerHostName" String="AM0PR01"/></root>');
    expect(
      legacyDetailEvent({
        Date: "/Date(1659020996164)/",
        Event: "Receive",
        Action: "",
        Detail: "Message received by: AM0PR01",
        Data: data,
        MessageTraceId: "579cd25c-9b30-4ce4-d5eb-08da70ab3b38",
      }),
    ).toEqual({
      date: new Date(1659020996164).toISOString(),
      event: "Receive",
      action: null,
      description: "Message received by: AM0PR01",
      data: { ServerHostName: "AM0PR01" },
    });
  });
});
