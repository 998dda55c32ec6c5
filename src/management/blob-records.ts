// Reads a content blob (a JSON array of record objects, o365-api.md 1.5.6) straight from its bytes. One pass
// validates the body against JSON's grammar, finds each record's span and picks out the few top-level fields
// a search decides on (its summary keys); a whole record is JSON.parse'd only when asked for, so a search
// parses just the records that can match. Decoding a multi-megabyte body into one string, parsing every
// record and serialising each again for the cache was most of a cold search's CPU and garbage.
//
// Exactness: the body is accepted exactly when JSON.parse(body) gives an array of objects (nesting deeper than
// MAX_DEPTH, which no audit record has, is refused), picked fields have the values JSON.parse gives, and each
// record's line is JSON.stringify's text of it: the served bytes when they are that text (compact, no escape
// or number form JSON.stringify writes differently), otherwise serialised again. The one served form not
// detected is a duplicate key (the served line keeps both values, the parsed record the last); the service
// does not write those. test/management/blob-records.test.ts checks all of this as properties.
import { isUtf8 } from "node:buffer";
import type { AuditRecord, BlobRecords } from "./types.js";

export type { BlobRecords } from "./types.js";

/** Why a body is not a record array; the caller turns it into its own error. */
export class BlobFormatError extends Error {
  constructor(readonly why: "not-json" | "not-array" | "not-record") {
    super(why);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const SPACE = 0x20;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const NEWLINE = 0x0a;
/** Longest digit run that is surely printed back as served: 2^53 has 16 digits. */
const SAFE_DIGITS = 15;
/** Arrays and objects nested deeper than this are refused (the scan recurses). */
const MAX_DEPTH = 512;

const isDigit = (c: number | undefined) => c !== undefined && c >= ZERO && c <= NINE;
const isWhitespace = (c: number | undefined) => c === SPACE || c === NEWLINE || c === 0x0d || c === 0x09;

/** The names to pick, indexed by byte length then compared byte by byte. */
type PickTable = (readonly { name: string; bytes: Buffer }[] | undefined)[];

function pickTable(names: readonly string[]): PickTable {
  const table: PickTable = [];
  for (const name of names) {
    const bytes = Buffer.from(name, "utf8");
    table[bytes.length] = [...(table[bytes.length] ?? []), { name, bytes }];
  }
  return table;
}

/**
 * One pass over one body. `served` says whether the record being scanned is in JSON.stringify's form;
 * `escaped` whether the last string scanned held an escape.
 */
class Scan {
  served = true;
  escaped = false;
  constructor(
    private readonly b: Buffer,
    private readonly table: PickTable,
    private readonly anyPick: boolean,
  ) {}

  fail(): never {
    throw new BlobFormatError("not-json");
  }

  /** Whitespace inside a record: allowed, but JSON.stringify writes none. */
  space(i: number): number {
    let at = i;
    while (isWhitespace(this.b[at])) at++;
    if (at !== i) this.served = false;
    return at;
  }

  string(i: number): number {
    const b = this.b;
    const n = b.length;
    this.escaped = false;
    for (let j = i + 1; j < n; j++) {
      const d = b[j];
      if (d === QUOTE) return j + 1;
      if (d === BACKSLASH) {
        this.escaped = true;
        const e = b[++j];
        if (e === 0x75) {
          // \uXXXX: JSON.stringify writes it only for control characters, in lower case: re-serialise.
          for (let k = 1; k <= 4; k++) if (!isHex(b[j + k])) this.fail();
          j += 4;
          this.served = false;
        } else if (e === 0x2f)
          this.served = false; // "\/": JSON.stringify writes "/"
        else if (
          !(
            e === QUOTE ||
            e === BACKSLASH ||
            e === 0x62 ||
            e === 0x66 ||
            e === 0x6e ||
            e === 0x72 ||
            e === 0x74
          )
        )
          this.fail();
      } else if (d < SPACE) this.fail();
    }
    return this.fail();
  }

  number(i: number): number {
    const b = this.b;
    let j = i;
    if (b[j] === MINUS) {
      j++;
      if (b[j] === ZERO) this.served = false; // -0 prints as 0
    }
    const intStart = j;
    if (b[j] === ZERO) j++;
    else if (isDigit(b[j])) while (isDigit(b[j])) j++;
    else this.fail();
    if (j - intStart > SAFE_DIGITS) this.served = false;
    if (b[j] === DOT) {
      this.served = false;
      j++;
      if (!isDigit(b[j])) this.fail();
      while (isDigit(b[j])) j++;
    }
    if (b[j] === 0x65 || b[j] === 0x45) {
      this.served = false;
      j++;
      if (b[j] === PLUS || b[j] === MINUS) j++;
      if (!isDigit(b[j])) this.fail();
      while (isDigit(b[j])) j++;
    }
    return j;
  }

  literal(i: number, word: string): number {
    for (let k = 0; k < word.length; k++) if (this.b[i + k] !== word.charCodeAt(k)) this.fail();
    return i + word.length;
  }

  value(i: number, depth: number): number {
    const c = this.b[i];
    if (c === QUOTE) return this.string(i);
    if (c === OPEN_BRACE) return this.object(i, depth + 1, undefined);
    if (c === OPEN_BRACKET) return this.array(i, depth + 1);
    if (c === 0x74) return this.literal(i, "true");
    if (c === 0x66) return this.literal(i, "false");
    if (c === 0x6e) return this.literal(i, "null");
    if (c === MINUS || isDigit(c)) return this.number(i);
    return this.fail();
  }

  array(i: number, depth: number): number {
    if (depth > MAX_DEPTH) this.fail();
    let j = this.space(i + 1);
    if (this.b[j] === CLOSE_BRACKET) return j + 1;
    for (;;) {
      j = this.space(this.value(j, depth));
      const c = this.b[j];
      if (c === CLOSE_BRACKET) return j + 1;
      if (c !== COMMA) this.fail();
      j = this.space(j + 1);
    }
  }

  /** An object; for a record (`picked` given), the picked keys' values are stored in `picked`. */
  object(i: number, depth: number, picked: Record<string, unknown> | undefined): number {
    if (depth > MAX_DEPTH) this.fail();
    const b = this.b;
    let j = this.space(i + 1);
    if (b[j] === CLOSE_BRACE) return j + 1;
    for (;;) {
      if (b[j] !== QUOTE) this.fail();
      const keyStart = j;
      j = this.string(j);
      const keyEnd = j;
      const keyEscaped = this.escaped;
      // JSON.parse moves index-like keys ("1") before the others, so such a record prints differently.
      if (isDigit(b[keyStart + 1])) this.served = false;
      j = this.space(j);
      if (b[j] !== COLON) this.fail();
      const valueStart = this.space(j + 1);
      j = this.value(valueStart, depth);
      if (picked && this.anyPick) {
        const name = keyEscaped
          ? pickedEscapedName(b, keyStart, keyEnd, this.table)
          : this.pickedName(keyStart, keyEnd);
        if (name !== undefined) picked[name] = this.decode(valueStart, j);
      }
      j = this.space(j);
      const c = b[j];
      if (c === CLOSE_BRACE) return j + 1;
      if (c !== COMMA) this.fail();
      j = this.space(j + 1);
    }
  }

  private pickedName(keyStart: number, keyEnd: number): string | undefined {
    const length = keyEnd - keyStart - 2;
    const candidates = this.table[length];
    if (!candidates) return undefined;
    for (const { name, bytes } of candidates) {
      if (
        this.b[keyStart + 1] === bytes[0] &&
        this.b.compare(bytes, 0, length, keyStart + 1, keyEnd - 1) === 0
      )
        return name;
    }
    return undefined;
  }

  /** A picked value as JSON.parse gives it (a plain string without escapes is decoded directly). */
  private decode(start: number, end: number): unknown {
    if (this.b[start] === QUOTE && !this.escaped) return this.b.toString("utf8", start + 1, end - 1);
    return JSON.parse(this.b.toString("utf8", start, end));
  }
}

function isHex(c: number | undefined): boolean {
  return (
    c !== undefined && ((c >= ZERO && c <= NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))
  );
}

function pickedEscapedName(b: Buffer, start: number, end: number, table: PickTable): string | undefined {
  const name = JSON.parse(b.toString("utf8", start, end)) as string;
  const length = Buffer.byteLength(name);
  return table[length]?.some((t) => t.name === name) ? name : undefined;
}

function skipWhitespace(body: Buffer, i: number): number {
  let at = i;
  while (isWhitespace(body[at])) at++;
  return at;
}

/** The first byte of a JSON value other than an object. */
function startsOtherValue(c: number | undefined): boolean {
  return (
    c === QUOTE || c === OPEN_BRACKET || c === MINUS || isDigit(c) || c === 0x74 || c === 0x66 || c === 0x6e
  );
}

/**
 * The records of a blob body, with the top-level fields named in `pick` read for every record; throws
 * BlobFormatError when the body is not a JSON array of objects. Invalid UTF-8 decodes as Buffer#toString
 * decodes it (U+FFFD), and such a body's lines are serialised again.
 */
export function readBlobRecords(body: Buffer, pick: readonly string[] = []): BlobRecords {
  const n = body.length;
  let i = skipWhitespace(body, 0);
  if (i >= n) throw new BlobFormatError("not-json");
  if (body[i] !== OPEN_BRACKET) {
    const other = body[i] === OPEN_BRACE || startsOtherValue(body[i]);
    if (!other) throw new BlobFormatError("not-json");
    // A single value that is not an array: valid JSON (then "not an array") or not.
    const probe = new Scan(body, [], false);
    const end = skipWhitespace(body, probe.value(i, 0));
    throw new BlobFormatError(end === n ? "not-array" : "not-json");
  }
  const scan = new Scan(body, pickTable(pick), pick.length > 0);
  const picked: Record<string, unknown>[] = [];
  /** Per record: start and end of its span; start is negative (-1 - start) when not JSON.stringify's text. */
  const spans: number[] = [];
  const validUtf8 = isUtf8(body);
  let notRecord = false;
  i = skipWhitespace(body, i + 1);
  if (body[i] !== CLOSE_BRACKET) {
    for (;;) {
      if (body[i] !== OPEN_BRACE) {
        // Keep reading: the body may still be invalid JSON, which is the graver finding.
        if (!startsOtherValue(body[i])) scan.fail();
        notRecord = true;
        i = scan.value(i, 1);
      } else {
        const start = i;
        const fields: Record<string, unknown> = {};
        scan.served = validUtf8;
        i = scan.object(i, 1, fields);
        picked.push(fields);
        spans.push(scan.served ? start : -1 - start, i);
      }
      i = skipWhitespace(body, i);
      if (body[i] === COMMA) {
        i = skipWhitespace(body, i + 1);
        continue;
      }
      if (body[i] === CLOSE_BRACKET) break;
      scan.fail();
    }
  }
  if (skipWhitespace(body, i + 1) !== n) scan.fail();
  if (notRecord) throw new BlobFormatError("not-record");
  return blobRecords(body, spans, picked);
}

function blobRecords(body: Buffer, spans: number[], picked: Record<string, unknown>[]): BlobRecords {
  const count = picked.length;
  const parsed: (AuditRecord | undefined)[] = new Array(count);
  let released = false;
  const bytes = (): Buffer => {
    if (released) throw new Error("blob records read after their body was released");
    return body;
  };
  const start = (i: number) => (spans[2 * i] >= 0 ? spans[2 * i] : -1 - spans[2 * i]);
  const served = (i: number) => spans[2 * i] >= 0;
  const record = (i: number): AuditRecord => {
    let r = parsed[i];
    if (r === undefined) {
      r = JSON.parse(bytes().toString("utf8", start(i), spans[2 * i + 1])) as AuditRecord;
      parsed[i] = r;
    }
    return r;
  };
  const line = (i: number) =>
    served(i) ? bytes().toString("utf8", start(i), spans[2 * i + 1]) : JSON.stringify(record(i));
  return {
    count,
    record,
    all: () => Array.from({ length: count }, (_, i) => record(i)),
    picked: (i) => picked[i],
    line,
    lineBytes: (i) => (served(i) ? spans[2 * i + 1] - start(i) : Buffer.byteLength(line(i))),
    joinedLines(first, last) {
      const b = bytes();
      // Served records one byte apart are already their lines, with a separator between: make it a newline.
      let contiguous = true;
      for (let i = first; i <= last && contiguous; i++) {
        contiguous = served(i) && (i === last || start(i + 1) === spans[2 * i + 1] + 1);
      }
      if (contiguous) {
        for (let i = first; i < last; i++) b[spans[2 * i + 1]] = NEWLINE;
        return b.subarray(start(first), spans[2 * last + 1]);
      }
      const parts: Buffer[] = [];
      for (let i = first; i <= last; i++) {
        if (i > first) parts.push(NEWLINE_BYTES);
        parts.push(served(i) ? b.subarray(start(i), spans[2 * i + 1]) : Buffer.from(line(i), "utf8"));
      }
      return Buffer.concat(parts);
    },
    release: () => {
      released = true;
    },
  };
}

const NEWLINE_BYTES = Buffer.from("\n");

/** The same view over records already parsed (a client that kept no bytes); lines are serialised here. */
export function parsedBlobRecords(
  records: readonly AuditRecord[],
  pick: readonly string[] = [],
): BlobRecords {
  const lines = (i: number) => JSON.stringify(records[i]);
  return {
    count: records.length,
    record: (i) => records[i],
    all: () => [...records],
    picked: (i) => {
      const r = records[i] as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const name of pick) if (Object.hasOwn(r, name)) out[name] = r[name];
      return out;
    },
    line: lines,
    lineBytes: (i) => Buffer.byteLength(lines(i)),
    release: () => {},
    joinedLines: (first, last) => {
      const parts: string[] = [];
      for (let i = first; i <= last; i++) parts.push(lines(i));
      return Buffer.from(parts.join("\n"), "utf8");
    },
  };
}
