// The output schema as tools/list shows it. A model chooses and calls a tool from its description and
// input schema; the output schema only has to say the shape, so its per-field descriptions, the $schema
// URL and `additionalProperties: false` are left out of the catalogue (about a fifth of its bytes). The
// zod schema still validates every result.
import type { z } from "zod";

type Json = Record<string, unknown>;

/** The JSON Schema without descriptions, $schema, `additionalProperties: false` or string-only key schemas. */
export function shapeOnly(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shapeOnly);
  if (!node || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === "$schema" || key === "description") continue;
    if (key === "additionalProperties" && value === false) continue;
    if (key === "propertyNames" && JSON.stringify(value) === '{"type":"string"}') continue;
    out[key] = key === "properties" ? mapValues(value as Json) : shapeOnly(value);
  }
  return out;
}

/** Property names are data, not keywords: a field called "description" keeps its schema. */
function mapValues(properties: Json): Json {
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, shapeOnly(v)]));
}

/** `schema`, validating as before, whose listed JSON Schema (Standard JSON Schema) is shapeOnly(). */
export function listedOutputSchema<T extends z.ZodType>(schema: T): T {
  return listedAs(schema, shapeOnly);
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
