// Every MCP prompt of the server (design.md section 7); createServer calls registerPrompts once.
import type { McpServer } from "@modelcontextprotocol/server";
import type { ServerDeps } from "../src/deps.js";
import { registerAuditPipelineHealth } from "./audit_pipeline_health.js";
import { registerInvestigateMessageTrace } from "./investigate_message_trace.js";
import { registerInvestigateUserActivity } from "./investigate_user_activity.js";

export function registerPrompts(server: McpServer, deps: ServerDeps): void {
  registerInvestigateMessageTrace(server, deps);
  registerInvestigateUserActivity(server, deps);
  registerAuditPipelineHealth(server, deps);
}
