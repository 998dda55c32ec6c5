import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { startHarness } from "../helpers/harness.js";

describe("credential and permission errors reach the user with a fix", () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator({ quiet: true });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it("a wrong client secret gives AADSTS7000215 with the secret-value hint, and never echoes the secret", async () => {
    const wrong = "wrong-secret-Qx9~value-zz";
    const h = await startHarness({ emu, config: { clientSecret: wrong } });
    try {
      const r = await h.call("list_subscriptions");
      expect(r).toBeToolResult({ isError: true });
      const text = h.text(r);
      expect(text).toMatch(/7000215/);
      expect(text).toMatch(/Hint: .*secret value.*not.*(id|ID)/i);
      expect(JSON.stringify(r)).not.toContain(wrong);
      expect(h.stderr.join("\n")).not.toContain(wrong);
    } finally {
      await h.close();
    }
  });

  it("an app without ActivityFeed.Read gives AF10001 with the permission hint", async () => {
    const h = await startHarness({ emu, auth: "no-role" });
    try {
      const r = await h.call("list_subscriptions");
      expect(r).toBeToolResult({ isError: true, text: [/\[AF10001\]/, /Hint: .*ActivityFeed\.Read/] });
    } finally {
      await h.close();
    }
  });

  it("certificate credentials work end to end", async () => {
    const h = await startHarness({ emu, auth: "cert" });
    try {
      const r = await h.call("list_subscriptions");
      expect(r).toBeToolResult();
    } finally {
      await h.close();
    }
  });
});
