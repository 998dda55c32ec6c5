// Start-up cost: initialize, tools/list, prompts and resource listings must not load msal-node or
// undici (a few hundred ms of imports); the first API call loads them.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Harness, startHarness } from "../helpers/harness.js";

const loaded = vi.hoisted(() => [] as string[]);
vi.mock("@azure/msal-node", async (importOriginal) => {
  loaded.push("@azure/msal-node");
  return importOriginal();
});
vi.mock("undici", async (importOriginal) => {
  loaded.push("undici");
  return importOriginal();
});

describe("network stack loading", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it("answers initialize, tools/list, prompts/list and resources/list without loading msal-node or undici", async () => {
    expect(h.client.getServerVersion()?.name).toBe("office365-mcp");
    expect((await h.client.listTools()).tools.length).toBeGreaterThan(5);
    await h.client.listPrompts();
    await h.client.listResources();
    expect(loaded).toEqual([]);
  });

  it("loads both at the first tool call that needs the API, and the call succeeds", async () => {
    const result = await h.call("list_subscriptions");
    expect(result).toBeToolResult();
    expect(loaded).toEqual(expect.arrayContaining(["@azure/msal-node", "undici"]));
  });
});
