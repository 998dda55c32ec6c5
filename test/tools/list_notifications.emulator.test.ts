// list_notifications against the emulator: a subscription without webhook, and the subscription errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ emulator: { subscribed: ["Audit.Exchange", "Audit.SharePoint"] } });
});
afterAll(() => h?.close());

describe("list_notifications (emulator)", () => {
  it("returns no attempts for a subscription without webhook, and says what the tool is for", async () => {
    const result = await h.call("list_notifications", { contentType: "Audit.Exchange" });
    expect(result).toBeToolResult();
    expect(result.structuredContent).toMatchObject({
      contentType: "Audit.Exchange",
      count: 0,
      notifications: [],
    });
    expect(h.text(result)).toMatch(/for debugging webhooks/);
  });

  it("explains AF20022 for a type that is not subscribed", async () => {
    const result = await h.call("list_notifications", { contentType: "Audit.General" });
    expect(result).toBeToolResult({ isError: true, text: /AF20022[\s\S]*Hint:[\s\S]*start_subscription/ });
  });

  it("explains AF20023 for a disabled subscription", async () => {
    h.emu.control.disableSubscription("Audit.SharePoint");
    const result = await h.call("list_notifications", { contentType: "audit.sharepoint" });
    expect(result).toBeToolResult({ isError: true, text: /AF20023[\s\S]*Hint:/ });
  });
});
