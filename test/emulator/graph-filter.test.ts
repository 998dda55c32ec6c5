// The OData $filter dialects the emulator accepts (o365-api.md 2.3 and 3.2), checked without sockets.
import { describe, expect, it } from "vitest";
import { parseGraphFilter } from "../../src/emulator/graph/filter.js";
import { ODataSyntaxError } from "../../src/emulator/odata/lexer.js";
import { type FieldType, parseReportingFilter } from "../../src/emulator/reporting/filter.js";

describe("Graph message trace $filter", () => {
  it("reads eq, ge/le on receivedDateTime and the subject functions joined by and", () => {
    const clauses = parseGraphFilter(
      "receivedDateTime ge 2026-11-20T00:00:00Z and receivedDateTime le 2026-11-21T00:00:00Z and startsWith(subject, 'It''s') and senderAddress eq 'a@b.example' and id eq 4451a062-48cb-e80d-e8c0-196330437ae6",
    );
    expect(clauses).toEqual([
      { kind: "received", op: "ge", value: new Date("2026-11-20T00:00:00Z") },
      { kind: "received", op: "le", value: new Date("2026-11-21T00:00:00Z") },
      { kind: "subject", fn: "startswith", value: "It's" },
      { kind: "eq", property: "senderAddress", value: "a@b.example" },
      { kind: "eq", property: "id", value: "4451a062-48cb-e80d-e8c0-196330437ae6" },
    ]);
  });

  it("matches property and function names case-insensitively", () => {
    expect(parseGraphFilter("SENDERADDRESS eq 'x' and Contains(Subject,'y')")).toEqual([
      { kind: "eq", property: "senderAddress", value: "x" },
      { kind: "subject", fn: "contains", value: "y" },
    ]);
  });

  it.each([
    "senderAddress eq",
    "senderAddress eq 'open",
    "size eq 5",
    "senderAddress gt 'a'",
    "receivedDateTime eq 2026-11-20T00:00:00Z",
    "receivedDateTime ge 2026-11-20",
    "contains(senderAddress, 'x')",
    "senderAddress eq 'a' or senderAddress eq 'b'",
    "senderAddress eq 'a' senderAddress eq 'b'",
    "senderAddress eq unquoted",
  ])("refuses %s", (filter) => {
    expect(() => parseGraphFilter(filter)).toThrow(ODataSyntaxError);
  });
});

describe("Reporting Web Service $filter", () => {
  const fields: Record<string, FieldType> = {
    StartDate: "datetime",
    EndDate: "datetime",
    SenderAddress: "string",
    MessageTraceId: "guid",
  };

  it("reads typed literals: datetime'...' as UTC with or without Z, guid'...'", () => {
    expect(
      parseReportingFilter(
        "StartDate eq datetime'2024-05-30T13:08:54Z' and EndDate eq datetime'2024-05-30T14:08' and MessageTraceId eq guid'170c9dd0-75aa-4431-16a5-08d652d53e23' and SenderAddress eq 'o''brien@b.example'",
        fields,
      ),
    ).toEqual([
      { field: "StartDate", value: new Date("2024-05-30T13:08:54Z") },
      { field: "EndDate", value: new Date("2024-05-30T14:08:00Z") },
      { field: "MessageTraceId", value: "170c9dd0-75aa-4431-16a5-08d652d53e23" },
      { field: "SenderAddress", value: "o'brien@b.example" },
    ]);
  });

  it.each([
    "senderaddress eq 'a'",
    "SenderAddress ne 'a'",
    "StartDate eq '2024-05-30T13:08:54Z'",
    "StartDate eq datetime'yesterday'",
    "MessageTraceId eq guid'not-a-guid'",
    "MessageTraceId eq '170c9dd0-75aa-4431-16a5-08d652d53e23'",
    "SenderAddress eq 'a' or SenderAddress eq 'b'",
    "SenderAddress eq 'a' and",
  ])("refuses %s", (filter) => {
    expect(() => parseReportingFilter(filter, fields)).toThrow(ODataSyntaxError);
  });
});
