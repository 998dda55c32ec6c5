// Guided check-up of the audit pipeline: credentials, permissions, subscriptions, content flow, webhooks.
import type { GetPromptResult, McpServer } from "@modelcontextprotocol/server";
import type { ServerDeps } from "../src/deps.js";

export const AUDIT_PIPELINE_HEALTH = "audit_pipeline_health";

export function pipelineHealthPlan(): string {
  return [
    "Check the health of this tenant's Office 365 audit pipeline and repair what is broken. Work step by step with the office365-mcp tools.",
    "",
    "1. Call `diagnose` (no arguments). It checks tokens and their roles for each API, subscriptions, recent content, clock skew and the message-trace backends. Every warn/fail check carries the exact fix: list them.",
    "2. Call `list_subscriptions`. Every content type the organization needs (Audit.AzureActiveDirectory, Audit.Exchange, Audit.SharePoint, Audit.General, DLP.All) should be enabled.",
    '3. For each type that is missing or disabled, ask the user before calling `start_subscription` with {"contentType": "<type>"}: the first content can take up to 12 hours to appear, and a new start is allowed only every 15 minutes. Content from a gap while a subscription was off is lost.',
    '4. Content flow: for each enabled type call `list_available_content` with {"contentType": "<type>"} (default: the last 24 hours). No blobs for a busy workload means content is not flowing: check unified audit logging in the Purview portal.',
    '5. Spot-check one blob: call `retrieve_content` with {"contentUri": "<newest blob>", "limit": 5} and confirm the records are recent (CreationTime) and parse.',
    '6. Coverage: call `search_audit_log` with {"groupBy": ["Workload", "RecordType"], "limit": 1} for the last 24 hours and read its coverage: blobsFailed, blobsExpired and failures name missing data.',
    '7. If a subscription has a webhook, call `list_notifications` with {"contentType": "<type>"} to see delivery attempts and failures (it is for webhook debugging only; use list_available_content to find content).',
    "8. Report a table: check | status | evidence | fix, then the fixes in the order to apply them (permissions and admin consent first, then subscriptions).",
  ].join("\n");
}

export function registerAuditPipelineHealth(server: McpServer, _deps: ServerDeps): void {
  server.registerPrompt(
    AUDIT_PIPELINE_HEALTH,
    {
      title: "Audit pipeline health check",
      description:
        "Step-by-step plan to verify and repair the audit pipeline: permissions and tokens (diagnose), subscriptions, " +
        "content flow, blob retrieval, search coverage and webhook delivery.",
    },
    (): GetPromptResult => ({
      description: "Plan for checking the audit pipeline",
      messages: [{ role: "user", content: { type: "text", text: pipelineHealthPlan() } }],
    }),
  );
}
