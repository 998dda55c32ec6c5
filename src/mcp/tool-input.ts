// A tool's arguments, checked strictly by us rather than by the SDK: the SDK strips unknown keys (a misspelt
// `sender` silently became "no filter" and returned unrelated rows) and its validation failures never reach
// our audit log. Unknown keys are an isError naming the closest real argument (mcp-notes.md 1.3: input
// validation errors are tool execution errors, so the model can correct itself).
import type { StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import { type ZodError, z } from "zod";
import { O365Error } from "../errors.js";
import { closestName } from "./did-you-mean.js";

const MAX_SHOWN = 120;

/** The strict object schema of a tool's input shape: what tools/list advertises (additionalProperties false). */
const strictByShape = new WeakMap<z.ZodRawShape, z.ZodObject>();

/** Built once per tool (a tool's shape never changes): every call validates with the same schema. */
export function strictInput(shape: z.ZodRawShape): z.ZodObject {
  let schema = strictByShape.get(shape);
  if (!schema) {
    schema = z.object(shape).strict();
    strictByShape.set(shape, schema);
  }
  return schema;
}

/** The JSON Schema without its $schema URL (the catalogue would say it once per tool). */
function withoutDialect(node: unknown): unknown {
  if (!node || typeof node !== "object" || Array.isArray(node)) return node;
  const { $schema: _, ...rest } = node as Record<string, unknown>;
  return rest;
}

/**
 * What the SDK sees as the tool's input schema: the strict JSON Schema for tools/list, but a validator that
 * lets every object through, so the call reaches runTool, which validates, answers and audits it.
 */
export function advertisedInput(shape: z.ZodRawShape): StandardSchemaWithJSON {
  const strict = strictInput(shape);
  return {
    "~standard": {
      version: 1,
      vendor: "office365-mcp",
      validate: (value: unknown) => ({ value }),
      // Listed without the $schema URL: the catalogue says it for every tool otherwise.
      jsonSchema: {
        input: (opts: unknown) => withoutDialect(strict["~standard"].jsonSchema.input(opts as never)),
        output: (opts: unknown) => withoutDialect(strict["~standard"].jsonSchema.output(opts as never)),
      },
    },
  } as StandardSchemaWithJSON;
}

/** Shows a client-sent key or value safely in one line: control characters escaped, length capped. */
export function shown(value: string): string {
  const json = JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);
  return json.slice(1, -1);
}

/** Parses `args` against the tool's strict input; throws an INVALID_INPUT O365Error that says what to fix. */
export function parseToolArguments(
  tool: string,
  shape: z.ZodRawShape,
  args: unknown,
): Record<string, unknown> {
  if (args !== undefined && (args === null || typeof args !== "object" || Array.isArray(args))) {
    throw invalidArguments(tool, ["arguments must be a JSON object of named arguments"], shape);
  }
  const parsed = strictInput(shape).safeParse(args ?? {});
  if (parsed.success) {
    const malformed = illFormedText(parsed.data, "");
    if (malformed === undefined) return parsed.data as Record<string, unknown>;
    throw invalidArguments(
      tool,
      [
        `${malformed ? `\`${shown(malformed)}\`` : "an argument name"} is not valid Unicode text (it holds a lone UTF-16 surrogate, e.g. \\uD800 without its pair)`,
      ],
      shape,
    );
  }
  throw invalidArguments(tool, describeIssues(parsed.error, Object.keys(shape), args), shape);
}

/** A high surrogate without its low half, or a low one without its high half (String#isWellFormed). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The path of the first string (or key) that is not well-formed UTF-16, "" for a bad key at the top, or
 * undefined. Such text cannot be URL-encoded (encodeURIComponent throws) or sent to a service as UTF-8,
 * so it is refused here for every tool at once.
 */
function illFormedText(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return LONE_SURROGATE.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const bad = illFormedText(v, `${path}[${i}]`);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (LONE_SURROGATE.test(k)) return path ? `a key in \`${path}\`` : "";
      const bad = illFormedText(v, path ? `${path}.${k}` : k);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}

function describeIssues(error: ZodError, names: string[], args: unknown): string[] {
  const unknown: string[] = [];
  const suggested = new Set<string>();
  for (const issue of error.issues) {
    if (issue.code !== "unrecognized_keys") continue;
    for (const key of issue.keys) {
      const near = closestName(key, names);
      if (near) suggested.add(near);
      unknown.push(
        near
          ? `unknown argument \`${shown(key)}\`: did you mean \`${near}\`?`
          : `unknown argument \`${shown(key)}\` (this tool takes: ${names.join(", ") || "no arguments"})`,
      );
    }
  }
  const given = (args ?? {}) as Record<string, unknown>;
  const other: string[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") continue;
    const top = issue.path.length === 1 ? String(issue.path[0]) : undefined;
    const missing = top !== undefined && !Object.hasOwn(given, top);
    // The misspelt key already points at it: "missing contentType" would only repeat that.
    if (missing && suggested.has(top)) continue;
    if (missing) {
      other.push(`missing required argument \`${shown(top)}\``);
      continue;
    }
    const where = issue.path.map((p) => shown(String(p))).join(".") || "arguments";
    other.push(`${where}: ${issue.message}`);
  }
  return [...unknown, ...other];
}

function invalidArguments(tool: string, problems: string[], shape: z.ZodRawShape): O365Error {
  const unknownOnly = problems.every((p) => p.startsWith("unknown argument"));
  return new O365Error({
    api: "input",
    code: "INVALID_INPUT",
    message: `Invalid arguments for ${tool}: ${problems.slice(0, 10).join("; ")}${problems.length > 10 ? `; and ${problems.length - 10} more` : ""}`,
    hint: unknownOnly
      ? `Rename or drop the unknown arguments and call again; ${tool} takes ${Object.keys(shape).join(", ") || "no arguments"}.`
      : "Fix the named arguments (see the tool's input schema) and call again.",
  });
}
