import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterEach, describe, expect, it } from "vitest";
import { type HttpHandle, startHttp } from "../../src/transports/http.js";
import {
  echoServerFactory,
  fakeDeps,
  MCP_HEADERS,
  rawInitialize,
  rawRequest,
} from "../helpers/http-transport.js";

let handle: HttpHandle | undefined;
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => {})));
  await handle?.close();
  handle = undefined;
});

async function connect(url: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const client = new Client({ name: "t", version: "0" });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  clients.push(client);
  return { client, transport };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("HTTP transport sessions", () => {
  it("gives every initialize its own Mcp-Session-Id", async () => {
    handle = await startHttp(fakeDeps(), { serverFactory: echoServerFactory });
    const a = await rawInitialize(handle.url);
    const b = await rawInitialize(handle.url);
    expect(a.headers["mcp-session-id"]).toMatch(/^[\x21-\x7e]{16,}$/);
    expect(b.headers["mcp-session-id"]).not.toBe(a.headers["mcp-session-id"]);
  });

  it("answers 404 to an unknown session and 400 to a non-initialize request without one", async () => {
    handle = await startHttp(fakeDeps(), { serverFactory: echoServerFactory });
    const ping = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" });
    const unknown = await rawRequest(handle.url, {
      headers: { ...MCP_HEADERS, "mcp-session-id": "nope" },
      body: ping,
    });
    expect(unknown.status).toBe(404);
    const missing = await rawRequest(handle.url, { headers: MCP_HEADERS, body: ping });
    expect(missing.status).toBe(400);
  });

  it("ends a session on DELETE", async () => {
    handle = await startHttp(fakeDeps(), { serverFactory: echoServerFactory });
    const { client, transport } = await connect(handle.url);
    const sid = transport.sessionId!;
    await transport.terminateSession();
    const res = await rawRequest(handle.url, {
      method: "POST",
      headers: { ...MCP_HEADERS, "mcp-session-id": sid },
      body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/list" }),
    });
    expect(res.status).toBe(404);
    await expect(client.listTools()).rejects.toThrow();
  });

  it("evicts the idlest session when maxSessions is reached", async () => {
    handle = await startHttp(fakeDeps({ maxSessions: 2 }), { serverFactory: echoServerFactory });
    const first = await connect(handle.url);
    await sleep(5);
    const second = await connect(handle.url);
    await sleep(5);
    await second.client.listTools(); // second is now the most recently active
    const third = await connect(handle.url);
    await expect(first.client.listTools()).rejects.toThrow(/404|Session not found/);
    expect((await second.client.listTools()).tools).toHaveLength(1);
    expect((await third.client.listTools()).tools).toHaveLength(1);
  });

  it("expires a session idle for longer than sessionIdleMs, and keeps an active one", async () => {
    let now = 1_000_000;
    handle = await startHttp(fakeDeps({ sessionIdleMs: 100 }), {
      serverFactory: echoServerFactory,
      nowMs: () => now,
    });
    const idle = await connect(handle.url);
    const busy = await connect(handle.url);
    // The clock moves in steps shorter than sessionIdleMs with activity after each, so a sweep (every 50 ms)
    // that runs between a step and the request never sees the busy session idle for too long.
    for (let step = 0; step < 5; step++) {
      now += 90;
      await busy.client.listTools();
    }
    await sleep(200);
    await expect(idle.client.listTools()).rejects.toThrow(/404|Session not found/);
    expect((await busy.client.listTools()).tools).toHaveLength(1);
  });
});

describe("HTTP transport stateless mode", () => {
  it("serves clients without session ids and refuses GET and DELETE with 405", async () => {
    handle = await startHttp(fakeDeps({ stateless: true }), { serverFactory: echoServerFactory });
    const init = await rawInitialize(handle.url);
    expect(init.status).toBe(200);
    expect(init.headers["mcp-session-id"]).toBeUndefined();
    const { client } = await connect(handle.url);
    const result = await client.callTool({ name: "echo", arguments: { text: "stateless" } });
    expect(result.structuredContent).toEqual({ text: "stateless" });
    const get = await rawRequest(handle.url, { method: "GET", headers: { accept: "text/event-stream" } });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe("POST");
    expect((await rawRequest(handle.url, { method: "DELETE" })).status).toBe(405);
  });

  it("answers a tools/list sent without initialize, as a load-balanced replica must", async () => {
    handle = await startHttp(fakeDeps({ stateless: true }), { serverFactory: echoServerFactory });
    const res = await rawRequest(handle.url, {
      headers: { ...MCP_HEADERS, "mcp-protocol-version": "2025-11-25" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/list" }),
    });
    expect(res.status).toBe(200);
    expect(res.body).toContain('"echo"');
  });
});
