import type { z } from "zod";
import type { ServerDeps } from "../src/deps.js";
import type { HttpEvent } from "../src/http/types.js";

export type LogLevel = "debug" | "info" | "notice" | "warning" | "error";

/** What a handler gets besides its arguments. Built per call by src/register.ts. */
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
  /** Ask the user to confirm (elicitation, form mode). Resolves true when accepted, or when the client
   * cannot elicit (the annotations already warned); false when declined or cancelled. */
  confirm(message: string): Promise<boolean>;
  /** Tell subscribed clients these resource URIs changed (notifications/resources/updated). */
  resourcesUpdated(uris: string[]): Promise<void>;
}

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** One MCP tool: schema, annotations and handler together (style.md). */
export interface ToolDefinition<
  I extends z.ZodRawShape = z.ZodRawShape,
  O extends z.ZodRawShape = z.ZodRawShape,
> {
  name: string;
  title: string;
  /** What it is for, when to use it, its limits. */
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  /** Changes the tenant: hidden in read-only mode. */
  mutates: boolean;
  handler(args: z.infer<z.ZodObject<I>>, ctx: ToolContext): Promise<z.infer<z.ZodObject<O>>>;
  /** Compact text rendering of the structured result (one line per row). */
  render(result: z.infer<z.ZodObject<O>>): string;
}

/** Identity helper that keeps the generic types of a definition. */
export function defineTool<I extends z.ZodRawShape, O extends z.ZodRawShape>(
  def: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return def;
}
