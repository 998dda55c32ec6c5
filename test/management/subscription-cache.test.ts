// The subscription list cache (up to 60 s old, start/stop refresh it): what a client sees from
// list_subscriptions, diagnose and the other tools, and how many subscriptions/list requests reach the
// (emulated) API.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withSubscriptionCache } from "../../src/management/subscription-cache.js";
import type { ManagementClient, Subscription } from "../../src/management/types.js";
import type { ToolOutput } from "../../src/mcp/tool-definition.js";
import type { listSubscriptions } from "../../tools/list_subscriptions.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";

type Listed = ToolOutput<typeof listSubscriptions>;

describe("list_subscriptions cache (emulator)", () => {
  let h: Harness;
  let clock = Date.now();
  const listRequests = () =>
    h.emu.control.requests().filter((r) => r.path.endsWith("/subscriptions/list")).length;
  const list = async (args: Record<string, unknown> = {}) => {
    const r = await h.call("list_subscriptions", args);
    expect(r).toBeToolResult();
    return outputOf<typeof listSubscriptions>(r);
  };
  const statusOf = (l: Listed, ct: string) => l.subscriptions.find((s) => s.contentType === ct)?.status;

  beforeAll(async () => {
    // A restart is listed at once here: the AF20023 linger after stop then start has its own tests.
    h = await startHarness({ now: () => new Date(clock), emulator: { restartLingerMs: 0 } });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => {
    h.emu.control.reset();
    clock = Date.now();
  });

  it("serves a second call within 60 s from the cache, without an API request", async () => {
    const first = await list({ refresh: true });
    h.emu.control.clearRequests();
    clock += 59_000;
    expect(await list()).toEqual(first);
    expect(listRequests()).toBe(0);
  });

  it("asks the API again once the list is older than 60 s", async () => {
    await list({ refresh: true });
    h.emu.control.clearRequests();
    clock += 61_000;
    await list();
    expect(listRequests()).toBe(1);
  });

  it("refresh: true forces a request even when the cache is fresh", async () => {
    await list();
    h.emu.control.clearRequests();
    await list({ refresh: true });
    expect(listRequests()).toBe(1);
  });

  it("stop_subscription and start_subscription invalidate it: the next list shows the new state", async () => {
    expect(statusOf(await list(), "Audit.Exchange")).toBe("enabled");
    const stopped = await h.call("stop_subscription", { contentType: "Audit.Exchange", confirm: true });
    expect(stopped).toBeToolResult();
    h.emu.control.clearRequests();
    expect(statusOf(await list(), "Audit.Exchange")).toBe("disabled");
    expect(listRequests()).toBe(1);

    const started = await h.call("start_subscription", { contentType: "Audit.Exchange" });
    expect(started).toBeToolResult();
    h.emu.control.clearRequests();
    expect(statusOf(await list(), "Audit.Exchange")).toBe("enabled");
    expect(listRequests()).toBe(1);
  });

  it("an admin's disable seen as AF20023 on a content listing invalidates it", async () => {
    expect(statusOf(await list(), "Audit.SharePoint")).toBe("enabled");
    h.emu.control.disableSubscription("Audit.SharePoint");
    const content = await h.call("list_available_content", { contentType: "Audit.SharePoint" });
    expect(h.text(content)).toContain("AF20023");
    expect(statusOf(await list(), "Audit.SharePoint")).toBe("disabled");
  });

  it("diagnose always reads the live list", async () => {
    await list();
    h.emu.control.clearRequests();
    const r = await h.call("diagnose");
    expect(r).toBeToolResult();
    // One for the subscription check, one raw request of the clock check (it reads the Date header).
    expect(listRequests()).toBe(2);
  });

  it("the description tells the model about the staleness and the refresh input", async () => {
    const tool = (await h.client.listTools()).tools.find((t) => t.name === "list_subscriptions");
    expect(tool?.description).toMatch(/up to 60 s old unless refresh: true/i);
    expect(tool?.inputSchema.properties).toHaveProperty("refresh");
  });
});

describe("withSubscriptionCache", () => {
  const subs: Subscription[] = [{ contentType: "Audit.Exchange", status: "enabled", webhook: null }];
  function fakeClient(): { client: ManagementClient; calls: () => number; release: () => void } {
    let calls = 0;
    let release = () => {};
    const client = {
      listSubscriptions: () => {
        calls += 1;
        return new Promise<Subscription[]>((resolve) => {
          release = () => resolve(subs);
        });
      },
    } as unknown as ManagementClient;
    return { client, calls: () => calls, release: () => release() };
  }

  it("concurrent callers share one in-flight request", async () => {
    const fake = fakeClient();
    const cache = withSubscriptionCache(fake.client);
    const a = cache.listSubscriptions();
    const b = cache.listSubscriptions();
    fake.release();
    expect(await a).toEqual(subs);
    expect(await b).toEqual(subs);
    expect(fake.calls()).toBe(1);
  });

  it("a caller that cancels stops waiting while the other still gets the list", async () => {
    const fake = fakeClient();
    const cache = withSubscriptionCache(fake.client);
    const abort = new AbortController();
    const a = cache.listSubscriptions({ signal: abort.signal });
    const b = cache.listSubscriptions();
    abort.abort();
    await expect(a).rejects.toMatchObject({ code: "CANCELLED" });
    fake.release();
    expect(await b).toEqual(subs);
  });

  it("a caller's edits to its list never reach the next caller", async () => {
    const fake = fakeClient();
    const cache = withSubscriptionCache(fake.client);
    const first = cache.listSubscriptions();
    fake.release();
    (await first)[0].status = "disabled";
    expect((await cache.listSubscriptions())[0].status).toBe("enabled");
    expect(fake.calls()).toBe(1);
  });

  it("a failed request is not cached", async () => {
    let calls = 0;
    const client = {
      listSubscriptions: async () => {
        calls += 1;
        if (calls === 1) throw new Error("boom");
        return subs;
      },
    } as unknown as ManagementClient;
    const cache = withSubscriptionCache(client);
    await expect(cache.listSubscriptions()).rejects.toThrow("boom");
    expect(await cache.listSubscriptions()).toEqual(subs);
    expect(calls).toBe(2);
  });
});
