import { describe, expect, it } from "vitest";
import { O365Error } from "../../src/errors.js";
import { assertGuid, odataDateTime, odataGuid, odataString } from "../../src/messagetrace/odata.js";

/** Reads one OData string literal starting at `from`; returns its value and the index after it. */
function readLiteral(text: string, from: number): { value: string; end: number } {
  expect(text[from]).toBe("'");
  let value = "";
  for (let i = from + 1; i < text.length; i++) {
    if (text[i] !== "'") {
      value += text[i];
    } else if (text[i + 1] === "'") {
      value += "'";
      i++;
    } else {
      return { value, end: i + 1 };
    }
  }
  throw new Error("unterminated literal");
}

// Deterministic pseudo-random hostile strings: quotes, OData keywords, URL syntax, unicode.
function hostileStrings(count: number): string[] {
  const parts = [
    "'",
    "''",
    " and ",
    " or ",
    "eq",
    ")",
    "(",
    "%27",
    "&",
    "$filter=",
    "#",
    "?",
    "é",
    "🙂",
    "\\",
    "x",
  ];
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  const out = ["o'brien@x.com", "' or 1 eq 1 or ''='", "'", "''''"];
  for (let n = 0; n < count; n++) {
    let s = "";
    for (let k = next() % 8; k >= 0; k--) s += parts[next() % parts.length];
    out.push(s);
  }
  return out;
}

describe("odataString", () => {
  it("doubles single quotes so o'brien stays one value", () => {
    expect(odataString("o'brien@x.com", "senderAddress")).toBe("'o''brien@x.com'");
  });

  it("round-trips hostile input as exactly one literal that ends where the text ends", () => {
    for (const input of hostileStrings(300)) {
      const literal = odataString(input, "f");
      const clause = `senderAddress eq ${literal} and recipientAddress eq 'a@b.c'`;
      const start = clause.indexOf("'");
      const read = readLiteral(clause, start);
      expect(read.value).toBe(input);
      expect(clause.slice(read.end)).toBe(" and recipientAddress eq 'a@b.c'");
    }
  });

  it("refuses control characters and over-long values", () => {
    for (const bad of ["a\nb", "a\u0000", "x".repeat(600)]) {
      let err: unknown;
      try {
        odataString(bad, "subject");
      } catch (e) {
        err = e;
      }
      expect((err as O365Error).code).toBe("INVALID_FILTER_VALUE");
    }
  });
});

describe("GUIDs", () => {
  it("accepts a GUID in any case and with braces, as guid'...'", () => {
    expect(odataGuid("579CD25C-9b30-4ce4-d5eb-08da70ab3b38", "messageTraceId")).toBe(
      "guid'579CD25C-9b30-4ce4-d5eb-08da70ab3b38'",
    );
    expect(assertGuid("{579cd25c-9b30-4ce4-d5eb-08da70ab3b38}", "id")).toBe(
      "579cd25c-9b30-4ce4-d5eb-08da70ab3b38",
    );
  });

  it.each([
    ["579cd25c-9b30-4ce4-d5eb-08da70ab3b3"],
    ["579cd25c9b304ce4d5eb08da70ab3b38"],
    ["579cd25c-9b30-4ce4-d5eb-08da70ab3b38' or 1 eq 1"],
    ["zzzzzzzz-9b30-4ce4-d5eb-08da70ab3b38"],
    [""],
  ])("refuses %j with INVALID_GUID saying what a GUID looks like", (bad) => {
    let err: unknown;
    try {
      odataGuid(bad, "messageTraceId");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(O365Error);
    expect((err as O365Error).api).toBe("input");
    expect((err as O365Error).code).toBe("INVALID_GUID");
    expect((err as O365Error).hint).toMatch(/8-4-4-4-12/);
  });
});

describe("datetime literals", () => {
  it("formats UTC to the second", () => {
    expect(odataDateTime(new Date("2024-05-30T15:08:54.789+02:00"))).toBe("datetime'2024-05-30T13:08:54Z'");
  });
});
