// What a tool handler gets besides its arguments, built per call: the dependencies, the call's signal,
// progress and log notifications, elicitation, and the hook that reports subscription changes.
import type { LoggingLevel, McpServer, ServerContext } from "@modelcontextprotocol/server";
import type { ServerDeps } from "../deps.js";
import type { HttpEvent } from "../http/types.js";
import { passesLevel } from "./log-level.js";

export type LogLevel = "debug" | "info" | "notice" | "warning" | "error";

export type CallExtra = ServerContext;

/** What the user answered; "cancel" (dismissed) and "decline" (said no) are different answers (MCP 1.9). */
export type ConfirmAnswer = "accepted" | "declined" | "cancelled" | "unavailable" | "failed";

export interface ToolContext {
  deps: ServerDeps;
  /** Aborted when the client sends notifications/cancelled. Pass it to every API call. */
  signal: AbortSignal;
  /** Progress notification (no-op unless the client sent a progress token). progress must increase. */
  progress(progress: number, total?: number, message?: string): Promise<void>;
  /** Request-scoped MCP log message (filtered by logging/setLevel). Never pass secrets. */
  log(level: LogLevel, message: string, data?: Record<string, unknown>): void;
  /** Pass as onEvent to API calls: counts requests for the audit log and logs retries/throttling. */
  onHttpEvent(event: HttpEvent): void;
  /** Ask the user to confirm (elicitation, form mode): "unavailable" when the client cannot elicit (the
   * tool then needs another proof of consent, such as a confirm argument). */
  confirm(message: string): Promise<ConfirmAnswer>;
  /** The subscription of `contentType` was started or stopped: subscribed clients hear about it. */
  subscriptionsChanged(contentType: string): Promise<void>;
}

/** What the server wires in around the tools (server.ts). */
export interface ToolHooks {
  /** The session's logging level (trackLogLevel). */
  levelFor(sessionId?: string): LoggingLevel;
  /** Tell subscribed clients about the change, related to the tool call that made it. */
  subscriptionsChanged(contentType: string, relatedRequestId?: string | number): Promise<void>;
  /** A tool's structured output, after a successful call (recent values for completion). */
  onOutput?(tool: string, output: unknown): void;
}

const LOGGER = "office365-mcp";
const PROGRESS_INTERVAL_MS = 100;

export interface ToolCall {
  ctx: ToolContext;
  /** Stops notifications once the result is on its way. */
  finish(): void;
  /** API requests the call made, for the audit log. */
  apiRequests(): number;
}

export function createToolContext(
  server: McpServer,
  deps: ServerDeps,
  extra: CallExtra,
  hooks: ToolHooks,
): ToolCall {
  let done = false;
  let requests = 0;
  let lastProgress = Number.NEGATIVE_INFINITY;
  let lastSent = 0;
  const progressToken = extra.mcpReq._meta?.progressToken;

  const log = (level: LogLevel, message: string, data?: Record<string, unknown>): void => {
    if (done || !passesLevel(level, hooks.levelFor(extra.sessionId))) return;
    const params = { level, logger: LOGGER, data: { message, ...data } };
    extra.mcpReq.notify({ method: "notifications/message", params }).catch(() => {});
  };

  const ctx: ToolContext = {
    deps,
    signal: extra.mcpReq.signal,
    async progress(progress, total, message) {
      if (done || progressToken === undefined || !(progress > lastProgress)) return;
      const now = Date.now();
      const last = total !== undefined && progress >= total;
      if (!last && now - lastSent < PROGRESS_INTERVAL_MS) return;
      lastProgress = progress;
      lastSent = now;
      await extra.mcpReq
        .notify({
          method: "notifications/progress",
          params: {
            progressToken,
            progress,
            ...(total === undefined ? {} : { total }),
            ...(message ? { message } : {}),
          },
        })
        .catch(() => {});
    },
    log,
    onHttpEvent(event: HttpEvent) {
      if (event.type === "request") requests += 1;
      else if (event.type === "retry") {
        log(
          "warning",
          `Retrying ${event.api} request (attempt ${event.attempt}) in ${event.waitMs} ms: ${event.reason}`,
        );
      } else {
        log(
          "warning",
          `The ${event.api} request budget is spent: waiting ${Math.ceil(event.waitMs / 1000)}s before the next request`,
        );
      }
    },
    async confirm(message) {
      if (!server.server.getClientCapabilities()?.elicitation?.form) return "unavailable";
      try {
        const answer = await server.server.elicitInput(
          {
            mode: "form",
            message,
            requestedSchema: {
              type: "object",
              properties: {
                confirm: { type: "boolean", title: "Confirm", description: "Yes, do it", default: false },
              },
              required: ["confirm"],
            },
          },
          { relatedRequestId: extra.mcpReq.id, signal: extra.mcpReq.signal },
        );
        if (answer.action === "cancel") return "cancelled";
        return answer.action === "accept" && answer.content?.confirm === true ? "accepted" : "declined";
      } catch {
        return extra.mcpReq.signal.aborted ? "cancelled" : "failed";
      }
    },
    // Related to the tool call, so HTTP clients get the update on the call's own stream.
    subscriptionsChanged: (contentType) => hooks.subscriptionsChanged(contentType, extra.mcpReq.id),
  };
  return {
    ctx,
    finish() {
      done = true;
    },
    apiRequests: () => requests,
  };
}
