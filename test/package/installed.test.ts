// The package as a user gets it: `npm pack` (whose prepack builds a fresh dist/ with tsconfig.build.json),
// then `npm install --omit=dev` of the tarball into an empty prefix (needs the npm registry), then the
// installed bin driven by a real MCP client over stdio and by `office365-mcp call`. The pack runs in a copy
// of the sources: prepack empties dist/src, which other test files are running at the same time.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv } from "../helpers/run-cli.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SOURCES = [
  "package.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "README.md",
  "LICENSE",
  "CHANGELOG.md",
];
const SOURCE_DIRS = ["src", "tools", "prompts"];
const WIN = process.platform === "win32";
const NPM = WIN ? "npm.cmd" : "npm";
/**
 * About 25% above the packed size on 2026-12-01 (190 kB, 188 files): a stray blob or folder fails. Raised
 * for find_suspicious_activity's rule set (src/findings, about 30 small files): 251 kB packed.
 */
const MAX_PACKED_BYTES = 280_000;
const PUBLISHED = /^(dist\/(src|tools|prompts)\/.+\.js|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;

interface Pack {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string }[];
}

let work: string;
let pack: Pack;
let bin: string;

function npm(args: string[], cwd: string): string {
  // shell on Windows only: npm.cmd cannot be spawned directly there.
  return execFileSync(NPM, args, {
    cwd,
    encoding: "utf8",
    env: cleanEnv(),
    stdio: ["ignore", "pipe", "pipe"],
    shell: WIN,
  });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "o365-pack-"));
  const tree = join(work, "tree");
  mkdirSync(tree);
  for (const f of SOURCES) cpSync(join(ROOT, f), join(tree, f));
  for (const d of SOURCE_DIRS) cpSync(join(ROOT, d), join(tree, d), { recursive: true });
  // The shared install provides tsc for prepack; nothing is installed into it.
  symlinkSync(realpathSync(join(ROOT, "node_modules")), join(tree, "node_modules"), "junction");

  const out = npm(["pack", "--json", "--pack-destination", work], tree);
  // prepack's banner may precede the JSON array on stdout.
  const json = out.startsWith("[") ? 0 : out.indexOf("\n[") + 1;
  [pack] = JSON.parse(out.slice(json)) as Pack[];
  process.stderr.write(
    `packed ${pack.filename}: ${pack.size} bytes (${(pack.size / 1000).toFixed(1)} kB), ` +
      `${pack.entryCount} files, ${(pack.unpackedSize / 1000).toFixed(1)} kB unpacked\n`,
  );

  const prefix = join(work, "prefix");
  mkdirSync(prefix);
  npm(
    ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefix", prefix, join(work, pack.filename)],
    work,
  );
  bin = join(prefix, "node_modules", ".bin", WIN ? "office365-mcp.cmd" : "office365-mcp");
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed and installed package", { timeout: 120_000 }, () => {
  it("holds the built server, README.md, LICENSE and CHANGELOG.md, nothing else, under the size ceiling", () => {
    const files = pack.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining(["dist/src/cli.js", "package.json", "README.md", "LICENSE", "CHANGELOG.md"]),
    );
    expect(files.some((f) => f.startsWith("dist/tools/"))).toBe(true);
    expect(files.some((f) => f.startsWith("dist/prompts/"))).toBe(true);
    expect(files.filter((f) => !PUBLISHED.test(f))).toEqual([]);
    expect(pack.size, `packed size ${pack.size} bytes`).toBeLessThan(MAX_PACKED_BYTES);
  });

  it("serves MCP over stdio from the installed bin: initialize, tools/list, tools/call", async () => {
    const transport = new StdioClientTransport({
      command: bin,
      args: ["--demo"],
      env: cleanEnv(),
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    const client = new Client({ name: "installed-package", version: "0" });
    try {
      await client.connect(transport);
      expect(client.getServerVersion()?.name, stderr).toBeDefined();
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(
        expect.arrayContaining(["list_subscriptions", "message_trace", "search_audit_log"]),
      );
      const result = await client.callTool({ name: "list_subscriptions", arguments: {} });
      expect(result, stderr).toBeToolResult();
      expect(JSON.stringify(result.structuredContent)).toContain("Audit.Exchange");
    } finally {
      await client.close();
    }
  });

  it("runs `office365-mcp call list_subscriptions '{}' --demo` and prints JSON", () => {
    // execFileSync throws on a non-zero exit, with stderr in the error.
    const out = execFileSync(bin, ["call", "list_subscriptions", "{}", "--demo"], {
      encoding: "utf8",
      env: cleanEnv(),
      stdio: ["ignore", "pipe", "pipe"],
      shell: WIN,
    });
    expect(JSON.stringify(JSON.parse(out))).toContain("Audit.Exchange");
  });
});
