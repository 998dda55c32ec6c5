// The rule index is current: every folder under src/findings/rules is listed once, its id is its folder
// name, and it has its test file here. A contributor adds a folder, one index line and one test.
import { existsSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RULES } from "../../src/findings/rules/index.js";
import { SEVERITIES } from "../../src/findings/types.js";

const folders = readdirSync(new URL("../../src/findings/rules/", import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe("the rule index", () => {
  it("lists every rule folder exactly once, under its folder's name", () => {
    expect(RULES.map((r) => r.id).sort()).toEqual(folders);
  });

  it("has a positive/negative/boundary test file per rule", () => {
    for (const id of folders)
      expect(existsSync(new URL(`./rules/${id}.test.ts`, import.meta.url)), id).toBe(true);
  });

  it("gives every rule a title, a severity, operations and a MITRE technique id", () => {
    for (const rule of RULES) {
      expect(rule.title.length, rule.id).toBeGreaterThan(5);
      expect(SEVERITIES).toContain(rule.severity);
      expect(rule.operations.length, rule.id).toBeGreaterThan(0);
      expect(rule.mitre?.id, rule.id).toMatch(/^T\d{4}(\.\d{3})?$/);
    }
  });
});
