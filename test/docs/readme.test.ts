import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  renderConfigTable,
  renderReadme,
  renderToolTable,
  replaceGenerated,
  summaryOf,
} from "../../scripts/readme-tables.js";
import { SETTINGS } from "../../src/config/settings.js";
import { allTools } from "../../tools/index.js";

const README = new URL("../../README.md", import.meta.url);

describe("README reference tables", () => {
  it("match the tool definitions and the setting rows", () => {
    const readme = readFileSync(README, "utf8");
    expect(renderReadme(readme) === readme, "README.md is stale: run npm run docs").toBe(true);
  });

  it("list every tool with its four annotation hints", () => {
    const yes = (hint: boolean): string => (hint ? "yes" : "no");
    const lines = renderToolTable(allTools).split("\n");
    for (const t of allTools) {
      const a = t.annotations;
      const destructive = a.destructiveHint ? "**yes**" : "no";
      const hints = `| ${yes(a.readOnlyHint)} | ${destructive} | ${yes(a.idempotentHint)} | ${yes(a.openWorldHint)} |`;
      const row = lines.find((line) => line.startsWith(`| \`${t.name}\` | ${t.title} |`));
      expect(row, t.name).toBeDefined();
      expect(row!.endsWith(hints), t.name).toBe(true);
    }
  });

  it("list every setting with its env vars, flag and default", () => {
    const table = renderConfigTable(SETTINGS);
    expect(table).toContain("| `O365_HTTP_PORT` | `--port` | `port` | HTTP transport port | `3000` |");
    expect(table).toContain("`--no-verify-tls`");
    expect(table).toContain("`O365_CONFIG` | `--config FILE`");
    for (const s of SETTINGS) {
      for (const e of s.env) expect(table).toContain(`\`${e}\``);
      if (s.flag) expect(table).toContain(`\`--${s.flag}\``);
    }
  });

  it("summarise a tool by the first sentence of its description", () => {
    expect(summaryOf("Lists the Audit.Exchange blobs. Use it first, e.g. daily.")).toBe(
      "Lists the Audit.Exchange blobs.",
    );
    expect(summaryOf("No full stop")).toBe("No full stop");
  });

  it("refuse a README without the marker comments", () => {
    expect(() => replaceGenerated("# title\n", "tools", "x")).toThrow(/generated:tools/);
  });
});
