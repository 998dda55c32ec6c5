import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createServer } from "../../src/server.js";
import { connectClient, fakeDeps } from "../helpers/fake-deps.js";

const SNAPSHOT = join(dirname(fileURLToPath(import.meta.url)), "../__snapshots__/tools-list.json");
/** The whole catalogue, at most 21 KB: the ten tools here plus room for two more of <= 1,800 B each. */
const CATALOGUE_CEILING = 21_000;
const SEED_TOOLS = [
  "list_subscriptions",
  "start_subscription",
  "stop_subscription",
  "list_available_content",
  "retrieve_content",
  "message_trace",
];

/** Stable JSON: keys sorted at every level, so the snapshot only changes when the schema does. */
function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function start(config: Parameters<typeof fakeDeps>[0]["config"] = {}) {
  const { server, close } = createServer(fakeDeps({ config }));
  const client = await connectClient(server);
  closers.push(async () => {
    await client.close();
    await close();
  });
  return client;
}

describe("createServer", () => {
  it("identifies itself and declares logging, resources, tools, prompts and completions", async () => {
    const client = await start();
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(client.getServerVersion()).toMatchObject({ name: "office365-mcp", version: pkg.version });
    expect(client.getServerCapabilities()).toMatchObject({
      logging: {},
      completions: {},
      tools: { listChanged: true },
      prompts: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
    });
    const instructions = client.getInstructions() ?? "";
    expect(instructions).toContain("message_trace");
    expect(instructions).toContain("search_audit_log");
    expect(instructions).toMatch(/untrusted/);
  });

  it("lists the six seed tools with descriptions and all four annotation hints", async () => {
    const { tools } = await (await start()).listTools();
    const names = tools.map((t) => t.name);
    for (const name of SEED_TOOLS) expect(names).toContain(name);
    for (const tool of tools) {
      expect(tool.description?.length ?? 0).toBeGreaterThan(80);
      for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"]) {
        expect(typeof (tool.annotations as Record<string, unknown>)[hint], `${tool.name}.${hint}`).toBe(
          "boolean",
        );
      }
      expect(tool.outputSchema).toBeDefined();
    }
    const stop = tools.find((t) => t.name === "stop_subscription");
    expect(stop?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(stop?.description).toMatch(/lost and cannot be recovered/);
  });

  it("describes every input field", async () => {
    const { tools } = await (await start()).listTools();
    for (const tool of tools.filter((t) => SEED_TOOLS.includes(t.name))) {
      const props = (tool.inputSchema.properties ?? {}) as Record<string, { description?: string }>;
      for (const [field, schema] of Object.entries(props)) {
        expect(schema.description, `${tool.name}.${field}`).toBeTruthy();
      }
    }
  });

  it("hides start_subscription and stop_subscription in read-only mode", async () => {
    const names = (await (await start({ readOnly: true })).listTools()).tools.map((t) => t.name);
    expect(names).toContain("list_subscriptions");
    expect(names).not.toContain("start_subscription");
    expect(names).not.toContain("stop_subscription");
  });

  it("matches the committed tools/list snapshot (UPDATE_SNAPSHOTS=1 rewrites it)", async () => {
    const { tools } = await (await start()).listTools();
    const actual = stableJson(tools);
    if (process.env.UPDATE_SNAPSHOTS === "1") {
      mkdirSync(dirname(SNAPSHOT), { recursive: true });
      writeFileSync(SNAPSHOT, actual);
    }
    expect(existsSync(SNAPSHOT), "snapshot missing: run with UPDATE_SNAPSHOTS=1").toBe(true);
    expect(actual).toBe(readFileSync(SNAPSHOT, "utf8"));
  });

  it("keeps the catalogue at most 21 KB, saying which data is untrusted", async () => {
    const { tools } = await (await start()).listTools();
    expect(Buffer.byteLength(JSON.stringify(tools))).toBeLessThanOrEqual(CATALOGUE_CEILING);
    // what a model needs to choose and call stays: every description says when to use the tool, and
    // every tool that returns tenant data says which of it is untrusted
    for (const tool of tools) expect(tool.description, tool.name).toMatch(/\bUse it\b|\bOnly when\b/);
    for (const name of [
      "search_audit_log",
      "retrieve_content",
      "message_trace",
      "message_trace_detail",
      "diagnose",
      "build_timeline",
    ]) {
      expect(tools.find((t) => t.name === name)?.description, name).toMatch(/Untrusted: /);
    }
    // output schemas keep their shape (the results are still validated against the zod schemas)
    const search = tools.find((t) => t.name === "search_audit_log");
    expect(Object.keys(search?.outputSchema?.properties ?? {})).toEqual(
      expect.arrayContaining(["matches", "coverage", "totalMatches", "nextCursor"]),
    );
  });
});
