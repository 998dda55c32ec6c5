// list_notifications: the webhook delivery log of one content type (o365-api.md 1.5.7). It exists to
// debug webhooks; it is not a way to discover content (use list_available_content for that).
import { z } from "zod";
import { createPageGuard } from "../src/http/page-guard.js";
import { normalizeContentType } from "../src/management/content-types.js";
import { CONTENT_TYPES, type ContentNotification } from "../src/management/types.js";
import { apiWindow, checkWindow } from "../src/management/windows.js";
import { defineTool } from "../src/mcp/tool-definition.js";
import { definePaging, resultFields } from "../src/shape/page.js";
import { parseTime } from "../src/time.js";

/** Pages read per call; the rest continues by cursor so one call stays quick. */
const MAX_PAGES_PER_CALL = 20;
const NOTE =
  "This is the webhook delivery log (every attempt, retries included, possibly out of order), for debugging webhooks. " +
  "It does not list all content: use list_available_content to find content blobs.";

const cursorSchema = z.object({
  /** Page to read next (a NextPageUri); absent = the first page of the window. */
  pageUri: z.string().optional(),
  /** Items of that page already returned. */
  skip: z.number().int().min(0),
});
type CursorState = z.infer<typeof cursorSchema>;

const paging = definePaging({
  kind: "list_notifications",
  noun: "notifications",
  max: 1000,
  default: 100,
  state: cursorSchema,
  mismatch: {
    message: "The cursor was issued for another contentType or window.",
    hint: "Repeat the previous call's contentType, startTime and endTime with its nextCursor, or omit cursor to start over.",
  },
});

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
    "Webhook delivery log of one content type: each notification sent or retried, with its status. Use it to debug a webhook that misses content, not to find content. Window at most 24 h, within 7 days (default last 24 h). Empty without a webhook.",
  input: {
    contentType: z.string().describe(`${CONTENT_TYPES.join(", ")}`),
    startTime: z.string().optional().describe("ISO-8601 UTC; give with endTime"),
    endTime: z.string().optional().describe("ISO-8601 UTC; <= startTime + 24 h"),
    ...paging.input,
  },
  output: {
    contentType: z.string(),
    window: z.string().describe("The time window asked of the service"),
    notifications: z.array(notificationSchema),
    count: z.number(),
    ...resultFields("nextCursor", "notes"),
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
    const page = paging.open<z.infer<typeof notificationSchema>>(
      { ...args, contentType },
      { now, budgetBytes: ctx.deps.config.outputBudgetBytes, cursorKey: ctx.deps.config.cursorKey },
    );
    let state: CursorState = page.resumed ?? { skip: 0 };
    let next: CursorState | undefined;
    const guard = createPageGuard("management", "notifications listing", { startLink: state.pageUri });
    for (let pages = 0; ; pages++) {
      if (pages >= MAX_PAGES_PER_CALL) {
        next = state;
        break;
      }
      const res = await ctx.deps.management.listNotificationsPage(
        state.pageUri === undefined
          ? { contentType, startTime: args.startTime, endTime: args.endTime }
          : { contentType, nextPageUri: state.pageUri },
        { signal: ctx.signal, onEvent: (e) => ctx.onHttpEvent(e) },
      );
      const items = res.items.slice(state.skip);
      let taken = 0;
      for (const item of items) {
        if (!page.add(row(item))) break;
        taken++;
      }
      if (taken < items.length) {
        next = { ...state, skip: state.skip + taken };
        break;
      }
      if (res.nextPageUri === undefined) break;
      guard.follow(res.nextPageUri, res.items.length);
      state = { ...state, pageUri: res.nextPageUri, skip: 0 };
      if (page.full) {
        next = state;
        break;
      }
      await ctx.progress(pages + 1, undefined, `read ${pages + 1} pages`);
    }

    const { nextCursor, truncated } = page.end(next);
    const notes = [NOTE];
    if (truncated) notes.push(truncated);
    else if (next)
      notes.push(`Stopped after ${MAX_PAGES_PER_CALL} pages; call again with cursor=nextCursor for more.`);
    return {
      contentType,
      window:
        args.startTime && args.endTime
          ? `${args.startTime} .. ${args.endTime}`
          : "the last 24 hours (service default window)",
      notifications: page.rows,
      count: page.rows.length,
      ...(nextCursor ? { nextCursor } : {}),
      notes,
    };
  },
  render(result) {
    return {
      header: `${result.count} webhook notification attempts for ${result.contentType}, ${result.window}`,
      // One line: the webhook caveat and why the page stopped read as one note.
      notes: [(result.notes ?? []).join(" ")],
      sections: [
        {
          rows: result.notifications,
          empty: "No notifications: the subscription has no webhook, or nothing was sent in this window.",
        },
      ],
    };
  },
});
