import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { listSubscriptions } from "../../tools/list_subscriptions.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";

const ALL = ["Audit.AzureActiveDirectory", "Audit.Exchange", "Audit.SharePoint", "Audit.General", "DLP.All"];

describe("list_subscriptions / start_subscription / stop_subscription", () => {
  let h: Harness;
  beforeAll(async () => {
    // Several starts in a row: the start wait counted per content type here (start-plan tests cover per tenant).
    h = await startHarness({
      emulator: {
        subscribed: ["Audit.Exchange", "Audit.SharePoint", "DLP.All"],
        startThrottleScope: "contentType",
      },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("lists subscriptions and names the content types not subscribed", async () => {
    const r = await h.call("list_subscriptions");
    expect(r).toBeToolResult({
      text: [
        /^3 subscriptions \(3 enabled\), 2 content types not subscribed\./,
        "Not subscribed: Audit.General",
      ],
      structured: {
        subscriptions: [
          { contentType: "Audit.Exchange", status: "enabled" },
          { contentType: "Audit.SharePoint", status: "enabled" },
          { contentType: "DLP.All", status: "enabled" },
        ],
        notSubscribed: ["Audit.AzureActiveDirectory", "Audit.General"],
      },
    });
  });

  it("explains AF20022 for a content type without subscription", async () => {
    const r = await h.call("list_available_content", { contentType: "Audit.General" });
    expect(r).toBeToolResult({ isError: true, text: [/\[AF20022\]/, /Hint: .*start_subscription/] });
  });

  it("starts a subscription (case-insensitive type) and tells subscribed clients the resource changed", async () => {
    await h.client.subscribeResource({ uri: "o365://subscriptions" });
    const r = await h.call("start_subscription", { contentType: "audit.general" });
    expect(r).toBeToolResult({
      text: /12 hours/,
      structured: { contentType: "Audit.General", status: "enabled", alreadyEnabled: false },
    });
    await new Promise((res) => setTimeout(res, 20));
    expect(h.updatedUris).toContain("o365://subscriptions");
    const list = await h.call("list_subscriptions");
    expect(outputOf<typeof listSubscriptions>(list).notSubscribed).toEqual(["Audit.AzureActiveDirectory"]);
  });

  it("reports AF20024 (already enabled, no change) as success", async () => {
    const r = await h.call("start_subscription", { contentType: "Audit.Exchange" });
    expect(r).toBeToolResult({
      text: /already enabled.*AF20024/,
      structured: { contentType: "Audit.Exchange", alreadyEnabled: true, status: "enabled" },
    });
  });

  it("refuses a non-HTTPS webhook before calling the API", async () => {
    h.emu.control.clearRequests();
    const r = await h.call("start_subscription", {
      contentType: "Audit.SharePoint",
      webhook: { address: "http://hooks.example/o365" },
    });
    expect(r).toBeToolResult({ isError: true, text: /\[INVALID_WEBHOOK\] webhook.address must use HTTPS/ });
    expect(h.emu.control.requests().filter((q) => q.route === "management")).toEqual([]);
  });

  it("refuses an unknown content type naming the valid ones", async () => {
    const r = await h.call("start_subscription", { contentType: "Audit.Teams" });
    expect(r).toBeToolResult({ isError: true, text: [/Unknown content type "Audit.Teams"/, ...ALL] });
  });

  it("refuses to stop without elicitation unless confirm: true, and says how", async () => {
    h.emu.control.clearRequests();
    const r = await h.call("stop_subscription", { contentType: "DLP.All" });
    expect(r).toBeToolResult({
      isError: true,
      text: [
        "[CONFIRMATION_REQUIRED] stop_subscription loses DLP.All audit content for good, and this client cannot ask the user for confirmation.",
        "Hint: Ask the user whether to stop it; only if they say yes, call again with confirm: true.",
      ],
    });
    expect(h.emu.control.requests().some((q) => q.path.endsWith("/subscriptions/stop"))).toBe(false);
    const tool = (await h.client.listTools()).tools.find((t) => t.name === "stop_subscription");
    expect(tool?.description).toContain("must pass confirm: true");
  });

  it("stops a subscription with confirm: true (no elicitation support), then content answers AF20023", async () => {
    const r = await h.call("stop_subscription", { contentType: "DLP.All", confirm: true });
    expect(r).toBeToolResult({ structured: { contentType: "DLP.All", stopped: true } });
    const list = await h.call("list_subscriptions");
    const dlp = outputOf<typeof listSubscriptions>(list).subscriptions.find(
      (s) => s.contentType === "DLP.All",
    );
    expect(dlp?.status).toBe("disabled");
    const content = await h.call("list_available_content", { contentType: "DLP.All" });
    expect(content).toBeToolResult({ isError: true, text: [/\[AF20023\]/, /Hint: /] });
  });

  it("keeps serving after a run of bad calls", async () => {
    for (const args of [{}, { contentType: 42 }, { contentType: "nope" }]) {
      expect(await h.call("stop_subscription", args)).toBeToolResult({ isError: true });
    }
    expect(await h.call("list_subscriptions")).toBeToolResult();
  });
});

describe("stop_subscription with elicitation", () => {
  it("does nothing when the user declines", async () => {
    const h = await startHarness({
      clientCapabilities: { elicitation: {} },
      onElicit: () => ({ action: "decline" }),
    });
    try {
      h.emu.control.clearRequests();
      const r = await h.call("stop_subscription", { contentType: "Audit.Exchange" });
      expect(r).toBeToolResult({ structured: { contentType: "Audit.Exchange", stopped: false } });
      expect(h.elicitations[0]?.message).toMatch(/lost/);
      expect(h.emu.control.requests().some((q) => q.path.endsWith("/subscriptions/stop"))).toBe(false);
      const list = await h.call("list_subscriptions");
      const ex = outputOf<typeof listSubscriptions>(list).subscriptions.find(
        (s) => s.contentType === "Audit.Exchange",
      );
      expect(ex?.status).toBe("enabled");
    } finally {
      await h.close();
    }
  });

  it("reports a cancelled confirmation as cancelled, not as declined, and even confirm: true does not override it", async () => {
    const h = await startHarness({
      clientCapabilities: { elicitation: {} },
      onElicit: () => ({ action: "cancel" }),
    });
    try {
      h.emu.control.clearRequests();
      const r = await h.call("stop_subscription", { contentType: "Audit.Exchange", confirm: true });
      expect(r).toBeToolResult({
        structured: { stopped: false, notes: [expect.stringContaining("the confirmation was cancelled")] },
        text: "Not stopped: the confirmation was cancelled.",
      });
      expect(h.text(r)).not.toContain("declined");
      expect(h.emu.control.requests().some((q) => q.path.endsWith("/subscriptions/stop"))).toBe(false);
    } finally {
      await h.close();
    }
  });

  it("stops when the user confirms", async () => {
    const h = await startHarness({ clientCapabilities: { elicitation: {} } });
    try {
      const r = await h.call("stop_subscription", { contentType: "Audit.Exchange" });
      expect(r).toBeToolResult({ structured: { stopped: true } });
      expect(h.elicitations).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});

describe("read-only mode", () => {
  it("hides start_subscription and stop_subscription from tools/list and calls", async () => {
    const h = await startHarness({ config: { readOnly: true } });
    try {
      const names = (await h.client.listTools()).tools.map((t) => t.name);
      expect(names).toContain("list_subscriptions");
      expect(names).not.toContain("start_subscription");
      expect(names).not.toContain("stop_subscription");
      h.emu.control.clearRequests();
      // SDK v2 answers an unknown tool with a JSON-RPC error (-32602); v1 resolved an isError result.
      await expect(h.call("stop_subscription", { contentType: "Audit.Exchange" })).rejects.toMatchObject({
        code: -32602,
      });
      expect(h.emu.control.requests().some((q) => q.path.endsWith("/subscriptions/stop"))).toBe(false);
    } finally {
      await h.close();
    }
  });
});
