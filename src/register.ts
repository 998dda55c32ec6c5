// Turns ToolDefinitions (tools/types.ts) into McpServer tools: builds the per-call ToolContext, renders
// results (structuredContent + compact text), maps errors to isError results, filters read-only mode and
// writes one tool-call audit line per call (issue 5.6).
import { appendFile } from "node:fs/promises";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  type CallToolResult,
  type LoggingLevel,
  LoggingLevelSchema,
  type ServerNotification,
  type ServerRequest,
  SetLevelRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { ZodError, z } from "zod";
import type { LogLevel, ToolContext, ToolDefinition } from "../tools/types.js";
import type { Config } from "./config/types.js";
import type { ServerDeps } from "./deps.js";
import { isO365Error } from "./errors.js";
import type { HttpEvent } from "./http/types.js";

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const LOGGER = "office365-mcp";
const PROGRESS_INTERVAL_MS = 100;
const AUDIT_STRING_MAX = 200;
const SECRET_KEY = /secret|token|password|passwd|credential|auth|bearer|cookie|private|key$/i;
const SEVERITY = LoggingLevelSchema.options;

export interface RegisterHooks {
  /** The session's logging level (trackLogLevel). */
  levelFor(sessionId?: string): LoggingLevel;
  /** notifications/resources/updated through the resources hub. */
  resourcesUpdated(uris: string[], relatedRequestId?: string | number): Promise<void>;
}

/**
 * The client's logging/setLevel per session. The SDK's extra.sendNotification bypasses the SDK's own
 * filter, so request-scoped logs are filtered here (mcp-notes.md 2.6).
 */
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

type RequestHandler = (request: unknown, extra: unknown) => Promise<unknown>;

/**
 * tools/list: the SDK converts every tool's zod schemas to JSON Schema on each call (~3 ms for our tools),
 * though the answer depends only on the registered tools. Computed once, and again after any change: the SDK
 * announces every change (register, update, enable, disable, remove) through sendToolListChanged. Callers
 * get a copy. The SDK keeps its handlers in a private map (SDK ~1.32); if that is gone, nothing is cached.
 */
export function cacheToolList(server: McpServer): void {
  const handlers = (server.server as unknown as { _requestHandlers?: Map<string, RequestHandler> })
    ._requestHandlers;
  const compute = handlers?.get("tools/list");
  if (!handlers || !compute) return;
  let cached: Promise<unknown> | undefined;
  handlers.set("tools/list", async (request, extra) => {
    const pending = cached ?? compute(request, extra);
    cached = pending;
    pending.catch(() => {
      if (cached === pending) cached = undefined;
    });
    return structuredClone(await pending);
  });
  const announce = server.sendToolListChanged.bind(server);
  server.sendToolListChanged = () => {
    cached = undefined;
    announce();
  };
}

export function registerTools(
  server: McpServer,
  deps: ServerDeps,
  tools: ToolDefinition[],
  hooks: RegisterHooks,
): string[] {
  const registered: string[] = [];
  for (const def of tools) {
    if (def.mutates && deps.config.readOnly) continue;
    server.registerTool(
      def.name,
      {
        title: def.title,
        description: def.description,
        inputSchema: def.input,
        outputSchema: def.output,
        annotations: { title: def.title, ...def.annotations },
      },
      (args: Record<string, unknown>, extra: Extra) => runTool(server, deps, def, args, extra, hooks),
    );
    registered.push(def.name);
  }
  return registered;
}

