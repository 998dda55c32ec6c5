// Every MCP prompt of the server (design.md section 7); createServer calls registerPrompts once.
import type { McpServer } from "@modelcontextprotocol/server";
import type { ServerDeps } from "../src/deps.js";
import type { RecentValues } from "../src/mcp/recent-values.js";
import { registerAuditPipelineHealth } from "./audit_pipeline_health.js";
import { registerInvestigateMessageTrace } from "./investigate_message_trace.js";
import { registerInvestigateUserActivity } from "./investigate_user_activity.js";

export function registerPrompts(server: McpServer, deps: ServerDeps, recent: RecentValues): void {
  registerInvestigateMessageTrace(server, deps, recent);
  registerInvestigateUserActivity(server, deps, recent);
  registerAuditPipelineHealth(server, deps);
}
