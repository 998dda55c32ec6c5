// One MCP tool: schema, annotations and handler together (style.md); tools/ holds one definition per file.
import type { z } from "zod";
import type { ResultView } from "../shape/view.js";
import type { ToolContext } from "./tool-context.js";

/** All four hints, set explicitly (design.md section 6); readOnlyHint false hides the tool in read-only mode. */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

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
  handler(args: z.infer<z.ZodObject<I>>, ctx: ToolContext): Promise<z.infer<z.ZodObject<O>>>;
  /** What the structured result shows; a renderer (shape/text.ts) adds the paging lines and the format. */
  render(result: z.infer<z.ZodObject<O>>): ResultView;
}

/** Identity function that keeps the generic types of a definition. */
export function defineTool<I extends z.ZodRawShape, O extends z.ZodRawShape>(
  def: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return def;
}

/** The structured result of a tool, from its output schema: `ToolOutput<typeof searchAuditLog>`. */
export type ToolOutput<D> =
  D extends ToolDefinition<z.ZodRawShape, infer O> ? z.infer<z.ZodObject<O>> : never;

/** The arguments of a tool, from its input schema. */
export type ToolInput<D> = D extends ToolDefinition<infer I, z.ZodRawShape> ? z.infer<z.ZodObject<I>> : never;
