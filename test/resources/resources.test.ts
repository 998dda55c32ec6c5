import type { Client } from "@modelcontextprotocol/client";
import { afterEach, describe, expect, it } from "vitest";
import { O365Error } from "../../src/errors.js";
import type { ManagementClient, Subscription } from "../../src/management/types.js";
import { createServer } from "../../src/server.js";
import { connectClient, FAKE_SECRET, fakeDeps } from "../helpers/fake-deps.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A tenant whose subscription list changes with start/stop, like the real one. */
function tenantManagement(initial: Subscription[]): Partial<ManagementClient> {
  const subs = [...initial];
  return {
    listSubscriptions: async () => subs.map((s) => ({ ...s })),
    startSubscription: async (contentType) => {
      const sub = { contentType, status: "enabled", webhook: null };
      const i = subs.findIndex((s) => s.contentType === contentType);
      if (i >= 0) subs[i] = sub;
      else subs.push(sub);
      return { subscription: sub, alreadyEnabled: false };
    },
    stopSubscription: async (contentType) => {
      const s = subs.find((x) => x.contentType === contentType);
      if (s) s.status = "disabled";
    },
  };
}

async function start(management: Partial<ManagementClient>) {
  const deps = fakeDeps({ management });
  const created = createServer(deps);
  const client = await connectClient(created.server);
  const updated: string[] = [];
  client.setNotificationHandler("notifications/resources/updated", (n) => {
    updated.push(n.params.uri);
  });
  closers.push(async () => {
    await client.close();
    await created.close();
  });
  return { client, updated };
}

async function readJson(client: Client, uri: string) {
  const result = await client.readResource({ uri });
  expect(result.contents[0]).toMatchObject({ uri, mimeType: "application/json" });
  const content = result.contents[0];
  return JSON.parse("text" in content ? String(content.text) : "");
}

const EXCHANGE: Subscription = {
  contentType: "Audit.Exchange",
  status: "enabled",
  webhook: { status: "enabled", address: "https://hooks.example/o365", authId: "x", expiration: null },
};
const SHAREPOINT: Subscription = { contentType: "Audit.SharePoint", status: "disabled", webhook: null };

