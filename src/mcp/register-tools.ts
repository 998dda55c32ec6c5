// Turns ToolDefinitions into McpServer tools (design.md section 6): read-only mode hides every tool whose
// annotations say it changes the tenant; each call gets a ToolContext, its arguments are checked strictly,
// its result is rendered (structuredContent + compact text) or becomes an isError result, and one audit
// line is written for every call, including unknown and hidden tools.
import {
  type CallToolResult,
  type McpServer,
  ProtocolError,
  ProtocolErrorCode,
} from "@modelcontextprotocol/server";
import { z } from "zod";
import { redactorFor, redactValue } from "../config/secret-redaction.js";
import type { ServerDeps } from "../deps.js";
import { errorResultText } from "../shape/fence.js";
import { renderText } from "../shape/text.js";
import { type AuditOutcome, auditArgs, writeAuditLine } from "./audit-log.js";
import { closestName } from "./did-you-mean.js";
import { listedOutputSchema } from "./listed-schema.js";
import { precomputeToolList } from "./precomputed-tool-list.js";
import { type CallExtra, createToolContext, type ToolHooks } from "./tool-context.js";
import type { ToolDefinition } from "./tool-definition.js";
import { advertisedInput, parseToolArguments, shown } from "./tool-input.js";
import { errorCodeOf, errorText, isCancellation } from "./tool-result.js";

/** Registers `tools` (minus the ones read-only mode hides); returns the names registered. */
export function registerTools(
  server: McpServer,
  deps: ServerDeps,
  tools: ToolDefinition[],
  hooks: ToolHooks,
): string[] {
  const registered: string[] = [];
  const hidden: string[] = [];
  for (const def of tools) {
    if (deps.config.readOnly && !def.annotations.readOnlyHint) {
      hidden.push(def.name);
      continue;
    }
    server.registerTool(
      def.name,
      {
        title: def.title,
        description: def.description,
        // Strict (additionalProperties: false), with no $schema URL in the catalogue.
        inputSchema: advertisedInput(def.input),
        // Text-only results declare no output schema: a declared one obliges structuredContent (MCP).
        ...(deps.config.resultContent === "text"
          ? {}
          : { outputSchema: listedOutputSchema(z.object(def.output)) }),
        // The title is said once, at the top level (MCP 2025-06-18), not again in the annotations.
        annotations: def.annotations,
      },
      (args: unknown, extra: CallExtra) => runTool(server, deps, def, args, extra, hooks),
    );
    registered.push(def.name);
  }
  auditRefusedCalls(server, deps, registered, hidden);
  precomputeToolList(server);
  return registered;
}

type ToolsCallHandler = (
  request: { params: { name: string; arguments?: unknown } },
  ctx: unknown,
) => Promise<unknown>;

/**
 * Calls the SDK answers itself (an unknown tool, a tool read-only mode hides) never reach a tool callback:
 * this wraps the SDK's tools/call handler so they are audited too, and says what to call instead.
 */
function auditRefusedCalls(
  server: McpServer,
  deps: ServerDeps,
  registered: string[],
  hidden: string[],
): void {
  const low = server.server as unknown as {
    _getRequestHandler(method: string): ToolsCallHandler | undefined;
  };
  const sdkCall = low._getRequestHandler?.("tools/call");
  if (!sdkCall) return;
  server.server.setRequestHandler("tools/call", async (request, ctx) => {
    const name = request.params.name;
    const refused = (outcome: AuditOutcome, errorCode: string) =>
      writeAuditLine(deps, {
        time: new Date().toISOString(),
        tool: shown(name),
        args: auditArgs(request.params.arguments ?? {}) as Record<string, unknown>,
        outcome,
        errorCode,
        durationMs: 0,
        apiRequests: 0,
      });
    if (hidden.includes(name)) {
      await refused("error", "READ_ONLY");
      // Hidden tools are not listed, so to the client they do not exist: the same protocol error as an
      // unknown tool, saying why.
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Tool ${name} is disabled: it changes the tenant and this server runs in read-only mode (O365_READ_ONLY). Read-only tools: ${registered.join(", ")}.`,
      );
    }
    try {
      return (await sdkCall(request, ctx)) as CallToolResult;
    } catch (error) {
      if (!(error instanceof ProtocolError) || error.code !== ProtocolErrorCode.InvalidParams) throw error;
      await refused("error", "UNKNOWN_TOOL");
      const near = closestName(name, registered);
      // A protocol error, as the spec's own example for an unknown tool (mcp-notes.md 1.3).
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Unknown tool \`${shown(name)}\`${near ? `: did you mean \`${near}\`?` : "."} Tools: ${registered.join(", ")}.`,
      );
    }
  });
}

export async function runTool(
  server: McpServer,
  deps: ServerDeps,
  def: ToolDefinition,
  rawArgs: unknown,
  extra: CallExtra,
  hooks: ToolHooks,
): Promise<CallToolResult> {
  const started = Date.now();
  const call = createToolContext(server, deps, extra, hooks);
  let result: CallToolResult;
  let errorCode: string | undefined;
  let outcome: AuditOutcome = "ok";
  try {
    const args = parseToolArguments(def.name, def.input, rawArgs);
    const output = await def.handler(args, call.ctx);
    hooks.onOutput?.(def.name, output);
    const text = renderText(def.render(output), output);
    result =
      deps.config.resultContent === "text"
        ? { content: [{ type: "text", text }] }
        : { structuredContent: output, content: [{ type: "text", text }] };
  } catch (error) {
    const cancelled = extra.mcpReq.signal.aborted || isCancellation(error);
    outcome = cancelled ? "cancelled" : "error";
    errorCode = cancelled ? "CANCELLED" : errorCodeOf(error);
    result = {
      isError: true,
      content: [
        {
          type: "text",
          text: cancelled
            ? `[CANCELLED] ${def.name} was cancelled before it finished.\nHint: call it again when you want the answer.`
            : errorResultText(errorText(def.name, error)),
        },
      ],
    };
  } finally {
    call.finish();
  }
  // Also done on the way out by the transport (redacting-transport.ts); here too for servers built
  // without it, such as the in-test ones around registerTools.
  result = redactValue(result, redactorFor(deps.config));
  await writeAuditLine(deps, {
    time: new Date(started).toISOString(),
    tool: def.name,
    args: auditArgs(rawArgs ?? {}) as Record<string, unknown>,
    outcome,
    ...(errorCode === undefined ? {} : { errorCode }),
    durationMs: Date.now() - started,
    apiRequests: call.apiRequests(),
  });
  return result;
}
