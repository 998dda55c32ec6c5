import { describe, expect, it } from "vitest";
import type { ToolResultLike } from "./tool-result-matcher.js";

const ok: ToolResultLike = {
  content: [{ type: "text", text: "3 rows from graph\nalice@contoso.example Delivered" }],
  structuredContent: {
    backend: "graph",
    rows: [
      { recipientAddress: "alice@contoso.example", status: "Delivered", size: 1200 },
      { recipientAddress: "bob@contoso.example", status: "Failed", size: 800 },
    ],
    nextCursor: "c1",
  },
};
const failed: ToolResultLike = {
  isError: true,
  content: [{ type: "text", text: "AF20022: no subscription" }],
};

/** The message a failing assertion throws, or "" when it passed. */
function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (e) {
    return (e as Error).message;
  }
  return "";
}

describe("toBeToolResult", () => {
  it("passes on a successful result whose text and structured subset match", () => {
    expect(ok).toBeToolResult();
    expect(ok).toBeToolResult({ text: "3 rows" });
    expect(ok).toBeToolResult({ text: /^\d+ rows from graph/ });
    expect(ok).toBeToolResult({ text: ["alice@contoso.example", /Deliver(ed)?/] });
    expect(ok).toBeToolResult({
      structured: {
        backend: "graph",
        rows: [{ status: "Delivered" }, { recipientAddress: expect.stringMatching(/^bob@/) }],
      },
    });
  });

  it("passes on an error result only when isError: true is asked for", () => {
    expect(failed).toBeToolResult({ isError: true, text: "AF20022" });
    expect(failureOf(() => expect(failed).toBeToolResult({ text: "AF20022" }))).toMatch(
      /expected success, got isError: true/,
    );
    expect(failureOf(() => expect(ok).toBeToolResult({ isError: true }))).toMatch(/expected an error result/);
  });

  it("fails on missing text and shows the actual text", () => {
    const message = failureOf(() => expect(ok).toBeToolResult({ text: ["3 rows", "carol@", /Quarantined/] }));
    expect(message).toContain('text does not contain "carol@"');
    expect(message).toContain("text does not contain /Quarantined/");
    expect(message).not.toContain('text does not contain "3 rows"');
    expect(message).toContain("alice@contoso.example Delivered");
  });

  it("shows at most about 2 KB of a long text", () => {
    const long: ToolResultLike = { content: [{ type: "text", text: `${"x".repeat(5000)}TAIL` }] };
    const message = failureOf(() => expect(long).toBeToolResult({ text: "absent" }));
    expect(message).toContain("x".repeat(2048));
    expect(message).not.toContain("TAIL");
    expect(message).toContain("5004 chars");
  });

  it("fails on a structured mismatch with a diff of the asserted fields", () => {
    const message = failureOf(() =>
      expect(ok).toBeToolResult({ structured: { backend: "legacy", rows: [{ status: "Delivered" }] } }),
    );
    expect(message).toContain("structuredContent does not match");
    expect(message).toMatch(/-\s+"backend": "legacy"/);
    expect(message).toMatch(/\+\s+"backend": "graph"/);
    // Fields the test did not assert stay out of the diff.
    expect(message).not.toContain("nextCursor");
    expect(failureOf(() => expect(ok).toBeToolResult({ structured: { rows: [] } }))).toContain(
      "structuredContent does not match",
    );
    expect(failureOf(() => expect(failed).toBeToolResult({ isError: true, structured: {} }))).toContain(
      "structuredContent does not match",
    );
  });

  it("fails on anything that is not a tools/call result", () => {
    expect(failureOf(() => expect({ isError: false }).toBeToolResult())).toMatch(
      /expected a tools\/call result/,
    );
    expect(failureOf(() => expect(undefined).toBeToolResult())).toMatch(/expected a tools\/call result/);
  });

  it("can be negated", () => {
    expect(ok).not.toBeToolResult({ text: "carol@" });
    expect(failed).not.toBeToolResult();
    expect(failureOf(() => expect(ok).not.toBeToolResult({ text: "3 rows" }))).toMatch(/not to match/);
  });
});
