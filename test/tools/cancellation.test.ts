import { describe, expect, it } from "vitest";
import { startHarness } from "../helpers/harness.js";

describe("cancellation", () => {
  it("stops paging through content when the client cancels the call", async () => {
    const h = await startHarness({
      emulator: { contentPageSize: 2 },
      config: { outputBudgetBytes: 10_000_000 },
    });
    try {
      h.emu.control.setLatency(300, "management");
      h.emu.control.clearRequests();
      const controller = new AbortController();
      const call = h.client.callTool(
        { name: "list_available_content", arguments: { contentType: "Audit.Exchange" } },
        { signal: controller.signal },
      );
      setTimeout(() => controller.abort(), 700);
      await expect(call).rejects.toThrow();
      const atCancel = h.emu.control
        .requests()
        .filter((q) => q.path.endsWith("/subscriptions/content")).length;
      await new Promise((r) => setTimeout(r, 1500));
      const after = h.emu.control.requests().filter((q) => q.path.endsWith("/subscriptions/content")).length;
      // ~24 pages would follow without cancellation; at most the one in flight completes
      expect(after).toBeLessThanOrEqual(atCancel + 1);
      expect(after).toBeLessThan(10);
    } finally {
      await h.close();
    }
  });
});
