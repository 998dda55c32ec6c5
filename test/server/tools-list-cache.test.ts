// tools/list is computed once and served from a cache until the tool set changes (issue 6: the SDK rebuilds
// every JSON Schema on each call). What a client sees must stay exactly what the SDK would answer.
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

describe("tools/list cache", () => {
  it("answers the same list on every call", async () => {
    const { client } = await start();
    const first = await client.listTools();
    expect(first.tools.length).toBeGreaterThan(5);
    expect(await client.listTools()).toEqual(first);
  });

  it("serves the cached list while no change is announced, and a new list after update()", async () => {
    const { server, client } = await start();
    const probe = server.registerTool(
      "probe",
      { description: "before", inputSchema: { n: z.number().optional() } },
      async () => ({ content: [] }),
    );
    expect(await descriptionOf(client, "probe")).toBe("before");
    // A direct property write announces nothing: the cached answer stands (proof the cache is used).
    probe.description = "silent";
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