async function runTool(
  server: McpServer,
  deps: ServerDeps,
  def: ToolDefinition,
  args: Record<string, unknown>,
  extra: Extra,
  hooks: RegisterHooks,
): Promise<CallToolResult> {
  const started = Date.now();
  const call = createContext(server, deps, extra, hooks);
  let result: CallToolResult;
  let errorCode: string | undefined;
  try {
    const output = await def.handler(args, call.ctx);
    result = { structuredContent: output, content: [{ type: "text", text: def.render(output) }] };
  } catch (error) {
    errorCode = isO365Error(error) ? error.code : error instanceof ZodError ? "INVALID_INPUT" : "INTERNAL";
    result = { isError: true, content: [{ type: "text", text: errorText(def.name, error) }] };
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

function createContext(
  server: McpServer,
  deps: ServerDeps,
  extra: Extra,
  hooks: RegisterHooks,
): { ctx: ToolContext; finish(): void; apiRequests(): number } {
  let done = false;
  let requests = 0;
  let lastProgress = Number.NEGATIVE_INFINITY;
  let lastSent = 0;
  const progressToken = extra._meta?.progressToken;

  const log = (level: LogLevel, message: string, data?: Record<string, unknown>): void => {
    if (done) return;
    const min = hooks.levelFor(extra.sessionId);
    if (SEVERITY.indexOf(level) < SEVERITY.indexOf(min)) return;
    const params = { level, logger: LOGGER, data: { message, ...data } };
    extra.sendNotification({ method: "notifications/message", params }).catch(() => {});
  };

  const ctx: ToolContext = {
    deps,
    signal: extra.signal,
    async progress(progress, total, message) {
      if (done || progressToken === undefined || !(progress > lastProgress)) return;
      const now = Date.now();
      const last = total !== undefined && progress >= total;
      if (!last && now - lastSent < PROGRESS_INTERVAL_MS) return;
      lastProgress = progress;
      lastSent = now;
      await extra
        .sendNotification({
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
        log("info", `Waiting ${event.waitMs} ms for the ${event.api} rate limit`);
      }
    },
    async confirm(message) {
      if (!server.server.getClientCapabilities()?.elicitation?.form) return true;
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
          { relatedRequestId: extra.requestId, signal: extra.signal },
        );
        return answer.action === "accept" && answer.content?.confirm === true;
      } catch {
        return false;
      }
    },
    // Related to the tool call, so HTTP clients get the update on the call's own stream.
    resourcesUpdated: (uris) => hooks.resourcesUpdated(uris, extra.requestId),
  };
  return {
    ctx,
    finish() {
      done = true;
    },
    apiRequests: () => requests,
  };
}

/** What the user sees for a failure: message and hint, never a stack trace. */
function errorText(tool: string, error: unknown): string {
  if (isO365Error(error)) return error.toUserText();
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
    return `[INVALID_INPUT] Invalid arguments for ${tool}: ${issues}\nHint: fix the named arguments and call again.`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `[INTERNAL] ${tool} failed unexpectedly: ${message.split("\n")[0].slice(0, 300)}\nHint: this is a bug in office365-mcp or an unexpected answer from the service; retry, and report it if it persists.`;
}

/** Last line of defence: configured secrets never leave in a result, whatever a lower layer put there. */
function secretsOf(config: Config): string[] {
  return [config.clientSecret, config.refreshToken, config.clientCertPassword, config.http.token].filter(
    (s): s is string => typeof s === "string" && s.length >= 6,
  );
}

function redactResult(result: CallToolResult, config: Config): CallToolResult {
  const secrets = secretsOf(config);
  if (secrets.length === 0) return result;
  const json = JSON.stringify(result);
  if (!secrets.some((s) => json.includes(s))) return result;
  let redacted = json;
  for (const secret of secrets)
    redacted = redacted.split(JSON.stringify(secret).slice(1, -1)).join("[redacted]");
  return JSON.parse(redacted) as CallToolResult;
}

/** Arguments for the audit log: strings cut to 200 chars, secret-looking keys redacted. */
function auditArgs(value: unknown, key = ""): unknown {
  if (key && SECRET_KEY.test(key)) return "[redacted]";
  if (typeof value === "string") {
    return value.length > AUDIT_STRING_MAX ? `${value.slice(0, AUDIT_STRING_MAX)}…` : value;
  }
  if (Array.isArray(value)) return value.map((v) => auditArgs(v));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, auditArgs(v, k)]));
  }
  return value;
}

export const auditLineSchema = z.object({
  time: z.string(),
  tool: z.string(),
  args: z.record(z.string(), z.unknown()),
  outcome: z.enum(["ok", "error"]),
  errorCode: z.string().optional(),
  durationMs: z.number(),
  apiRequests: z.number(),
});

async function writeAuditLine(deps: ServerDeps, line: z.infer<typeof auditLineSchema>): Promise<void> {
  const text = JSON.stringify(line);
  if (!deps.config.auditLog) {
    deps.log(text);
    return;
  }
  try {
    await appendFile(deps.config.auditLog, `${text}\n`, { mode: 0o600 });
  } catch (error) {
    deps.log(`audit log ${deps.config.auditLog} not writable: ${(error as Error).message}`);
    deps.log(text);
  }
}
