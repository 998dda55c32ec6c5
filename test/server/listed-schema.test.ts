// The output schema as tools/list shows it: shape only, never stricter than the zod schema that validates.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { listedOutputSchema, shapeOnly } from "../../src/mcp/listed-schema.js";

const result = z.object({
  total: z.number().describe("How many"),
  note: z.string().nullable().optional(),
  rows: z.array(
    z.object({
      id: z.string().describe("Row id"),
      detail: z.object({ reason: z.string(), code: z.string().optional() }).describe("nested"),
      extra: z.record(z.string(), z.unknown()).optional(),
      peer: z.object({ name: z.string() }).nullable(),
    }),
  ),
  owner: z.object({ name: z.string() }).nullable(),
  // property names are data, not keywords
  required: z.string(),
  description: z.string(),
});

const listed = () => shapeOnly(z.toJSONSchema(result)) as Record<string, unknown>;

describe("listed output schema", () => {
  it("keeps the top level and the rows' fields, and no descriptions, required lists or $schema", () => {
    const json = listed();
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/"\$schema"|How many|Row id|"additionalProperties"|"required":\[/);
    const props = json.properties as Record<string, Record<string, unknown>>;
    expect(Object.keys(props)).toEqual(["total", "note", "rows", "owner", "required", "description"]);
    expect(props.required).toEqual({ type: "string" });
    expect(props.description).toEqual({ type: "string" });
    const row = (props.rows.items as { properties: Record<string, unknown> }).properties;
    expect(Object.keys(row)).toEqual(["id", "detail", "extra", "peer"]);
    // deeper than the rows: the result shows the fields
    expect(row.detail).toEqual({ type: "object" });
    // a record of anything is just an object
    expect(row.extra).toEqual({ type: "object" });
  });

  it("says nullable values as a type pair", () => {
    const props = listed().properties as Record<string, Record<string, unknown>>;
    expect(props.note).toEqual({ type: ["string", "null"] });
    const row = (props.rows.items as { properties: Record<string, unknown> }).properties;
    expect(row.peer).toEqual({ type: ["object", "null"] });
    // a top-level object keeps its fields, so it stays a choice
    expect(props.owner).toEqual({
      anyOf: [{ type: "object", properties: { name: { type: "string" } } }, { type: "null" }],
    });
  });

  it("lists the compact schema while the zod schema still validates", () => {
    const schema = listedOutputSchema(result);
    const standard = schema["~standard"] as unknown as {
      jsonSchema: { output(o: unknown): unknown };
    };
    expect(JSON.stringify(standard.jsonSchema.output({ target: "draft-2020-12" }))).not.toContain("How many");
    expect(schema.safeParse({ total: 1 }).success).toBe(false);
  });
});
