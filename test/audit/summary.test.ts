// A blob read from its bytes is summarised from the few keys picked from each record (SUMMARY_KEYS): that
// summary must equal the one made from the parsed records, or a search would skip records that match.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SUMMARY_KEYS, summarize, summarizeBlob } from "../../src/audit/summary.js";
import { readBlobRecords } from "../../src/management/blob-records.js";

const value = fc.oneof(
  fc.constantFrom(
    "UserLoggedIn",
    "UserLoginFailed",
    "New-InboxRule",
    "Succeeded",
    "Success",
    "Failed",
    "0",
    "50126",
    "",
  ),
  fc.constantFrom(
    "alice@contoso.com",
    "ALICE@contoso.com",
    "203.0.113.7:443",
    "[2001:db8::1]:443",
    "2026-12-01T10:00:00",
  ),
  fc.constantFrom("2026-12-01T10:00:00Z", "Exchange", "AzureActiveDirectory"),
  fc.integer({ min: -1, max: 60 }),
  fc.constant(null),
  fc.boolean(),
  fc.jsonValue({ maxDepth: 2 }),
);
const key = fc.oneof(
  fc.constantFrom(...SUMMARY_KEYS),
  fc.constantFrom("Id", "ExtendedProperties", "Parameters"),
);
const record = fc.dictionary(key, value, { maxKeys: 10 });

describe("summarizeBlob", () => {
  it("equals the summary of the parsed records, for any mix of summary keys and values", () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), (records) => {
        const body = Buffer.from(JSON.stringify(records));
        const blob = readBlobRecords(body, SUMMARY_KEYS);
        expect(summarizeBlob(blob)).toEqual(summarize(JSON.parse(body.toString("utf8")) as unknown[]));
      }),
      { numRuns: 500 },
    );
  });

  it("summarises a record whose fields cannot become numbers (hostile JSON) instead of throwing", () => {
    const records = [{ RecordType: { toString: null }, UserType: { valueOf: null, toString: null } }];
    const body = Buffer.from(JSON.stringify(records));
    expect(summarizeBlob(readBlobRecords(body, SUMMARY_KEYS)).fields.recordType.values).toEqual([["NaN"]]);
  });

  it("fails when a key the summary reads is not picked", () => {
    const records = [
      { Operation: "UserLoggedIn", RecordType: 15, LogonError: "InvalidPassword", ResultStatus: "Success" },
    ];
    const body = Buffer.from(JSON.stringify(records));
    const without = readBlobRecords(
      body,
      SUMMARY_KEYS.filter((k) => k !== "LogonError"),
    );
    expect(summarizeBlob(without)).not.toEqual(summarize(records));
  });
});
