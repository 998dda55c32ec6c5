// The output schema as tools/list shows it. A model chooses and calls a tool from its description and
// input schema; the output schema only has to say the shape, so the catalogue leaves out per-field
// descriptions, the $schema URL, `additionalProperties: false`, `required` lists (a result carries what it
// has) and the fields of objects nested inside rows (the result itself shows them). The zod schema still
// validates every result, and the listed schema stays looser than it, so a client that validates against
// it never rejects a real result (mcp-notes.md 1.3: structuredContent MUST conform).
import type { z } from "zod";

type Json = Record<string, unknown>;

/**
 * Objects this many `properties` levels down are listed as `{"type":"object"}`: the top level and the
 * rows in it (message_trace rows, list_available_content blobs) keep their fields, deeper ones do not.
 */
const LISTED_DEPTH = 2;

/** The JSON Schema as listed: shape only, see the module comment. */
export function shapeOnly(node: unknown, depth = 0): unknown {
  if (Array.isArray(node)) return node.map((item) => shapeOnly(item, depth));
  if (!node || typeof node !== "object") return node;
  const schema = node as Json;
  if (depth >= LISTED_DEPTH && schema.properties) return { type: "object" };
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "$schema" || key === "description" || key === "required") continue;
    // false is left out (looser, see above); {} allows anything, which is the default anyway.
    if (key === "additionalProperties" && (value === false || isEmptySchema(value))) continue;
    if (key === "propertyNames" && JSON.stringify(value) === '{"type":"string"}') continue;
    out[key] = key === "properties" ? mapValues(value as Json, depth + 1) : shapeOnly(value, depth);
  }
  const nullable = nullableType(out);
  return nullable ? { type: nullable } : out;
}

/** `{anyOf: [{type: T}, {type: "null"}]}` (zod's nullable object) as the equal `{type: [T, "null"]}`. */
function nullableType(schema: Json): string[] | undefined {
  const [a, b, ...more] = Array.isArray(schema.anyOf) ? (schema.anyOf as Json[]) : [];
  if (!a || !b || more.length > 0 || Object.keys(schema).length > 1) return undefined;
  const only = (s: Json) => (Object.keys(s).length === 1 && typeof s.type === "string" ? s.type : undefined);
  const [ta, tb] = [only(a), only(b)];
  if (ta && tb === "null") return [ta, "null"];
  return undefined;
}

function isEmptySchema(value: unknown): boolean {
  return !!value && typeof value === "object" && Object.keys(value).length === 0;
}

/** Property names are data, not keywords: a field called "description" or "required" keeps its schema. */
function mapValues(properties: Json, depth: number): Json {
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, shapeOnly(v, depth)]));
}

/** `schema`, validating as before, whose listed JSON Schema (Standard JSON Schema) is shapeOnly(). */
export function listedOutputSchema<T extends z.ZodType>(schema: T): T {
  return listedAs(schema, (json) => shapeOnly(json));
}

function listedAs<T extends z.ZodType>(schema: T, compact: (json: unknown) => unknown): T {
  const standard = schema["~standard"] as T["~standard"] & {
    jsonSchema: { output(opts: unknown): unknown; input(opts: unknown): unknown };
  };
  const listed = {
    ...standard,
    jsonSchema: {
      input: (opts: unknown) => compact(standard.jsonSchema.input(opts)),
      output: (opts: unknown) => compact(standard.jsonSchema.output(opts)),
    },
  };
  return new Proxy(schema, {
    get: (target, key, receiver) => (key === "~standard" ? listed : Reflect.get(target, key, receiver)),
  });
}
