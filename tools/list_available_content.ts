// list_available_content: GET subscriptions/content (o365-api.md 1.5.5) over any range within 7 days,
// split into <= 24 h windows, following NextPageUri; one opaque cursor continues across windows and pages.
import { z } from "zod";
import { createPageGuard } from "../src/http/page-guard.js";
import { normalizeContentType } from "../src/management/content-types.js";
import type { ContentBlob } from "../src/management/types.js";
import { assertRangeSpan, checkWindow, planWindows } from "../src/management/windows.js";
import { defineTool } from "../src/mcp/tool-definition.js";
import { invalidInput } from "../src/shape/input.js";
import { definePaging, resultFields } from "../src/shape/page.js";
import { HOUR_MS, parseTime } from "../src/time.js";

/** Content lands 60-90 minutes after the events (o365-api.md 1.6). */
const LATE_CONTENT_MS = 90 * 60_000;

const cursorState = z.object({
  /** The range being listed, resolved on the first page. */
  s: z.string(),
  e: z.string(),
  /** Window index. */
  w: z.number().int().min(0),
  /** NextPageUri of the page being read; absent = first page of the window. */
  p: z.string().optional(),
  /** Blobs of that page already returned. */
  k: z.number().int().min(0),
});
type CursorState = z.infer<typeof cursorState>;

const paging = definePaging({ kind: "list_available_content", noun: "blobs", max: 5000, state: cursorState });

function blobRow(b: ContentBlob) {
  return {
    contentId: b.contentId,
    contentUri: b.contentUri,
    contentCreated: b.contentCreated,
    contentExpiration: b.contentExpiration,
  };
}

/** A cursor only ever continues a /subscriptions/content listing on the configured Management API host. */
function isContentPageLink(link: string, managementUrl: string): boolean {
  try {
    const url = new URL(link);
    return (
      url.origin === new URL(managementUrl).origin &&
      url.pathname.endsWith("/activity/feed/subscriptions/content")
    );
  } catch {
    return false;
  }
}

function initialState(args: { startTime?: string; endTime?: string }, now: Date): CursorState {
  let end = args.endTime ? parseTime(args.endTime, "endTime") : now;
  let start = args.startTime
    ? parseTime(args.startTime, "startTime")
    : new Date(end.getTime() - 24 * HOUR_MS);
  if (args.startTime && !args.endTime && start.getTime() >= now.getTime())
    end = new Date(start.getTime() + 24 * HOUR_MS);
  ({ start, end } = checkWindow({ start, end }, { now, onTooOld: "error" }));
  return { s: start.toISOString(), e: end.toISOString(), w: 0, k: 0 };
}

