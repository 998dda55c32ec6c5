// The published entry point as users run it: the esbuild bundle (scripts/build-bundle.mjs), built here into
// a directory of its own, driven over stdio by a real MCP client. Its tools/list is the committed snapshot,
// a demo call works (emulator and external dependencies load from their chunks), and a real-tenant start-up
// answers initialize and tools/list without loading the emulator, msal-node or undici.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundle } from "../../scripts/build-bundle.mjs";
import { cleanEnv } from "../helpers/run-cli.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SNAPSHOT = join(ROOT, "test/__snapshots__/tools-list.json");
const REAL_TENANT = {
  O365_TENANT_ID: "00000000-0000-4000-8000-000000000001",
  O365_CLIENT_ID: "00000000-0000-4000-8000-000000000002",
  O365_CLIENT_SECRET: "not-a-real-secret",
};

let work: string;
let outdir: string;
let hook: string;
let meta: Awaited<ReturnType<typeof buildBundle>>;

beforeAll(async () => {
  // Inside the repository (dist/), so the bundle finds package.json and node_modules as dist/bin does.
  work = mkdtempSync(join(ROOT, "dist", "bundle-test-"));
  outdir = join(work, "bin");
  meta = await buildBundle(outdir);
  // Logs every module file the process loads (module.register hooks, Node >= 20.6).
  writeFileSync(
    join(work, "hooks.mjs"),
    'export async function load(url, context, next) { process.stderr.write("LOADED " + url + "\\n"); return next(url, context); }\n',
  );
  hook = join(work, "register.mjs");
  writeFileSync(
    hook,
    `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(work, "hooks.mjs")).href)});\n`,
  );
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

async function connect(args: string[], env: Record<string, string>, nodeFlags: string[] = []) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...nodeFlags, join(outdir, "cli.js"), ...args],
    env: cleanEnv(env),
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (c: Buffer) => {
    stderr += c.toString("utf8");
  });
  const client = new Client({ name: "bundle-test", version: "0" });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

/** Output files (absolute) whose inputs include a path matching `input`. */
function outputsWith(input: RegExp): string[] {
  return Object.entries(meta.outputs)
    .filter(([, o]) => Object.keys(o.inputs).some((i) => input.test(i)))
    .map(([file]) => resolve(ROOT, file));
}

describe("the bundled entry point (dist/bin)", { timeout: 120_000 }, () => {
  it("ships what start-up parses lean: zod in English only, names as in the sources without wrappers", () => {
    const inputs = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs));
    expect(inputs.filter((i) => /zod\/v4\/locales\/(?!en\.js$)/.test(i))).toEqual([]);
    expect(inputs).toContain("node_modules/zod/v4/locales/en.js");
    const code = Object.keys(meta.outputs)
      .map((file) => readFileSync(resolve(ROOT, file), "utf8"))
      .join("\n");
    // Identifiers as in the sources: keepNames would rename them and restore each name with a __name() call
    // at every start-up (and at every call of a function that creates closures).
    expect(/\bO365Error=class extends Error\b/.test(code), "O365Error keeps its name").toBe(true);
    expect(code.includes("__name("), "__name() wrappers").toBe(false);
  });

  it("lists exactly the committed tools/list snapshot and runs a tool on the demo tenant", async () => {
    const { client, stderr } = await connect(["--demo"], {});
    try {
      expect(client.getServerVersion()?.name, stderr()).toBe("office365-mcp");
      const { tools } = await client.listTools();
      expect(tools).toEqual(JSON.parse(readFileSync(SNAPSHOT, "utf8")));
      const result = await client.callTool({ name: "list_subscriptions", arguments: {} });
      expect(result, stderr()).toBeToolResult();
      expect(JSON.stringify(result.structuredContent)).toContain("Audit.Exchange");
    } finally {
      await client.close();
    }
  });

  it("answers initialize and tools/list for a real tenant without loading the emulator, msal-node or undici", async () => {
    const emulatorChunks = outputsWith(/^src\/emulator\//);
    expect(emulatorChunks.length).toBeGreaterThan(0);
    const { client, stderr } = await connect([], REAL_TENANT, ["--import", hook]);
    try {
      expect((await client.listTools()).tools.length).toBeGreaterThan(5);
      const loaded = [...stderr().matchAll(/^LOADED (\S+)$/gm)].map((m) => m[1]);
      const files = loaded.filter((u) => u.startsWith("file:")).map((u) => fileURLToPath(u));
      expect(files).toContain(join(outdir, "cli.js"));
      expect(files.filter((f) => emulatorChunks.includes(f))).toEqual([]);
      expect(
        files.filter((f) => /node_modules[\\/](@azure[\\/]msal-node|undici|selfsigned)[\\/]/.test(f)),
      ).toEqual([]);
      // bundled: zod and the SDK come from the bundle, not from node_modules
      expect(
        files.filter((f) => /node_modules[\\/](zod|@modelcontextprotocol[\\/]server)[\\/]/.test(f)),
      ).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
