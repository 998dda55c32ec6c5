// Typed access to a result's structuredContent, with the type taken from the tool's output schema, so a test
// never carries its own copy of an output shape: `outputOf<typeof messageTrace>(result).rows`.
import type { ToolOutput } from "../../src/mcp/tool-definition.js";

export function outputOf<D>(result: object): ToolOutput<D> {
  return (result as { structuredContent?: unknown }).structuredContent as ToolOutput<D>;
}
