// Errors read once: what a client shows carries no transport prefix ("MCP error -32602:" was shown twice
// by SDK v1 clients, once from the server's text and once from the client) and never repeats itself.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function messageOf(run: () => Promise<unknown>): Promise<string> {
  try {
    const r = (await run()) as { isError?: boolean; content?: { text?: string }[] };
    return r.isError ? String(r.content?.[0]?.text) : "(no error)";
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

describe("error text", () => {
  it("has no transport prefix and says each thing once, on every error path", async () => {
    const cases: [string, () => Promise<unknown>, string][] = [
      [
        "unknown tool",
        () => h.call("list_subscription"),
        "Unknown tool `list_subscription`: did you mean `list_subscriptions`?",
      ],
      [
        "unknown argument",
        () => h.call("message_trace", { sender: "a@b.example" }),
        "did you mean `senderAddress`?",
      ],
      ["wrong type", () => h.call("list_subscriptions", { refresh: "yes" }), "refresh: "],
      ["tool failure", () => h.call("list_available_content", { contentType: "Audit.Nope" }), "Hint: "],
      ["missing resource", () => h.client.readResource({ uri: "o365://nope" }), "o365://nope"],
      ["missing prompt", () => h.client.getPrompt({ name: "nope" }), "nope"],
    ];
    for (const [label, run, expected] of cases) {
      const message = await messageOf(run);
      expect(message, label).toContain(expected);
      expect(message, label).not.toMatch(/MCP error/);
      expect(message.split(expected).length - 1, `${label} says it once: ${message}`).toBe(1);
    }
  });
});
