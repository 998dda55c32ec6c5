// Opaque paging cursors: base64url JSON {v, k, t, a, s}. The version rejects cursors minted by an older
// server; the kind stops a cursor of one tool being replayed to another; `a` is the hash of the arguments
// it was minted for (checked by page.ts); the state is zod-validated.
import { z } from "zod";
import { O365Error } from "../errors.js";

const CURSOR_VERSION = 1;

const envelopeSchema = z.object({
  v: z.number(),
  k: z.string(),
  /** Minted at (epoch ms), for maxAgeMs. */
  t: z.number(),
  /** Hash of the bound arguments; absent on a cursor built by hand. */
  a: z.string().optional(),
  s: z.unknown(),
});

export function encodeCursor(kind: string, state: unknown, now: Date = new Date(), binding?: string): string {
  const json = JSON.stringify({ v: CURSOR_VERSION, k: kind, t: now.getTime(), a: binding, s: state });
  return Buffer.from(json, "utf8").toString("base64url");
}

export function invalidCursor(
  message: string,
  hint = "Pass the nextCursor value exactly as the previous result of the same tool returned it, with the same other arguments; or omit cursor to start from the beginning.",
): O365Error {
  return new O365Error({ api: "input", code: "INVALID_CURSOR", message, hint });
}

export interface DecodedCursor<T> {
  state: T;
  binding: string | undefined;
}

export function decodeCursor<S extends z.ZodType>(
  kind: string,
  cursor: string,
  schema: S,
  opts: { now?: Date; maxAgeMs?: number } = {},
): z.infer<S> {
  return readCursor(kind, cursor, schema, opts).state;
}

/** The state and the argument binding of a cursor, once its version, kind, age and state check out. */
export function readCursor<S extends z.ZodType>(
  kind: string,
  cursor: string,
  schema: S,
  opts: { now?: Date; maxAgeMs?: number } = {},
): DecodedCursor<z.infer<S>> {
  let envelope: z.infer<typeof envelopeSchema>;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error("not base64url");
    envelope = envelopeSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw invalidCursor("The cursor is not one this server issued (it could not be decoded).");
  }
  if (envelope.v !== CURSOR_VERSION) {
    throw invalidCursor("The cursor is stale: it was issued by another version of this server.");
  }
  if (envelope.k !== kind) {
    throw invalidCursor(`The cursor belongs to another tool (${envelope.k.slice(0, 40)}), not ${kind}.`);
  }
  if (opts.maxAgeMs !== undefined && (opts.now ?? new Date()).getTime() - envelope.t > opts.maxAgeMs) {
    throw invalidCursor("The cursor is stale: it is too old to continue from.");
  }
  const state = schema.safeParse(envelope.s);
  if (!state.success) throw invalidCursor("The cursor is corrupt: its state is not valid.");
  return { state: state.data, binding: envelope.a };
}
