// The client's logging/setLevel per session. The SDK's ctx.mcpReq.notify bypasses the SDK's own
// filter, so request-scoped logs are filtered here (mcp-notes.md 2.6).
import { LoggingLevelSchema } from "@modelcontextprotocol/core";
import type { LoggingLevel, McpServer } from "@modelcontextprotocol/server";

const SEVERITY = LoggingLevelSchema.options;

/** Answers logging/setLevel; returns the level each session asked for (`fallback` until it asks). */
export function trackLogLevel(
  server: McpServer,
  fallback: LoggingLevel,
): (sessionId?: string) => LoggingLevel {
  const levels = new Map<string | undefined, LoggingLevel>();
  server.server.setRequestHandler("logging/setLevel", async (request, ctx) => {
    levels.set(ctx.sessionId, request.params.level);
    return {};
  });
  return (sessionId) => levels.get(sessionId) ?? fallback;
}

/** True when a message at `level` passes a session set to `min`. */
export function passesLevel(level: LoggingLevel, min: LoggingLevel): boolean {
  return SEVERITY.indexOf(level) >= SEVERITY.indexOf(min);
}