export const listAvailableContent = defineTool({
  name: "list_available_content",
  title: "List available audit content blobs",
  description:
    "Lists one content type's audit blobs for retrieve_content. Use it to check that content flows or to read the raw feed; to find events use search_audit_log. The range is on blob availability (events land 60-90 min late), within 7 days; default last 24 h.",
  input: {
    contentType: z
      .string()
      .describe("Audit.AzureActiveDirectory, Audit.Exchange, Audit.SharePoint, Audit.General or DLP.All"),
    startTime: z.string().optional().describe("ISO-8601 UTC, within 7 days; default endTime - 24 h"),
    endTime: z.string().optional().describe("ISO-8601 UTC; default now"),
    ...paging.input,
  },
  output: {
    contentType: z.string().describe("Content type listed"),
    blobs: z
      .array(
        z.object({
          contentId: z.string().describe("Opaque blob id; pass it to retrieve_content"),
          contentUri: z.string().describe("URL of the blob; retrieve_content accepts it too"),
          contentCreated: z.string().describe("When the blob became available (UTC)"),
          contentExpiration: z.string().describe("After this time the blob can no longer be retrieved (UTC)"),
        }),
      )
      .describe("Blobs in the order the service lists them"),
    windows: z
      .array(
        z.object({
          startTime: z.string().describe("Window start (UTC)"),
          endTime: z.string().describe("Window end (UTC)"),
          status: z.enum(["complete", "partial"]).describe("partial: continue with nextCursor"),
        }),
      )
      .describe("The <= 24 h windows read in this call"),
    range: z
      .object({ startTime: z.string(), endTime: z.string() })
      .describe("The whole range being listed (UTC)"),
    ...resultFields("nextCursor", "truncated", "notes"),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const now = ctx.deps.now();
    const contentType = normalizeContentType(args.contentType);
    const page = paging.open<ReturnType<typeof blobRow>>(
      { ...args, contentType },
      { now, budgetBytes: ctx.deps.config.outputBudgetBytes, cursorKey: ctx.deps.config.cursorKey },
    );
    const state = page.resumed ?? initialState(args, now);
    // A cursor's range was checked when it was minted; checked again so no state plans unbounded work.
    assertRangeSpan({ start: new Date(state.s), end: new Date(state.e) });
    if (state.p !== undefined && !isContentPageLink(state.p, ctx.deps.config.endpoints.managementUrl)) {
      throw invalidInput(
        "INVALID_CURSOR",
        "The cursor is corrupt: its page link is not a content listing.",
        "Omit cursor to start again.",
      );
    }
    const windows = planWindows(new Date(state.s), new Date(state.e));
    const touched: { startTime: string; endTime: string; status: "complete" | "partial" }[] = [];
    let { w, p: link, k: skip } = state;
    let next: CursorState | undefined;
    const guard = createPageGuard("management", "content listing", { startLink: link });
    while (w < windows.length) {
      const window = windows[w];
      const entry = {
        startTime: window.start.toISOString(),
        endTime: window.end.toISOString(),
        status: "partial" as const,
      };
      if (page.full) {
        next = { ...state, w, p: link, k: skip };
        break;
      }
      if (touched.at(-1)?.startTime !== entry.startTime) touched.push({ ...entry });
      const res = await ctx.deps.management.listContentPage(
        link
          ? { contentType, nextPageUri: link }
          : { contentType, startTime: entry.startTime, endTime: entry.endTime },
        { signal: ctx.signal, onEvent: ctx.onHttpEvent },
      );
      const items = res.items.slice(skip);
      const cut = items.findIndex((b) => !page.add(blobRow(b)));
      if (cut >= 0) {
        next = { ...state, w, p: link, k: skip + cut };
        break;
      }
      if (res.nextPageUri) {
        guard.follow(res.nextPageUri, res.items.length);
        link = res.nextPageUri;
        skip = 0;
        continue;
      }
      touched[touched.length - 1].status = "complete";
      await ctx.progress(w + 1, windows.length, `window ${w + 1} of ${windows.length}`);
      w += 1;
      link = undefined;
      skip = 0;
    }
    const end = new Date(state.e);
    return {
      contentType,
      blobs: page.rows,
      windows: touched,
      range: { startTime: state.s, endTime: state.e },
      ...page.end(next),
      ...(end.getTime() > now.getTime() - LATE_CONTENT_MS
        ? {
            notes: [
              "Content for the last 90 minutes of the range may still arrive (events land 60-90 minutes late).",
            ],
          }
        : {}),
    };
  },
  render(result) {
    const complete = result.windows.filter((w) => w.status === "complete").length;
    const rows = result.blobs.map((b) => ({
      created: b.contentCreated,
      contentId: b.contentId,
      expires: b.contentExpiration,
    }));
    return {
      header: `${result.blobs.length} ${result.contentType} blobs, ${result.range.startTime} to ${result.range.endTime} (${complete} of ${result.windows.length} windows read completely in this call).`,
      trailer: [
        ...(result.notes ?? []),
        result.blobs.length > 0 ? "Read a blob with retrieve_content {contentId}." : "",
      ],
      sections: [{ rows, empty: "No content blobs in this range." }],
    };
  },
});
