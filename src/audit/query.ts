// The frozen form of a search_audit_log question: absolute times, content types, filters. The first call
// resolves defaults ("last 24 h", "all enabled subscriptions") once; a cursor carries this state so every
// page answers exactly the same question (and is served from the content cache).
import { z } from "zod";
import { O365Error } from "../errors.js";
import { CONTENT_TYPES } from "../management/types.js";
import { checkWindow, RETENTION_MS } from "../management/windows.js";
import { DAY_MS, HOUR_MS, parseTime } from "../time.js";

const searchQuerySchema = z.object({
  startTime: z.string(),
  endTime: z.string(),
  contentTypes: z.array(z.enum(CONTENT_TYPES)),
  filter: z.object({
    operations: z.array(z.string()).optional(),
    users: z.array(z.string()).optional(),
    clientIps: z.array(z.string()).optional(),
    recordTypes: z.array(z.number()).optional(),
    workloads: z.array(z.string()).optional(),
    resultStatus: z.array(z.string()).optional(),
    contains: z.string().optional(),
  }),
  groupBy: z.array(z.string()).optional(),
  /** Fields whose distinct values are counted per groupBy key. */
  distinct: z.array(z.string()).optional(),
  fields: z.array(z.string()).optional(),
  /** The audit search API query answering the part older than the feed: every page reuses it. */
  history: z.object({ queryId: z.string(), apiVersion: z.enum(["v1.0", "beta"]) }).optional(),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

/** Where the next page starts: offset for display, key (time, Id of the last match) for resuming. */
export interface SearchCursor {
  q: SearchQuery;
  o: number;
  /** Absent when the cursor asks the question again from its start (a history query still running). */
  k?: { time: number; id: string };
}

/**
 * The cursor state as the cursor carries it, packed so a printed nextCursor stays short (a model reads it
 * on every page): epoch-ms times, content types as their index in CONTENT_TYPES, one-letter keys. The
 * whole question stays inside, so any replica sharing O365_CURSOR_KEY answers it, after a restart too.
 */
export const searchCursorSchema = z.object({
  s: z.number(),
  e: z.number(),
  c: z.array(
    z
      .number()
      .int()
      .min(0)
      .max(CONTENT_TYPES.length - 1),
  ),
  f: searchQuerySchema.shape.filter,
  g: z.array(z.string()).optional(),
  d: z.array(z.string()).optional(),
  x: z.array(z.string()).optional(),
  h: searchQuerySchema.shape.history,
  o: z.number().int().min(0),
  k: z.tuple([z.number(), z.string()]).optional(),
});
type PackedCursor = z.infer<typeof searchCursorSchema>;

export function packCursor({ q, o, k }: SearchCursor): PackedCursor {
  return {
    s: Date.parse(q.startTime),
    e: Date.parse(q.endTime),
    c: q.contentTypes.map((t) => CONTENT_TYPES.indexOf(t)),
    f: q.filter,
    g: q.groupBy,
    d: q.distinct,
    x: q.fields,
    h: q.history,
    o,
    k: k ? [k.time, k.id] : undefined,
  };
}

export function unpackCursor(p: PackedCursor): SearchCursor {
  const q: SearchQuery = {
    startTime: new Date(p.s).toISOString(),
    endTime: new Date(p.e).toISOString(),
    contentTypes: p.c.map((i) => CONTENT_TYPES[i]),
    filter: p.f,
    ...(p.g ? { groupBy: p.g } : {}),
    ...(p.d ? { distinct: p.d } : {}),
    ...(p.x ? { fields: p.x } : {}),
    ...(p.h ? { history: p.h } : {}),
  };
  return { q, o: p.o, ...(p.k ? { k: { time: p.k[0], id: p.k[1] } } : {}) };
}

/** Audit (Standard) keeps 180 days (audit-search-api.md 4.4); O365_AUDIT_RETENTION_DAYS says otherwise. */
export const DEFAULT_RETENTION_DAYS = 180;

/**
 * Default: the last 24 hours. Up to the tenant's audit retention back (the feed's 7 days, o365-api.md 1.6,
 * and older days through the audit search API, src/history); an end in the future is cut to now.
 */
export function resolveSearchWindow(
  args: { startTime?: string; endTime?: string },
  now: Date,
  opts: { retentionDays?: number } = {},
): { start: Date; end: Date } {
  const retentionDays = opts.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const requestedEnd = args.endTime ? parseTime(args.endTime, "endTime") : now;
  const end = requestedEnd.getTime() > now.getTime() ? now : requestedEnd;
  const start = args.startTime
    ? parseTime(args.startTime, "startTime")
    : new Date(end.getTime() - 24 * HOUR_MS);
  if (start.getTime() >= now.getTime()) {
    throw new O365Error({
      api: "input",
      code: "INVALID_WINDOW",
      message: `startTime ${start.toISOString()} is in the future.`,
      hint: `Give a startTime in the last ${retentionDays} days.`,
    });
  }
  if (start.getTime() >= now.getTime() - RETENTION_MS) {
    checkWindow({ start, end }, { now, onTooOld: "error" });
    return { start, end };
  }
  // Older than the feed: the audit search API answers it, up to the tenant's retention.
  if (start.getTime() < now.getTime() - retentionDays * DAY_MS) {
    throw new O365Error({
      api: "input",
      code: "WINDOW_BEYOND_RETENTION",
      message: `startTime ${start.toISOString()} is more than ${retentionDays} days back: the tenant's audit retention (O365_AUDIT_RETENTION_DAYS) keeps nothing older.`,
      hint: `Give a startTime within the last ${retentionDays} days. Audit (Standard) keeps 180 days; with Audit (Premium) retention set O365_AUDIT_RETENTION_DAYS to it (e.g. 365).`,
    });
  }
  if (!(end.getTime() > start.getTime())) {
    throw new O365Error({
      api: "input",
      code: "INVALID_WINDOW",
      message: `endTime ${end.toISOString()} is not after startTime ${start.toISOString()}.`,
      hint: "Give a startTime earlier than the endTime.",
    });
  }
  return { start, end };
}

/** A cursor whose window has slid past the 7-day retention can no longer be answered the same way. */
export function checkCursorFresh(query: SearchQuery, now: Date, retentionDays?: number): void {
  const start = Date.parse(query.startTime);
  const days = retentionDays ?? 7;
  if (start < now.getTime() - (retentionDays === undefined ? RETENTION_MS : days * DAY_MS)) {
    throw new O365Error({
      api: "input",
      code: "INVALID_CURSOR",
      message: `The cursor is stale: its window starts at ${query.startTime}, now more than ${days} days ago, so its content has expired.`,
      hint: `Run the search again without cursor, with a startTime in the last ${days} days.`,
    });
  }
}
