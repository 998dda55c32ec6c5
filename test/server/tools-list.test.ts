// tools/list is the SDK's own answer, computed from the registered tools on each call: it is stable between
// calls and follows every change to the tool set at once.
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
