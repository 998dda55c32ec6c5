import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditLineSchema } from "../../src/mcp/audit-log.js";
import { startHarness } from "../helpers/harness.js";

describe("tool-call audit log against the emulator", () => {
  it("records each call with the real API request count and the error code of a failure", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "o365-audit-")), "calls.jsonl");
    const h = await startHarness({ config: { auditLog: file } });
    try {
      await h.call("list_available_content", { contentType: "Audit.Exchange" });
      await h.call("list_available_content", { contentType: "Audit.Nope" });
      const lines = readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .map((l) => auditLineSchema.parse(JSON.parse(l)));
      expect(lines.map((l) => [l.tool, l.outcome, l.errorCode])).toEqual([
        ["list_available_content", "ok", undefined],
        ["list_available_content", "error", "INVALID_CONTENT_TYPE"],
      ]);
      expect(lines[0].apiRequests).toBeGreaterThanOrEqual(1);
      expect(lines[0].args).toEqual({ contentType: "Audit.Exchange" });
      expect(readFileSync(file, "utf8")).not.toContain(h.emu.clientSecret);
    } finally {
      await h.close();
    }
  });
});

describe("every call is audited", () => {
  const readLines = (file: string) =>
    readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => auditLineSchema.parse(JSON.parse(l)));

  it("writes a line for invalid arguments, an unknown tool and a tool read-only mode hides", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "o365-audit-")), "calls.jsonl");
    const h = await startHarness({ config: { auditLog: file, readOnly: true } });
    try {
      expect(await h.call("list_subscriptions", { refrsh: true })).toBeToolResult({
        isError: true,
        text: "did you mean `refresh`?",
      });
      expect(await h.call("list_subscriptions", { refresh: "yes" })).toBeToolResult({ isError: true });
      await expect(h.call("list_subscriptons")).rejects.toMatchObject({
        code: -32602,
        message: expect.stringContaining(
          "Unknown tool `list_subscriptons`: did you mean `list_subscriptions`?",
        ),
      });
      await expect(
        h.call("stop_subscription", { contentType: "DLP.All", confirm: true }),
      ).rejects.toMatchObject({
        code: -32602,
        message: expect.stringContaining("read-only mode"),
      });
      await expect(h.call("constructor")).rejects.toMatchObject({ code: -32602 });
      expect(await h.call("list_subscriptions")).toBeToolResult();
      expect(readLines(file).map((l) => [l.tool, l.outcome, l.errorCode])).toEqual([
        ["list_subscriptions", "error", "INVALID_INPUT"],
        ["list_subscriptions", "error", "INVALID_INPUT"],
        ["list_subscriptons", "error", "UNKNOWN_TOOL"],
        ["stop_subscription", "error", "READ_ONLY"],
        ["constructor", "error", "UNKNOWN_TOOL"],
        ["list_subscriptions", "ok", undefined],
      ]);
      expect(readLines(file)[3].args).toEqual({ contentType: "DLP.All", confirm: true });
    } finally {
      await h.close();
    }
  });

  it("logs a call the client cancelled as cancelled, not as an internal error", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "o365-audit-")), "calls.jsonl");
    const h = await startHarness({ config: { auditLog: file, maxRetries: 0 } });
    try {
      h.emu.control.addFault({ route: "management", kind: "slow-body", slowMs: 3000, times: 1 });
      const abort = new AbortController();
      const call = h.client.callTool(
        { name: "list_subscriptions", arguments: { refresh: true } },
        { signal: abort.signal },
      );
      await expect.poll(() => h.emu.control.requests().some((q) => q.route === "management")).toBe(true);
      abort.abort("user pressed stop");
      await expect(call).rejects.toThrow();
      await expect.poll(() => (existsSync(file) ? readLines(file).length : 0), { timeout: 5000 }).toBe(1);
      expect(readLines(file)[0]).toMatchObject({
        tool: "list_subscriptions",
        outcome: "cancelled",
        errorCode: "CANCELLED",
      });
    } finally {
      await h.close();
    }
  });
});
