import { mkdtempSync, readFileSync } from "node:fs";
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
