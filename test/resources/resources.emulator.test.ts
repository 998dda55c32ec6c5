// Resources against the emulator tenant: live subscription state before and after start/stop.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ emulator: { subscribed: ["Audit.Exchange"] } });
});
afterAll(() => h?.close());

async function read(uri: string) {
  const content = (await h.client.readResource({ uri })).contents[0];
  return JSON.parse("text" in content ? String(content.text) : "");
}

describe("resources (emulator)", () => {
  it("reads live subscription state and follows start/stop with updated notifications", async () => {
    const before = await read("o365://subscriptions");
    const status = (body: { subscriptions: { contentType: string; status: string }[] }, ct: string) =>
      body.subscriptions.find((s) => s.contentType === ct)?.status;
    expect(status(before, "Audit.Exchange")).toBe("enabled");
    expect(status(before, "Audit.General")).toBe("notSubscribed");

    await h.client.subscribeResource({ uri: "o365://subscriptions/Audit.General" });
    const started = await h.call("start_subscription", { contentType: "Audit.General" });
    expect(started).toBeToolResult();
    await expect.poll(() => h.updatedUris).toContain("o365://subscriptions/Audit.General");
    expect((await read("o365://subscriptions/audit.general")).status).toBe("enabled");

    await h.client.unsubscribeResource({ uri: "o365://subscriptions/Audit.General" });
    h.updatedUris.length = 0;
    const stopped = await h.call("stop_subscription", { contentType: "Audit.General", confirm: true });
    expect(stopped).toBeToolResult();
    expect((await read("o365://subscriptions/Audit.General")).status).toBe("disabled");
    expect(h.updatedUris).toEqual([]);
  });

  it("shows the effective endpoints without the emulator's client secret", async () => {
    const content = (await h.client.readResource({ uri: "o365://config" })).contents[0];
    const text = "text" in content ? String(content.text) : "";
    expect(text).not.toContain(h.emu.clientSecret);
    expect(JSON.parse(text).endpoints.managementUrl).toBe(h.emu.managementUrl);
  });
});
