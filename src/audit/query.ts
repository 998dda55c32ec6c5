// The frozen form of a search_audit_log question: absolute times, content types, filters. The first call
// resolves defaults ("last 24 h", "all enabled subscriptions") once; a cursor carries this state so every
// page answers exactly the same question (and is served from the content cache).
import { z } from "zod";
import { O365Error } from "../errors.js";
import { CONTENT_TYPES } from "../management/types.js";
import { checkWindow, RETENTION_MS } from "../management/windows.js";
import { HOUR_MS, parseTime } from "../time.js";

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
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

/** Cursor state: the query plus where the next page starts (offset for display, key for resuming). */
export const searchCursorSchema = z.object({
  q: searchQuerySchema,
  o: z.number().int().min(0),
  k: z.object({ time: z.number(), id: z.string() }),
});

/** Default: the last 24 hours. Up to 7 days back (o365-api.md 1.6); an end in the future is cut to now. */
export function resolveSearchWindow(
  args: { startTime?: string; endTime?: string },
  now: Date,
): { start: Date; end: Date } {
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
      hint: "Give a startTime in the last 7 days.",
    });
  }
  checkWindow({ start, end }, { now, onTooOld: "error" });
  return { start, end };
}

/** A cursor whose window has slid past the 7-day retention can no longer be answered the same way. */
export function checkCursorFresh(query: SearchQuery, now: Date): void {
  const start = Date.parse(query.startTime);
  if (start < now.getTime() - RETENTION_MS) {
    throw new O365Error({
      api: "input",
      code: "INVALID_CURSOR",
      message: `The cursor is stale: its window starts at ${query.startTime}, now more than 7 days ago, so its content has expired.`,
      hint: "Run the search again without cursor, with a startTime in the last 7 days.",
    });
  }
}
