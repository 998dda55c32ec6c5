// What the model sees on the demo tenant, through a real MCP client against the emulator over HTTPS: the
// evidence survives in the text (clients that show only text must not lose it), and the text keeps its
// budget with no alignment padding.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { searchAuditLog } from "../../tools/search_audit_log.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe("search_audit_log text on the demo incident", () => {
  it("shows the inbox rule's forwarding address whole with fields: [Parameters]", async () => {
    const { compromisedUser, inboxRuleName } = h.emu.incident;
    const r = await h.call("search_audit_log", {
      users: [compromisedUser],
      operations: ["New-InboxRule"],
      fields: ["Parameters"],
    });
    expect(r).toBeToolResult();
    const [rule] = outputOf<typeof searchAuditLog>(r).matches;
    const params = rule.Parameters as { Name: string; Value: string }[];
    expect(params.find((p) => p.Name === "Name")?.Value).toBe(inboxRuleName);
    const forwardTo = params.find((p) => p.Name === "ForwardTo")?.Value;
    expect(forwardTo).toMatch(/@/);
    const text = h.text(r);
    expect(text).toContain(`{"Name":"ForwardTo","Value":"${forwardTo}"}`);
    // the whole parameter list, up to its last entry, and no cut marker anywhere
    expect(text).toContain(JSON.stringify(params));
    expect(text).not.toMatch(/…\[\+\d+ chars\]/);
  });

  it("keeps search_audit_log {} within the output budget, without alignment padding", async () => {
    const r = await h.call("search_audit_log", {});
    expect(r).toBeToolResult();
    const text = h.text(r);
    expect(outputOf<typeof searchAuditLog>(r).matches.length).toBeGreaterThan(10);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(h.config.outputBudgetBytes);
    expect(text).not.toMatch(/\S {2,}\S/);
  });

  it("keeps a 500-record page within a small budget, cut at a record boundary with a cursor", async () => {
    const small = await startHarness({ emu: h.emu, config: { outputBudgetBytes: 6000 } });
    try {
      const r = await small.call("search_audit_log", { limit: 500, fields: ["*"] });
      expect(r).toBeToolResult();
      const out = outputOf<typeof searchAuditLog>(r);
      expect(out.nextCursor).toBeTruthy();
      expect(Buffer.byteLength(small.text(r))).toBeLessThanOrEqual(6000);
      expect(small.text(r)).toMatch(/stopped at the output budget/);
    } finally {
      await small.close();
    }
  });

  it("says a constant value once: Workload and RecordType of an Exchange-admin search", async () => {
    const r = await h.call("search_audit_log", {
      operations: ["New-InboxRule", "Set-Mailbox", "Add-MailboxPermission"],
    });
    const out = outputOf<typeof searchAuditLog>(r);
    expect(out.matches.length).toBeGreaterThanOrEqual(3);
    expect(new Set(out.matches.map((m) => m.Workload))).toEqual(new Set(["Exchange"]));
    const text = h.text(r);
    expect(text).toMatch(/^every row: .*Workload=Exchange/m);
    expect(text.match(/Workload=Exchange/g)).toHaveLength(1);
  });

  it("carries text only with resultContent: text, in at most half the bytes of both, with the same evidence", async () => {
    const textOnly = await startHarness({ emu: h.emu, config: { resultContent: "text" } });
    try {
      const tools = (await textOnly.client.listTools()).tools;
      expect(tools.length).toBeGreaterThan(5);
      for (const tool of tools) expect(tool.outputSchema, tool.name).toBeUndefined();
      const args = { users: [h.emu.incident.compromisedUser], operations: ["New-InboxRule"] };
      const both = await h.call("search_audit_log", args);
      const only = await textOnly.call("search_audit_log", args);
      expect(only.isError).toBeFalsy();
      expect(only.structuredContent).toBeUndefined();
      expect(textOnly.text(only)).toContain("ForwardTo=");
      const bytes = (r: typeof both) => Buffer.byteLength(JSON.stringify(r));
      expect(bytes(only) * 2).toBeLessThanOrEqual(bytes(both));
    } finally {
      await textOnly.close();
    }
  });
});
