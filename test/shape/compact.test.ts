import { describe, expect, it } from "vitest";
import { renderText } from "../../src/shape/text.js";
import type { Compaction, Row } from "../../src/shape/view.js";

const mask = (text: string) => text.replace(/untrusted:[0-9a-f]{12}/g, "untrusted:N");
const AUDIT: Compaction = {
  time: "CreationTime",
  id: { key: "Id", hint: "Whole record: contains=<Id>." },
  by: { key: "Operation", columns: ["RecordType"] },
  domains: true,
};
const guid = (n: number, head = "a1b2c3d4") => `${head}-0000-4000-8000-${String(n).padStart(12, "0")}`;

function rowsOf(n: number): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    CreationTime: `2026-12-0${i < 2 ? 1 : 2}T0${i}:00:00`,
    Id: guid(i, `${i}a1b2c3d`),
    Operation: i % 2 ? "Send" : "MailItemsAccessed",
    UserId: `user${i}@contoso.example`,
    RecordType: i % 2 ? "ExchangeItem" : "ExchangeItemAggregated",
  }));
}

const lines = (rows: Row[], compact?: Compaction) =>
  mask(renderText({ header: "h", sections: [{ rows, compact }] }, {})).split("\n");

describe("table compaction (text only)", () => {
  it("folds dates, ids, a column that follows Operation and a shared @domain, and says each once", () => {
    const out = lines(rowsOf(4), AUDIT);
    expect(out.slice(1, 3)).toEqual([
      "CreationTime: the date only on a day's first row.",
      "Id: its first 8 characters (unique here). Whole record: contains=<Id>.",
    ]);
    expect(out.slice(4)).toEqual([
      "«untrusted:N»",
      'UserId "x@" = x@contoso.example',
      "by Operation (the same on every row with it; an Operation not listed has none of them):",
      "Operation\tRecordType",
      "MailItemsAccessed\tExchangeItemAggregated",
      "Send\tExchangeItem",
      "rows:",
      "CreationTime\tId\tOperation\tUserId",
      "2026-12-01T00:00:00\t0a1b2c3d\tMailItemsAccessed\tuser0@",
      "01:00:00\t1a1b2c3d\tSend\tuser1@",
      "2026-12-02T02:00:00\t2a1b2c3d\tMailItemsAccessed\tuser2@",
      "03:00:00\t3a1b2c3d\tSend\tuser3@",
      "«/untrusted:N»",
    ]);
  });

  it("folds the domain most addresses share, shows the others whole, and leaves empty trailing cells off", () => {
    const rows: Row[] = rowsOf(5).map((r) => ({ ...r, RecordType: undefined }));
    rows[1] = { ...rows[1], UserId: "NT AUTHORITY\\SYSTEM", Note: "n" };
    rows[2] = { ...rows[2], UserId: "bob@fabrikam.example" };
    const out = lines(rows, AUDIT);
    expect(out).toContain('UserId "x@" = x@contoso.example');
    expect(out).toContain("2026-12-01T00:00:00\t0a1b2c3d\tMailItemsAccessed\tuser0@");
    expect(out).toContain("01:00:00\t1a1b2c3d\tSend\tNT AUTHORITY\\SYSTEM\tn");
    expect(out).toContain("2026-12-02T02:00:00\t2a1b2c3d\tMailItemsAccessed\tbob@fabrikam.example");
    // Three of five share it: folded; a value already ending in "@" would make "x@" ambiguous: nothing folds.
    const odd = lines(
      rows.map((r, i) => (i === 1 ? { ...r, UserId: "evil@" } : r)),
      AUDIT,
    ).join("\n");
    expect(odd).not.toContain('"x@"');
    expect(odd).toContain("\tuser0@contoso.example");
  });

  it("lengthens the id prefix until it is unique in the section", () => {
    const rows = rowsOf(3).map((r, i) => ({ ...r, Id: `a1b2c3d4-0000-4000-${i}000-000000000000` }));
    const out = lines(rows, AUDIT);
    expect(out).toContain("Id: its first 20 characters (unique here). Whole record: contains=<Id>.");
    expect(out.some((l) => l.includes("\ta1b2c3d4-0000-4000-2\t"))).toBe(true);
    // Unique only in full: shown whole, with no note.
    const same = lines(
      rows.map((r, i) => ({ ...r, Id: guid(i) })),
      AUDIT,
    );
    expect(same.join("\n")).toContain(`\t${guid(2)}\t`);
    expect(same.join("\n")).not.toContain("first 36 characters");
    expect(same.join("\n")).not.toMatch(/Id: its first/);
  });

  it("keeps every value whole where a fold would lose or blur something", () => {
    const rows = rowsOf(4);
    rows[3] = { ...rows[3], RecordType: "ExchangeAdmin", UserId: "user3@contoso.example.evil.example" };
    rows[2] = { ...rows[2], UserId: "user2@contoso.example.evil.example" };
    const out = lines(rows, AUDIT).join("\n");
    // Send maps to two record types: the column stays; no domain on three rows: every address stays whole.
    expect(out).not.toContain("by Operation");
    expect(out).not.toContain('"x@"');
    expect(out).toContain("\tuser0@contoso.example\t");
    expect(out).toContain("\tuser3@contoso.example.evil.example\t");
  });

  it("never folds a column the caller named (fields are never shortened)", () => {
    const text = mask(
      renderText(
        { header: "h", sections: [{ rows: rowsOf(4), compact: AUDIT, whole: ["Id", "UserId"] }] },
        {},
      ),
    );
    expect(text).toContain(`\t${guid(1, "1a1b2c3d")}\t`);
    expect(text).toContain("\tuser1@contoso.example");
    expect(text).not.toMatch(/"x@"|Id: its first/);
    expect(text).toContain("the date only on a day's first row");
  });

  it("shows the table as it is without compaction, or for fewer than three rows", () => {
    expect(lines(rowsOf(4)).join("\n")).toContain(`\t${guid(1, "1a1b2c3d")}\t`);
    const two = lines(rowsOf(2), AUDIT).join("\n");
    expect(two).toContain("2026-12-01T01:00:00");
    expect(two).toContain(guid(1, "1a1b2c3d"));
    expect(two).not.toMatch(/the date only|first 8 characters/);
  });
});