describe("resources", () => {
  it("lists the fixed resources and the five subscription URIs of the template", async () => {
    const { client } = await start(tenantManagement([]));
    const uris = (await client.listResources()).resources.map((r) => r.uri);
    expect(uris).toEqual(
      expect.arrayContaining([
        "o365://subscriptions",
        "o365://reference/content-types",
        "o365://reference/record-types",
        "o365://reference/message-trace-status",
        "o365://reference/result-status",
        "o365://config",
        "o365://subscriptions/Audit.AzureActiveDirectory",
        "o365://subscriptions/DLP.All",
      ]),
    );
    const templates = (await client.listResourceTemplates()).resourceTemplates;
    expect(templates).toContainEqual(
      expect.objectContaining({ uriTemplate: "o365://subscriptions/{contentType}" }),
    );
  });

  it("shows every content type in o365://subscriptions, never-subscribed ones as notSubscribed", async () => {
    const { client } = await start(tenantManagement([EXCHANGE, SHAREPOINT]));
    const body = await readJson(client, "o365://subscriptions");
    const states = Object.fromEntries(
      body.subscriptions.map((s: { contentType: string; status: string }) => [s.contentType, s]),
    );
    expect(Object.keys(states)).toHaveLength(5);
    expect(states["Audit.Exchange"]).toMatchObject({
      status: "enabled",
      webhook: { address: "https://hooks.example/o365" },
    });
    expect(states["Audit.SharePoint"]).toMatchObject({ status: "disabled", webhook: null });
    expect(states["DLP.All"]).toMatchObject({ status: "notSubscribed", webhook: null });
  });

  it("reads one content type through the template, case-insensitively", async () => {
    const { client } = await start(tenantManagement([EXCHANGE]));
    const body = await readJson(client, "o365://subscriptions/audit.exchange");
    expect(body).toMatchObject({ contentType: "Audit.Exchange", status: "enabled" });
  });

  it("refuses an unknown content type in the template, listing the valid ones", async () => {
    const { client } = await start(tenantManagement([]));
    await expect(client.readResource({ uri: "o365://subscriptions/Audit.Nope" })).rejects.toThrow(
      /Unknown content type "Audit.Nope".*Audit.AzureActiveDirectory/,
    );
  });

  it("turns an API failure into a read error carrying the hint", async () => {
    const { client } = await start({
      listSubscriptions: async () => {
        throw new O365Error({
          api: "management",
          status: 403,
          code: "AF10001",
          message:
            "The permission set () sent in the request did not include the expected permission ActivityFeed.Read.",
          hint: "Grant ActivityFeed.Read and admin consent.",
        });
      },
    });
    await expect(client.readResource({ uri: "o365://subscriptions" })).rejects.toThrow(
      /AF10001.*\n?.*Hint: Grant ActivityFeed.Read/s,
    );
  });

  it("completes the contentType of the template by case-insensitive prefix", async () => {
    const { client } = await start(tenantManagement([]));
    const result = await client.complete({
      ref: { type: "ref/resource", uri: "o365://subscriptions/{contentType}" },
      argument: { name: "contentType", value: "audit.s" },
    });
    expect(result.completion.values).toEqual(["Audit.SharePoint"]);
    const all = await client.complete({
      ref: { type: "ref/resource", uri: "o365://subscriptions/{contentType}" },
      argument: { name: "contentType", value: "" },
    });
    expect(all.completion.values).toHaveLength(5);
  });

  it("serves the references: content types, record types and message-trace statuses", async () => {
    const { client } = await start(tenantManagement([]));
    const ct = await readJson(client, "o365://reference/content-types");
    expect(ct.contentTypes).toHaveLength(5);
    expect(ct.contentTypes).toContainEqual(
      expect.objectContaining({
        contentType: "DLP.All",
        permission: "ActivityFeed.Read and ActivityFeed.ReadDlp",
      }),
    );
    const rt = await readJson(client, "o365://reference/record-types");
    expect(rt.recordTypes).toContainEqual({
      value: 50,
      name: expect.stringMatching(/ExchangeItemAggregated/),
      workload: "Exchange",
    });
    expect(rt.recordTypes).toContainEqual(
      expect.objectContaining({ value: 15, name: "AzureActiveDirectoryStsLogon" }),
    );
    const st = await readJson(client, "o365://reference/message-trace-status");
    expect(st.statuses).toHaveLength(9);
    expect(st.statuses).toContainEqual(
      expect.objectContaining({ status: "Recalled", graphValue: "recalled" }),
    );
    expect(st.statuses).toContainEqual(
      expect.objectContaining({
        status: "FilteredAsSpam",
        graphValue: "filteredAsSpam",
        meaning: expect.stringContaining("spam"),
      }),
    );
    expect(st.statuses).toContainEqual(expect.objectContaining({ status: "None", graphValue: null }));
    const rs = await readJson(client, "o365://reference/result-status");
    expect(rs.summary).toContain("HTTP operation");
    expect(rs.signIns).toContain("ErrorNumber");
    expect(rs.signIns).toContain('resultStatus ["Failed"] finds failed sign-ins');
  });

  it("shows the effective config without the secret", async () => {
    const { client } = await start(tenantManagement([]));
    const result = await client.readResource({ uri: "o365://config" });
    const text = "text" in result.contents[0] ? String(result.contents[0].text) : "";
    expect(text).not.toContain(FAKE_SECRET);
    const body = JSON.parse(text);
    expect(body).toMatchObject({ tenantId: "11111111-2222-3333-4444-555555555555", clientSecret: "[set]" });
    expect(body.endpoints.managementUrl).toBe("https://127.0.0.1:2");
  });
});

describe("resource subscriptions", () => {
  it("accepts subscriptions to any URI, including ones it does not serve", async () => {
    const { client } = await start(tenantManagement([]));
    await expect(client.subscribeResource({ uri: "test://watched-resource" })).resolves.toEqual({});
    await expect(client.unsubscribeResource({ uri: "test://watched-resource" })).resolves.toEqual({});
  });

  it("notifies subscribers after start_subscription and stop_subscription, and stops after unsubscribe", async () => {
    const { client, updated } = await start(tenantManagement([]));
    await client.subscribeResource({ uri: "o365://subscriptions" });
    await client.subscribeResource({ uri: "o365://subscriptions/Audit.General" });

    const started = await client.callTool({
      name: "start_subscription",
      arguments: { contentType: "Audit.General" },
    });
    expect(started).toBeToolResult();
    await expect.poll(() => updated).toEqual(["o365://subscriptions", "o365://subscriptions/Audit.General"]);
    expect((await readJson(client, "o365://subscriptions/Audit.General")).status).toBe("enabled");

    await client.unsubscribeResource({ uri: "o365://subscriptions" });
    updated.length = 0;
    const stopped = await client.callTool({
      name: "stop_subscription",
      arguments: { contentType: "Audit.General", confirm: true },
    });
    expect(stopped).toBeToolResult();
    await expect.poll(() => updated).toEqual(["o365://subscriptions/Audit.General"]);

    // A start of another type notifies nobody: no one subscribed to it or to the list any more.
    updated.length = 0;
    await client.callTool({ name: "start_subscription", arguments: { contentType: "DLP.All" } });
    await new Promise((r) => setTimeout(r, 50));
    expect(updated).toEqual([]);
  });
});
