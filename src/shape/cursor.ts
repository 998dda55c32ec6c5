// Opaque paging cursors: base64url JSON {v, k, t, a, s} followed by 22 base64url characters of an
// HMAC-SHA256 of that text.
// The MAC (a random key per process, or O365_CURSOR_KEY shared by --stateless replicas) means a caller can
// neither write a cursor nor edit one: the state inside (next-page links, windows, offsets) is only ever
// what this server put there. The version rejects cursors minted by an older server; the kind stops a
// cursor of one tool being replayed to another; `a` binds the arguments it was minted for (page.ts).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { O365Error } from "../errors.js";

const CURSOR_VERSION = 2;
/** 128 bits of MAC: forging one is out of reach, and the cursor stays short. */
const MAC_BYTES = 16;

/** This process's key: cursors survive neither a restart nor a hop to a replica without O365_CURSOR_KEY. */
const PROCESS_KEY = randomBytes(32);

/** The key cursors are signed with: the configured one (O365_CURSOR_KEY), else this process's own. */
export function cursorKey(configured?: string): Buffer | string {
  return configured === undefined || configured === "" ? PROCESS_KEY : configured;
}

const envelopeSchema = z.object({
  v: z.number(),
  k: z.string(),
  /** Minted at (epoch ms), for maxAgeMs. */
  t: z.number(),
  /** MAC of the bound arguments; absent on a cursor built without them. */
  a: z.string().optional(),
  s: z.unknown(),
});

function mac(key: Buffer | string, purpose: string, text: string): Buffer {
  return createHmac("sha256", key)
    .update(`office365-mcp ${purpose}\n`)
    .update(text)
    .digest()
    .subarray(0, MAC_BYTES);
}

/** A keyed digest of `text` for `purpose` (the argument binding), so it reveals nothing about the arguments. */
export function keyedDigest(key: Buffer | string, purpose: string, text: string): string {
  return mac(key, purpose, text).toString("base64url");
}

export function encodeCursor(
  kind: string,
  state: unknown,
  now: Date = new Date(),
  binding?: string,
  key: Buffer | string = PROCESS_KEY,
): string {
  const json = JSON.stringify({ v: CURSOR_VERSION, k: kind, t: now.getTime(), a: binding, s: state });
  const payload = Buffer.from(json, "utf8").toString("base64url");
  return `${payload}${mac(key, "cursor", payload).toString("base64url")}`;
}

export const NOT_ISSUED =
  "This cursor was not issued by this server or has expired: repeat the call without cursor.";

export function invalidCursor(
  message: string,
  hint = "Pass the nextCursor value exactly as the previous result of the same tool returned it, with the same other arguments; or omit cursor to start from the beginning.",
): O365Error {
  return new O365Error({ api: "input", code: "INVALID_CURSOR", message, hint });
}

function notIssued(why: string): O365Error {
  return invalidCursor(
    `${NOT_ISSUED} (${why})`,
    "Repeat the call without cursor to start from the beginning.",
  );
}

export interface DecodedCursor<T> {
  state: T;
  binding: string | undefined;
}

export interface CursorCheck {
  now?: Date;
  maxAgeMs?: number;
  key?: Buffer | string;
}

export function decodeCursor<S extends z.ZodType>(
  kind: string,
  cursor: string,
  schema: S,
  opts: CursorCheck = {},
): z.infer<S> {
  return readCursor(kind, cursor, schema, opts).state;
}

/** The MAC-checked payload of a cursor, or undefined when it is not one this key signed. */
function verified(cursor: string, key: Buffer | string): string | undefined {
  const match = /^([A-Za-z0-9_-]{1,1000000})([A-Za-z0-9_-]{22})$/.exec(cursor);
  if (!match) return undefined;
  const [, payload, given] = match;
  const expected = mac(key, "cursor", payload);
  const actual = Buffer.from(given, "base64url");
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? payload : undefined;
}

/** The state and the argument binding of a cursor, once its MAC, version, kind, age and state check out. */
export function readCursor<S extends z.ZodType>(
  kind: string,
  cursor: string,
  schema: S,
  opts: CursorCheck = {},
): DecodedCursor<z.infer<S>> {
  const payload = verified(cursor, opts.key ?? PROCESS_KEY);
  if (payload === undefined) throw notIssued("its signature does not match");
  let envelope: z.infer<typeof envelopeSchema>;
  try {
    envelope = envelopeSchema.parse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
  } catch {
    throw notIssued("it could not be decoded");
  }
  if (envelope.v !== CURSOR_VERSION) throw notIssued("it is stale: another version of this server issued it");
  if (envelope.k !== kind) {
    throw invalidCursor(`The cursor belongs to another tool (${envelope.k.slice(0, 40)}), not ${kind}.`);
  }
  const age = (opts.now ?? new Date()).getTime() - envelope.t;
  if (opts.maxAgeMs !== undefined && age > opts.maxAgeMs)
    throw notIssued("it is stale: too old to continue from");
  const state = schema.safeParse(envelope.s);
  if (!state.success) throw notIssued("its state is not valid");
  return { state: state.data, binding: envelope.a };
}
