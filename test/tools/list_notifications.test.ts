import type { CallToolResult } from "@modelcontextprotocol/server";
import { afterEach, describe, expect, it } from "vitest";
import { O365Error } from "../../src/errors.js";
import type { ContentNotification, ManagementClient } from "../../src/management/types.js";
import { createServer } from "../../src/server.js";
import type { listNotificationsTool } from "../../tools/list_notifications.js";
import { connectClient, fakeDeps } from "../helpers/fake-deps.js";
import { outputOf } from "../helpers/tool-output.js";

const NOW = new Date("2026-11-26T12:00:00Z");
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function note(i: number): ContentNotification {
  const created = new Date(NOW.getTime() - (100 - i) * 60_000).toISOString();
  return {
    contentType: "Audit.Exchange",
    contentId: `blob${i}$x`,
    contentUri: `https://127.0.0.1:2/api/v1.0/t/activity/feed/audit/blob${i}$x`,
    contentCreated: created,
    contentExpiration: created,
    notificationSent: created,
    notificationStatus: i % 3 === 0 ? "failed" : "success",
  };
}

type PageReq = Parameters<ManagementClient["listNotificationsPage"]>[0];

/** Pages of `size` notifications chained by NextPageUri, like the service. */
function pagedFeed(total: number, size: number) {
  const requests: PageReq[] = [];
  const items = Array.from({ length: total }, (_, i) => note(i));
  const listNotificationsPage: ManagementClient["listNotificationsPage"] = async (req) => {
    requests.push(req);
    const page = req.nextPageUri ? Number(new URL(req.nextPageUri).searchParams.get("nextPage")) : 0;
    const slice = items.slice(page * size, (page + 1) * size);
    const more = (page + 1) * size < total;
    return more
      ? { items: slice, nextPageUri: `https://127.0.0.1:2/notifications?nextPage=${page + 1}` }
      : { items: slice };
  };
  return { requests, listNotificationsPage };
}

async function start(management: Partial<ManagementClient>, budget?: number) {
  const deps = fakeDeps({ now: () => NOW, management, config: budget ? { outputBudgetBytes: budget } : {} });
  const created = createServer(deps);
  const client = await connectClient(created.server);
  closers.push(async () => {
    await client.close();
    await created.close();
  });
  return async (args: Record<string, unknown>) =>
    (await client.callTool({ name: "list_notifications", arguments: args })) as CallToolResult;
}

