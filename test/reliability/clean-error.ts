// What a "clean" tool error looks like to a client: our `[CODE] message` + `Hint:` text, or the SDK's own
// input-validation error (-32602) for arguments that do not match the schema; never a stack trace or [INTERNAL].
import type { CallToolResult } from "@modelcontextprotocol/server";

const OURS = /^\[[A-Za-z0-9_]+\] [^\n]+[\s\S]*\nHint: \S/;
// SDK v1 prefixed the text with "MCP error -32602: "; v2 sends the message alone. Our tools validate their own
// arguments (src/mcp/tool-input.ts), so this only matches servers built on the SDK's validation.
export const SDK_VALIDATION = /^(MCP error -32602: )?Input validation error: /;

/** Undefined when `r` is a clean error result; otherwise what is wrong with it. */
export function uncleanError(r: CallToolResult): string | undefined {
  const first = r.content[0];
  const text = first?.type === "text" ? first.text : "";
  if (r.isError !== true) return `not an error result: ${text.slice(0, 300)}`;
  if (/^\[INTERNAL\]/.test(text)) return `internal failure: ${text.slice(0, 300)}`;
  if (/\n\s+at \S+ \(|node:internal/.test(text)) return `stack trace in the result: ${text.slice(0, 300)}`;
  if (!OURS.test(text) && !SDK_VALIDATION.test(text)) return `unexpected error text: ${text.slice(0, 300)}`;
  return undefined;
}
