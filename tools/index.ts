// Every MCP tool of the server, in tools/list order. Other tools append themselves here (one import, one entry).

import type { ToolDefinition } from "../src/mcp/tool-definition.js";
import { buildTimelineTool } from "./build_timeline.js";
import { diagnoseTool } from "./diagnose.js";
import { findSuspiciousActivity } from "./find_suspicious_activity.js";
import { listAvailableContent } from "./list_available_content.js";
import { listNotificationsTool } from "./list_notifications.js";
import { listSubscriptions } from "./list_subscriptions.js";
import { messageTrace } from "./message_trace.js";
import { messageTraceDetailTool } from "./message_trace_detail.js";
import { retrieveContent } from "./retrieve_content.js";
import { searchAuditLog } from "./search_audit_log.js";
import { startSubscription } from "./start_subscription.js";
import { stopSubscription } from "./stop_subscription.js";

// biome-ignore lint/suspicious/noExplicitAny: definitions differ in their zod shapes; registerTools() only needs the common surface.
const asTool = (def: ToolDefinition<any, any>): ToolDefinition => def as ToolDefinition;

export const allTools: ToolDefinition[] = [
  asTool(listSubscriptions),
  asTool(startSubscription),
  asTool(stopSubscription),
  asTool(listAvailableContent),
  asTool(retrieveContent),
  asTool(searchAuditLog),
  asTool(findSuspiciousActivity),
  asTool(messageTrace),
  asTool(messageTraceDetailTool),
  asTool(listNotificationsTool),
  asTool(diagnoseTool),
  asTool(buildTimelineTool),
];