const text = (r: CallToolResult) => (r.content[0]?.type === "text" ? r.content[0].text : "");
describe("list_notifications", () => {
  it("follows NextPageUri across pages and says it is for webhook debugging", async () => {
    const feed = pagedFeed(7, 3);
    const call = await start({ listNotificationsPage: feed.listNotificationsPage });
    const result = await call({ contentType: "audit.exchange" });
    expect(result).toBeToolResult();
    const out = outputOf<typeof listNotificationsTool>(result);
    expect(out.count).toBe(7);
    expect(out.notifications.map((n) => n.contentId)).toEqual(
      Array.from({ length: 7 }, (_, i) => `blob${i}$x`),
    );
    expect(out.notifications[0].notificationStatus).toBe("failed");
    expect(out.nextCursor).toBeUndefined();
    expect(out.notes?.join(" ")).toMatch(/debugging webhooks/);
    expect(out.notes?.join(" ")).toMatch(/use list_available_content/);
    expect(feed.requests).toHaveLength(3);
    expect(feed.requests[0]).toMatchObject({ contentType: "Audit.Exchange" });
    expect(text(result)).toMatch(/^7 webhook notification attempts for Audit.Exchange/);
  });

  it("stops at limit mid-page and continues with the cursor without losing or repeating rows", async () => {
    const feed = pagedFeed(7, 3);
    const call = await start({ listNotificationsPage: feed.listNotificationsPage });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const out = outputOf<typeof listNotificationsTool>(
        await call({ contentType: "Audit.Exchange", limit: 2, ...(cursor ? { cursor } : {}) }),
      );
      seen.push(...out.notifications.map((n) => n.contentId));
      cursor = out.nextCursor;
      if (!cursor) break;
      expect(out.notes?.join(" ")).toMatch(/cursor=nextCursor/);
    }
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `blob${i}$x`));
    expect(cursor).toBeUndefined();
  });

  it("stops after 20 pages per call and continues from the next page with the cursor", async () => {
    const feed = pagedFeed(25, 1);
    const call = await start({ listNotificationsPage: feed.listNotificationsPage });
    const first = outputOf<typeof listNotificationsTool>(await call({ contentType: "Audit.Exchange" }));
    expect(first.count).toBe(20);
    expect(feed.requests).toHaveLength(20);
    expect(first.notes?.join(" ")).toMatch(/Stopped after 20 pages; call again with cursor=nextCursor/);
    expect(first.nextCursor).toBeDefined();
    const rest = outputOf<typeof listNotificationsTool>(
      await call({ contentType: "Audit.Exchange", cursor: first.nextCursor }),
    );
    expect([...first.notifications, ...rest.notifications].map((n) => n.contentId)).toEqual(
      Array.from({ length: 25 }, (_, i) => `blob${i}$x`),
    );
    expect(rest.nextCursor).toBeUndefined();
  });

  it("cuts at the output budget", async () => {
    const feed = pagedFeed(50, 50);
    const call = await start({ listNotificationsPage: feed.listNotificationsPage }, 3000);
    const out = outputOf<typeof listNotificationsTool>(await call({ contentType: "Audit.Exchange" }));
    expect(out.count).toBeGreaterThan(0);
    expect(out.count).toBeLessThan(50);
    expect(out.nextCursor).toBeDefined();
    expect(out.notes?.join(" ")).toMatch(/output budget/);
  });

  it("passes a window through", async () => {
    const feed = pagedFeed(1, 3);
    const call = await start({ listNotificationsPage: feed.listNotificationsPage });
    await call({
      contentType: "DLP.All",
      startTime: "2026-11-26T00:00:00Z",
      endTime: "2026-11-26T10:00:00Z",
    });
    expect(feed.requests[0]).toMatchObject({
      contentType: "DLP.All",
      startTime: "2026-11-26T00:00:00Z",
      endTime: "2026-11-26T10:00:00Z",
    });
  });

  it("says why the list is empty", async () => {
    const call = await start({ listNotificationsPage: async () => ({ items: [] }) });
    const result = await call({ contentType: "Audit.General" });
    expect(outputOf<typeof listNotificationsTool>(result).count).toBe(0);
    expect(text(result)).toContain("the subscription has no webhook");
  });

  it.each([
    [
      { contentType: "Audit.Nope" },
      /Unknown content type[\s\S]*Hint: Use one of: Audit.AzureActiveDirectory/,
    ],
    [{ contentType: "Audit.Exchange", startTime: "2026-11-26T00:00:00Z" }, /must be given together/],
    [
      { contentType: "Audit.Exchange", startTime: "2026-11-24T00:00:00Z", endTime: "2026-11-26T00:00:00Z" },
      /more than 24 hours apart/,
    ],
    [
      { contentType: "Audit.Exchange", startTime: "2026-11-10T00:00:00Z", endTime: "2026-11-10T12:00:00Z" },
      /more than 7 days in the past/,
    ],
    [{ contentType: "Audit.Exchange", cursor: "garbage!" }, /INVALID_CURSOR/],
    [{ contentType: "Audit.Exchange", limit: 0 }, /limit/],
  ])("refuses bad input %j with what to fix", async (args, message) => {
    const feed = pagedFeed(1, 3);
    const call = await start({ listNotificationsPage: feed.listNotificationsPage });
    const result = await call(args);
    expect(result).toBeToolResult({ isError: true });
    expect(text(result)).toMatch(message);
    expect(feed.requests).toHaveLength(0);
  });

  it("refuses a cursor minted for another content type", async () => {
    const feed = pagedFeed(7, 3);
    const call = await start({ listNotificationsPage: feed.listNotificationsPage });
    const first = outputOf<typeof listNotificationsTool>(
      await call({ contentType: "Audit.Exchange", limit: 2 }),
    );
    const result = await call({ contentType: "Audit.SharePoint", cursor: first.nextCursor });
    expect(result).toBeToolResult({ isError: true });
    expect(text(result)).toMatch(/issued for another contentType or window/);
  });

  it("shows AF20022 with its hint when the type is not subscribed", async () => {
    const call = await start({
      listNotificationsPage: async () => {
        throw new O365Error({
          api: "management",
          status: 400,
          code: "AF20022",
          message: "No subscription found for the specified content type.",
          hint: "Start a subscription for this content type with start_subscription.",
        });
      },
    });
    const result = await call({ contentType: "Audit.General" });
    expect(result).toBeToolResult({ isError: true });
    expect(text(result)).toMatch(/AF20022[\s\S]*start_subscription/);
  });
});
