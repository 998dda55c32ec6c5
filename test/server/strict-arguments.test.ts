// Unknown arguments are an error naming the closest real one, on every tool, through a real MCP client
// against the emulator (the demo tenant): a misspelt filter must never silently become "no filter".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers/harness.js";
import { type ToolArguments, validToolArguments } from "../helpers/tool-arguments.js";

let h: Harness;
let valid: ToolArguments;

beforeAll(async () => {
  h = await startHarness();
  valid = await validToolArguments(h);
});
afterAll(async () => {
  await h?.close();
});

/** A typo of `name` a model could make: a letter dropped from the middle. */
function typoOf(name: string): string {
  const at = Math.max(1, Math.floor(name.length / 2));
  return name.length > 3 ? name.slice(0, at) + name.slice(at + 1) : `${name}x`;
}

describe("strict tool arguments", () => {
  it("advertises additionalProperties: false on every tool", async () => {
    const { tools } = await h.client.listTools();
    expect(tools.length).toBeGreaterThan(5);
    for (const tool of tools) expect(tool.inputSchema.additionalProperties, tool.name).toBe(false);
  });

  it("answers a misspelt argument on every tool with an isError naming the closest argument, before any request", async () => {
    const { tools } = await h.client.listTools();
    for (const tool of tools) {
      const names = Object.keys(tool.inputSchema.properties ?? {});
      const real = names.find((n) => n.length > 3) ?? names[0];
      const args = { ...valid[tool.name] };
      const typo = real === undefined ? "verbose" : typoOf(real);
      if (real !== undefined) {
        args[typo] = args[real] ?? "x";
        delete args[real];
      } else args[typo] = true;
      h.emu.control.clearRequests();
      const r = await h.call(tool.name, args);
      const expected =
        real === undefined
          ? `unknown argument \`${typo}\` (this tool takes: no arguments)`
          : `unknown argument \`${typo}\`: did you mean \`${real}\`?`;
      expect(r, `${tool.name} ${JSON.stringify(args)}`).toBeToolResult({
        isError: true,
        text: [`[INVALID_INPUT] Invalid arguments for ${tool.name}: ${expected}`, "\nHint: "],
      });
      expect(
        h.emu.control.requests().filter((q) => q.route !== "token"),
        tool.name,
      ).toEqual([]);
    }
  });

  it("names senderAddress for message_trace {sender} instead of returning unrelated rows", async () => {
    const r = await h.call("message_trace", { sender: h.emu.incident.attackerSender });
    expect(r).toBeToolResult({
      isError: true,
      text: "unknown argument `sender`: did you mean `senderAddress`?",
    });
    expect(r.structuredContent).toBeUndefined();
  });

  it("names users for search_audit_log {user} instead of counting every record", async () => {
    const r = await h.call("search_audit_log", { user: h.emu.incident.compromisedUser });
    expect(r).toBeToolResult({ isError: true, text: "unknown argument `user`: did you mean `users`?" });
  });

  it("maps the legacy service's OData field names to the structured arguments", async () => {
    const r = await h.call("message_trace", {
      SenderAddress: "a@b.example",
      StartDate: "2026-11-01T00:00:00Z",
    });
    expect(r).toBeToolResult({
      isError: true,
      text: [
        "unknown argument `SenderAddress`: did you mean `senderAddress`?",
        "unknown argument `StartDate`: did you mean `startTime`?",
      ],
    });
  });

  it("says what replaces each raw OData option on the Graph backend", async () => {
    const r = await h.call("message_trace", {
      $top: 5,
      $filter: "SenderAddress eq 'a@b.example'",
      backend: "graph",
    });
    expect(r).toBeToolResult({
      isError: true,
      text: ["`$filter`: use senderAddress", "`$top`: use limit"],
    });
  });

  it("reports a wrong type with the argument's name, as a tool error and not a protocol error", async () => {
    const r = await h.call("list_available_content", { contentType: 5 });
    expect(r).toBeToolResult({
      isError: true,
      text: /^\[INVALID_INPUT\] Invalid arguments for list_available_content: contentType: /,
    });
    expect(h.text(r)).not.toMatch(/MCP error/);
  });
});
