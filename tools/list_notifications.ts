// list_notifications: the webhook delivery log of one content type (o365-api.md 1.5.7). It exists to
// debug webhooks; it is not a way to discover content (use list_available_content for that).
import { z } from "zod";
import { normalizeContentType } from "../src/management/content-types.js";
import { CONTENT_TYPES, type ContentNotification } from "../src/management/types.js";
import { apiWindow, checkWindow } from "../src/management/windows.js";
import { defineTool } from "../src/mcp/tool-definition.js";
import { createBudget, truncationNote } from "../src/shape/budget.js";
import { decodeCursor, encodeCursor } from "../src/shape/cursor.js";
import { invalidInput } from "../src/shape/input.js";
import { renderText } from "../src/shape/text.js";
import { parseTime } from "../src/time.js";

const CURSOR_KIND = "list_notifications";
/** Pages read per call; the rest continues by cursor so one call stays quick. */
const MAX_PAGES_PER_CALL = 20;
const NOTE =
  "This is the webhook delivery log (every attempt, retries included, possibly out of order), for debugging webhooks. " +
  "It does not list all content: use list_available_content to find content blobs.";

const cursorSchema = z.object({
  contentType: z.string(),
  startTime: z.string().optional(),
  endTime: z.string().optional(),
  /** Page to read next (a NextPageUri); absent = the first page of the window. */
  pageUri: z.string().optional(),
  /** Items of that page already returned. */
  skip: z.number().int().min(0),
});
type CursorState = z.infer<typeof cursorSchema>;

const notificationSchema = z.object({
  contentId: z.string(),
  contentCreated: z.string(),
  notificationSent: z.string().optional().describe("When the service tried to notify the webhook"),
  notificationStatus: z.string().optional().describe("Outcome of the attempt, e.g. success"),
  contentExpiration: z.string().optional(),
});

function row(n: ContentNotification): z.infer<typeof notificationSchema> {
  return {
    contentId: n.contentId,
    contentCreated: n.contentCreated,
    ...(n.notificationSent ? { notificationSent: n.notificationSent } : {}),
    ...(n.notificationStatus ? { notificationStatus: n.notificationStatus } : {}),
    ...(n.contentExpiration ? { contentExpiration: n.contentExpiration } : {}),
  };
}

export const listNotificationsTool = defineTool({
  name: "list_notifications",
  title: "List webhook notifications",
  description:
    "Webhook delivery log of one content type: each notification the service sent (or retried) to the subscription's " +
    "webhook, with its status. Use it to debug a webhook that misses content; it is NOT for discovering content " +
    "(use list_available_content). Window: startTime/endTime at most 24 h apart, within the last 7 days (default: last " +
    "24 h). Empty when the subscription has no webhook; an error when it is disabled. Pages with cursor.",
  input: {
    contentType: z.string().describe(`Content type: ${CONTENT_TYPES.join(", ")} (case-insensitive)`),
    startTime: z.string().optional().describe("ISO-8601 UTC, e.g. 2026-11-25T00:00:00Z; give with endTime"),
    endTime: z.string().optional().describe("ISO-8601 UTC, at most 24 h after startTime"),
    limit: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe("Most notifications to return (default 100)"),
    cursor: z.string().optional().describe("nextCursor of a previous call with the same arguments"),
  },
  output: {
    contentType: z.string(),
    window: z.string().describe("The time window asked of the service"),
    notifications: z.array(notificationSchema),
    count: z.number(),
    nextCursor: z.string().optional().describe("Pass as cursor to continue"),
    note: z.string(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const now = ctx.deps.now();
    const contentType = normalizeContentType(args.contentType);
    const api = apiWindow(args.startTime, args.endTime);
    if (api && args.startTime && args.endTime) {
      checkWindow(
        { start: parseTime(args.startTime, "startTime"), end: parseTime(args.endTime, "endTime") },
        { now, onTooOld: "error" },
      );
    }
    let state: CursorState = { contentType, startTime: args.startTime, endTime: args.endTime, skip: 0 };
    if (args.cursor !== undefined) {
      state = decodeCursor(CURSOR_KIND, args.cursor, cursorSchema);
      if (
        state.contentType !== contentType ||
        state.startTime !== args.startTime ||
        state.endTime !== args.endTime
      ) {
        throw invalidInput(
          "INVALID_CURSOR",
          "The cursor was issued for another contentType or window.",
          "Repeat the previous call's contentType, startTime and endTime with its nextCursor, or omit cursor to start over.",
        );
      }
    }

    const budget = createBudget<z.infer<typeof notificationSchema>>({
      budgetBytes: ctx.deps.config.outputBudgetBytes,
      limit: args.limit ?? 100,
    });
    let next: CursorState | undefined;
    for (let pages = 0; ; pages++) {
      if (pages >= MAX_PAGES_PER_CALL) {
        next = state;
        break;
      }
      const page = await ctx.deps.management.listNotificationsPage(
        state.pageUri === undefined
          ? { contentType, startTime: args.startTime, endTime: args.endTime }
          : { contentType, nextPageUri: state.pageUri },
        { signal: ctx.signal, onEvent: (e) => ctx.onHttpEvent(e) },
      );
      const items = page.items.slice(state.skip);
      let taken = 0;
      for (const item of items) {
        if (!budget.add(row(item))) break;
        taken++;
      }
      if (taken < items.length) {
        next = { ...state, skip: state.skip + taken };
        break;
      }
      if (page.nextPageUri === undefined) break;
      state = { ...state, pageUri: page.nextPageUri, skip: 0 };
      if (budget.full) {
        next = state;
        break;
      }
      await ctx.progress(pages + 1, undefined, `read ${pages + 1} pages`);
    }

    const notes = [NOTE];
    if (next && budget.reason) notes.push(truncationNote(budget.reason, budget.rows.length, "notifications"));
    else if (next)
      notes.push(`Stopped after ${MAX_PAGES_PER_CALL} pages; call again with cursor=nextCursor for more.`);
    return {
      contentType,
      window:
        args.startTime && args.endTime
          ? `${args.startTime} .. ${args.endTime}`
          : "the last 24 hours (service default window)",
      notifications: budget.rows,
      count: budget.rows.length,
      ...(next ? { nextCursor: encodeCursor(CURSOR_KIND, next, now) } : {}),
      note: notes.join(" "),
    };
  },
  render(result) {
    return renderText({
      header: `${result.count} webhook notification attempts for ${result.contentType}, ${result.window}`,
      notes: [result.note, result.nextCursor ? `nextCursor: ${result.nextCursor}` : ""],
      rows: result.notifications,
      empty: "No notifications: the subscription has no webhook, or nothing was sent in this window.",
    });
  },
});
