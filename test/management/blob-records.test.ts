// readBlobRecords must accept exactly what JSON.parse of the whole body accepts (an array of objects), give the
// same records, and give each record's line as JSON.stringify would write it, however the body was written.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BlobFormatError, readBlobRecords } from "../../src/management/blob-records.js";

/** JSON.parse's verdict on a body: its records, or the reason it is not a record array. */
function reference(text: string): unknown[] | "not-json" | "not-array" | "not-record" {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "not-json";
  }
  if (!Array.isArray(value)) return "not-array";
  if (!value.every((r) => typeof r === "object" && r !== null && !Array.isArray(r))) return "not-record";
  return value;
}

function read(body: Buffer): unknown[] | "rejected" {
  try {
    return readBlobRecords(body).all();
  } catch (error) {
    if (error instanceof BlobFormatError) return "rejected";
    throw error;
  }
}

/**
 * Serialises like JSON.stringify, but in one of the other forms JSON allows: spaces, escapes, exponents, keys
 * in another order (JSON.parse moves index-like keys such as "1" first).
 */
function writeVariant(
  value: unknown,
  style: { spaces: boolean; escapes: boolean; exponents: boolean; reversed?: boolean },
): string {
  const ws = style.spaces ? " \n\t" : "";
  const str = (s: string) =>
    style.escapes
      ? `"${[...s]
          .map((ch) => {
            if (ch === '"' || ch === "\\") return `\\${ch}`;
            if (ch === "/") return "\\/";
            const code = ch.codePointAt(0) ?? 0;
            if (code < 0x20 || (code > 0x7e && code <= 0xffff))
              return `\\u${code.toString(16).padStart(4, "0").toUpperCase()}`;
            return ch;
          })
          .join("")}"`
      : JSON.stringify(s);
  const write = (v: unknown): string => {
    if (v === null || typeof v === "boolean") return String(v);
    if (typeof v === "number") return style.exponents && v !== 0 ? v.toExponential() : JSON.stringify(v);
    if (typeof v === "string") return str(v);
    if (Array.isArray(v)) return `[${ws}${v.map(write).join(`,${ws}`)}${ws}]`;
    return `{${ws}${(style.reversed ? Object.entries(v as object).reverse() : Object.entries(v as object))
      .map(([k, x]) => `${str(k)}${ws}:${ws}${write(x)}`)
      .join(`,${ws}`)}${ws}}`;
  };
  return write(value);
}

const record = fc.dictionary(
  fc.oneof(fc.string(), fc.constantFrom("Id", "1", "07", "Operation")),
  fc.jsonValue({ maxDepth: 3 }),
  {
    maxKeys: 6,
  },
);
const records = fc.array(record, { maxLength: 6 });

