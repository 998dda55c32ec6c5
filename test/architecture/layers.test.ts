import { describe, expect, it } from "vitest";
import { importEdges, relativeSpecifiers, repositoryRoot, resolveSpecifier } from "./import-graph.js";
import { checkLayers, fileCycles, layerCycles } from "./layer-check.js";
import { LAYERS, type Layer, MAY_IMPORT } from "./layer-rules.js";

const edges = importEdges(repositoryRoot(), ["src", "tools", "prompts"]);

describe("layer rules (design.md section 2)", () => {
  it("reads the real import graph, dynamic imports included", () => {
    expect(edges.length).toBeGreaterThan(200);
    expect(edges).toContainEqual({ from: "src/server.ts", to: "tools/index.ts" });
    expect(edges).toContainEqual({ from: "src/cli.ts", to: "src/command-line.ts" });
  });

  it("every import follows the layer rules", () => {
    expect(checkLayers(edges).broken).toEqual([]);
  });

  it("every source file belongs to a layer", () => {
    expect(checkLayers(edges).unplaced).toEqual([]);
  });

  it("no two layers import each other, directly or through others", () => {
    expect(checkLayers(edges).cycles).toEqual([]);
  });

  it("no two files import each other, directly or through others", () => {
    expect(fileCycles(edges)).toEqual([]);
  });

  it("the rules themselves allow no cycle", () => {
    const graph = new Map(LAYERS.map((l) => [l, new Set(MAY_IMPORT[l])] as const));
    expect(layerCycles(graph)).toEqual([]);
  });
});

describe("the layer checker", () => {
  it("reports an edge that breaks a rule, naming the rule", () => {
    const report = checkLayers([
      { from: "src/http/client.ts", to: "src/http/types.ts" },
      { from: "src/http/client.ts", to: "src/auth/types.ts" },
      { from: "src/management/client.ts", to: "src/http/types.ts" },
    ]);
    expect(report.broken).toEqual([
      'src/http/client.ts -> src/auth/types.ts breaks "http must not import auth"',
    ]);
  });

  it("reports files outside the layer map", () => {
    expect(checkLayers([{ from: "src/stray.ts", to: "src/errors.ts" }]).unplaced).toEqual(["src/stray.ts"]);
  });

  it("reports a cycle between layers even when the rules would allow each edge", () => {
    const lenient = { ...MAY_IMPORT, http: [...MAY_IMPORT.http, "auth"] } as Record<Layer, readonly Layer[]>;
    const report = checkLayers(
      [
        { from: "src/http/client.ts", to: "src/auth/types.ts" },
        { from: "src/auth/token-provider.ts", to: "src/http/wait.ts" },
      ],
      lenient,
    );
    expect(report.broken).toEqual([]);
    expect(report.cycles).toEqual(["auth -> http -> auth"]);
  });

  it("reports files that import each other through a third", () => {
    const cycles = fileCycles([
      { from: "src/auth/msal-session.ts", to: "src/auth/token-provider.ts" },
      { from: "src/auth/token-provider.ts", to: "src/auth/token-config.ts" },
      { from: "src/auth/token-config.ts", to: "src/auth/msal-session.ts" },
      { from: "src/auth/token-provider.ts", to: "src/http/types.ts" },
    ]);
    expect(cycles).toEqual([
      "src/auth/msal-session.ts <-> src/auth/token-config.ts <-> src/auth/token-provider.ts",
    ]);
  });

  it("finds static, re-export, type-only and literal dynamic imports, not lookalikes in comments", () => {
    const text = [
      'import { a } from "./a.js";',
      'import type { B } from "../b.js";',
      'export { c } from "./c.js";',
      'export * from "./d.js";',
      'const e = await import("./e.js");',
      '// import { f } from "./f.js";',
      'import { z } from "zod";',
    ].join("\n");
    expect(relativeSpecifiers(text)).toEqual(["./a.js", "../b.js", "./c.js", "./d.js", "./e.js"]);
    expect(resolveSpecifier("src/http/client.ts", "../auth/types.js")).toBe("src/auth/types.ts");
  });
});
