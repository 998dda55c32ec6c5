// tools/list is the SDK's own answer, built once per change of the tool set and then served from memory: it
// is stable between calls and follows every change to the tool set at once.

import type { StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createServer } from "../../src/server.js";
import { connectClient, fakeDeps } from "../helpers/fake-deps.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function start() {
  const mcp = createServer(fakeDeps({}));
  const client = await connectClient(mcp.server);
  closers.push(async () => {
    await client.close();
    await mcp.close();
  });
  return { server: mcp.server, client };
}

const descriptionOf = async (client: Awaited<ReturnType<typeof start>>["client"], name: string) =>
  (await client.listTools()).tools.find((t) => t.name === name)?.description;

describe("tools/list", () => {
  it("answers the same list on every call", async () => {
    const { client } = await start();
    const first = await client.listTools();
    expect(first.tools.length).toBeGreaterThan(5);
    expect(await client.listTools()).toEqual(first);
  });

  it("converts the schemas once, not on every call", async () => {
    const { server, client } = await start();
    let conversions = 0;
    const counted = {
      "~standard": {
        version: 1,
        vendor: "test",
        validate: (value: unknown) => ({ value }),
        jsonSchema: {
          input: () => {
            conversions++;
            return { type: "object", properties: { n: { type: "number" } } };
          },
          output: () => ({ type: "object" }),
        },
      },
    } as StandardSchemaWithJSON;
    server.registerTool("probe", { description: "p", inputSchema: counted }, async () => ({ content: [] }));
    const first = await client.listTools();
    for (let i = 0; i < 5; i++) expect(await client.listTools()).toEqual(first);
    expect(conversions).toBe(1);
    server.registerTool("probe2", { description: "q" }, async () => ({ content: [] }));
    expect((await client.listTools()).tools.map((t) => t.name)).toContain("probe2");
    expect(conversions).toBe(2);
  });

  it("serves a new list after update()", async () => {
    const { server, client } = await start();
    const probe = server.registerTool(
      "probe",
      { description: "before", inputSchema: z.object({ n: z.number().optional() }) },
      async () => ({ content: [] }),
    );
    expect(await descriptionOf(client, "probe")).toBe("before");
    probe.update({ description: "after" });
    expect(await descriptionOf(client, "probe")).toBe("after");
  });

  it("drops disabled and removed tools at once", async () => {
    const { server, client } = await start();
    const probe = server.registerTool("probe", { description: "p" }, async () => ({ content: [] }));
    expect((await client.listTools()).tools.map((t) => t.name)).toContain("probe");
    probe.disable();
    expect((await client.listTools()).tools.map((t) => t.name)).not.toContain("probe");
    probe.enable();
    expect((await client.listTools()).tools.map((t) => t.name)).toContain("probe");
    probe.remove();
    expect((await client.listTools()).tools.map((t) => t.name)).not.toContain("probe");
  });
});