describe("readBlobRecords", () => {
  it("reads compact bodies as JSON.parse does, keeping the served text as each line", () => {
    fc.assert(
      fc.property(records, (recs) => {
        const text = JSON.stringify(recs);
        const got = readBlobRecords(Buffer.from(text));
        const want = JSON.parse(text) as unknown[];
        expect(got.all()).toEqual(want);
        want.forEach((r, i) => {
          expect(got.line(i)).toBe(JSON.stringify(r));
          expect(got.lineBytes(i)).toBe(Buffer.byteLength(JSON.stringify(r)));
        });
      }),
      { numRuns: 300 },
    );
  });

  it("reads bodies written with spaces, escapes and exponents, and gives JSON.stringify's lines", () => {
    fc.assert(
      fc.property(
        records,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (recs, spaces, escapes, exponents, reversed) => {
          const text = writeVariant(recs, { spaces, escapes, exponents, reversed });
          const want = JSON.parse(text) as unknown[];
          const got = readBlobRecords(Buffer.from(text));
          expect(got.all()).toEqual(want);
          want.forEach((r, i) => {
            expect(got.line(i)).toBe(JSON.stringify(r));
            expect(got.lineBytes(i)).toBe(Buffer.byteLength(JSON.stringify(r)));
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("picks top-level fields as JSON.parse gives them, the last of a repeated key, never a nested one", () => {
    const pick = ["Operation", "1", "Id", "é"];
    fc.assert(
      fc.property(records, fc.boolean(), fc.boolean(), (recs, spaces, escapes) => {
        const text = writeVariant(recs, { spaces, escapes, exponents: false });
        const want = JSON.parse(text) as Record<string, unknown>[];
        const got = readBlobRecords(Buffer.from(text), pick);
        want.forEach((r, i) => {
          const expected = Object.fromEntries(pick.filter((k) => Object.hasOwn(r, k)).map((k) => [k, r[k]]));
          expect(got.picked(i)).toEqual(expected);
        });
      }),
      { numRuns: 300 },
    );
    const repeated = readBlobRecords(
      Buffer.from('[{"Operation":"a","X":{"Operation":"nested"},"Operation":"b"}]'),
      pick,
    );
    expect(repeated.picked(0)).toEqual({ Operation: "b" });
    const escapedKey = readBlobRecords(Buffer.from('[{"Oper\\u0061tion":"x"}]'), pick);
    expect(escapedKey.picked(0)).toEqual({ Operation: "x" });
  });

  it("joins runs of lines with newlines, and lines and records stay whole afterwards", () => {
    fc.assert(
      fc.property(records, fc.boolean(), fc.nat(), fc.nat(), (recs, spaces, a, b) => {
        fc.pre(recs.length > 0);
        const text = writeVariant(recs, { spaces, escapes: false, exponents: false });
        const want = JSON.parse(text) as unknown[];
        const got = readBlobRecords(Buffer.from(text));
        const first = a % want.length;
        const last = first + (b % (want.length - first));
        const joined = got.joinedLines(first, last).toString("utf8");
        const lines = want.map((r) => JSON.stringify(r));
        expect(joined).toBe(lines.slice(first, last + 1).join("\n"));
        expect(got.all()).toEqual(want);
        for (let i = 0; i < want.length; i++) expect(got.line(i)).toBe(lines[i]);
      }),
      { numRuns: 300 },
    );
  });

  it("accepts a damaged body exactly when JSON.parse would, with the same records", () => {
    const damaged = fc
      .tuple(
        records,
        fc.boolean(),
        fc.nat(),
        fc.nat(),
        fc.constantFrom("", ",", "]", "}", "[", '"', "x", " ", "\\", "{}", "1"),
      )
      .map(([recs, spaces, at, len, insert]) => {
        const text = writeVariant(recs, { spaces, escapes: false, exponents: false });
        const p = at % (text.length + 1);
        return text.slice(0, p) + insert + text.slice(Math.min(text.length, p + (len % 3)));
      });
    const others = fc.constantFrom(
      "",
      " ",
      "[",
      "]",
      "[]",
      " [ ] ",
      "{}",
      "[{}",
      "[{},]",
      "[{}{}]",
      "[{}] x",
      "[1]",
      '["a"]',
      "[[]]",
      "[null]",
      "[{}, 2]",
      "\ufeff[]",
      "null",
      '{"a":1}',
      "[{]}]",
      '[{"a":[}]}]',
    );
    fc.assert(
      fc.property(fc.oneof(damaged, others), (text) => {
        const want = reference(text);
        const got = read(Buffer.from(text));
        if (Array.isArray(want)) expect(got).toEqual(want);
        else expect(got).toBe("rejected");
      }),
      { numRuns: 1000 },
    );
  });

  it("decodes invalid UTF-8 as Buffer#toString does, and re-serialises those lines", () => {
    const body = Buffer.concat([
      Buffer.from('[{"Name":"a'),
      Buffer.from([0xff, 0xc3]),
      Buffer.from('b"},{"x":1}]'),
    ]);
    const got = readBlobRecords(body, ["Name"]);
    expect(got.all()).toEqual(JSON.parse(body.toString("utf8")));
    expect(got.line(0)).toBe(JSON.stringify(got.record(0)));
    expect(got.picked(0)).toEqual({
      Name: (JSON.parse(body.toString("utf8")) as { Name: string }[])[0].Name,
    });
  });

  it("keeps records parsed before release, and refuses to read the bytes after", () => {
    const got = readBlobRecords(Buffer.from('[{"a":1},{"b":2}]'));
    expect(got.record(0)).toEqual({ a: 1 });
    got.release();
    expect(got.record(0)).toEqual({ a: 1 });
    expect(() => got.record(1)).toThrow(/released/);
    expect(() => got.line(0)).toThrow(/released/);
  });

  it("names what is wrong with a body", () => {
    const why = (text: string) => {
      try {
        readBlobRecords(Buffer.from(text));
        return "ok";
      } catch (error) {
        return (error as BlobFormatError).why;
      }
    };
    expect(why('[{"a":1}')).toBe("not-json");
    expect(why('{"a":1}')).toBe("not-array");
    expect(why("[1]")).toBe("not-record");
    expect(why("[]")).toBe("ok");
    expect(why(`[${"[".repeat(100)}${"]".repeat(100)}]`)).toBe("not-record");
    expect(why(`[{"a":${"[".repeat(600)}${"]".repeat(600)}}]`)).toBe("not-json"); // deeper than any record
  });
});
