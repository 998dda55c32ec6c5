// Turns ToolDefinitions into McpServer tools (design.md section 6): read-only mode hides every tool whose
// annotations say it changes the tenant; each call gets a ToolContext, its result is rendered
// (structuredContent + compact text) or becomes an isError result, and one audit line is written.
import type { CallToolResult, McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { ServerDeps } from "../deps.js";
import { errorResultText } from "../shape/fence.js";
import { renderText } from "../shape/text.js";
import { auditArgs, writeAuditLine } from "./audit-log.js";
import { listedInputSchema, listedOutputSchema } from "./listed-schema.js";
import { type CallExtra, createToolContext, type ToolHooks } from "./tool-context.js";
import type { ToolDefinition } from "./tool-definition.js";
import { errorCodeOf, errorText, redactResult } from "./tool-result.js";

/** Registers `tools` (minus the ones read-only mode hides); returns the names registered. */
export function registerTools(
  server: McpServer,
  deps: ServerDeps,
  tools: ToolDefinition[],
  hooks: ToolHooks,
): string[] {
  const registered: string[] = [];
  for (const def of tools) {
    if (deps.config.readOnly && !def.annotations.readOnlyHint) continue;
    server.registerTool(
      def.name,
      {
        title: def.title,
        description: def.description,
        inputSchema: listedInputSchema(z.object(def.input)),
        // Text-only results declare no output schema: a declared one obliges structuredContent (MCP).
        ...(deps.config.resultContent === "text"
          ? {}
          : { outputSchema: listedOutputSchema(z.object(def.output)) }),
        // The title is said once, at the top level (MCP 2025-06-18), not again in the annotations.
        annotations: def.annotations,
      },
      (args: Record<string, unknown>, extra: CallExtra) => runTool(server, deps, def, args, extra, hooks),
    );
    registered.push(def.name);
  }
  return registered;
}

export async function runTool(
  server: McpServer,
  deps: ServerDeps,
  def: ToolDefinition,
  args: Record<string, unknown>,
  extra: CallExtra,
  hooks: ToolHooks,
): Promise<CallToolResult> {
  const started = Date.now();
  const call = createToolContext(server, deps, extra, hooks);
  let result: CallToolResult;
  let errorCode: string | undefined;
  try {
    const output = await def.handler(args, call.ctx);
    hooks.onOutput?.(def.name, output);
    const text = renderText(def.render(output), output);
    result =
      deps.config.resultContent === "text"
        ? { content: [{ type: "text", text }] }
        : { structuredContent: output, content: [{ type: "text", text }] };
  } catch (error) {
    errorCode = errorCodeOf(error);
    result = {
      isError: true,
      content: [{ type: "text", text: errorResultText(errorText(def.name, error)) }],
    };
  } finally {
    call.finish();
  }
  result = redactResult(result, deps.config);
  await writeAuditLine(deps, {
    time: new Date(started).toISOString(),
    tool: def.name,
    args: auditArgs(args) as Record<string, unknown>,
    outcome: errorCode === undefined ? "ok" : "error",
    ...(errorCode === undefined ? {} : { errorCode }),
    durationMs: Date.now() - started,
    apiRequests: call.apiRequests(),
  });
  return result;
}
