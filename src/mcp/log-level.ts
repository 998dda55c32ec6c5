// The client's logging/setLevel per session. The SDK's extra.sendNotification bypasses the SDK's own
// filter, so request-scoped logs are filtered here (mcp-notes.md 2.6).
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  type LoggingLevel,
  LoggingLevelSchema,
  SetLevelRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";

const SEVERITY = LoggingLevelSchema.options;

/** Answers logging/setLevel; returns the level each session asked for (`fallback` until it asks). */
export function trackLogLevel(
  server: McpServer,
  fallback: LoggingLevel,
): (sessionId?: string) => LoggingLevel {
  const levels = new Map<string | undefined, LoggingLevel>();
  server.server.setRequestHandler(SetLevelRequestSchema, async (request, extra) => {
    levels.set(extra.sessionId, request.params.level);
    return {};
  });
  return (sessionId) => levels.get(sessionId) ?? fallback;
}

/** True when a message at `level` passes a session set to `min`. */
export function passesLevel(level: LoggingLevel, min: LoggingLevel): boolean {
  return SEVERITY.indexOf(level) >= SEVERITY.indexOf(min);
}
