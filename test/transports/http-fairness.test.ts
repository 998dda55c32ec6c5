// The HTTP transport is fair and strict: a flood of unauthenticated requests does not lock out the real
// client, a JSON-RPC batch pays for every message it holds, and a session answers only the client that
// created it.
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

const TOKEN = "fairness-token-0123456789-abcdefghij";
const handles: HttpHandle[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) await h.close();
});

async function serve(http: Parameters<typeof fakeDeps>[0]): Promise<HttpHandle> {
  const handle = await startHttp(fakeDeps(http), { serverFactory: echoServerFactory });
  handles.push(handle);
  return handle;
}

const ping = (id: number) => ({ jsonrpc: "2.0", id, method: "ping" });

describe("HTTP transport fairness", () => {
  it("checks the token before the rate limit: 60 bad attempts leave the real client its whole budget", async () => {
    const handle = await serve({ token: TOKEN, rateLimitPerMinute: 20 });
    const bad: number[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await rawInitialize(handle.url, i % 2 ? { authorization: "Bearer wrong" } : {});
      bad.push(res.status);
    }
    // Failed attempts are limited on their own budget: the first 20 get 401, the rest 429.
    expect(bad.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(new Set(bad.slice(20))).toEqual(new Set([429]));
    // The real client, same address, is untouched: initialize and all of its 12 calls succeed.
    const client = new Client({ name: "real", version: "0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(handle.url), {
        requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
      }),
    );
    for (let i = 0; i < 12; i++) {
      const r = await client.callTool({ name: "echo", arguments: { text: `n${i}` } });
      expect(r.structuredContent).toEqual({ text: `n${i}` });
    }
    await client.close();
  });

  it("counts a JSON-RPC batch as one request per message it holds", async () => {
    const handle = await serve({ rateLimitPerMinute: 5 });
    const init = await rawInitialize(handle.url);
    const sid = String(init.headers["mcp-session-id"]);
    const headers = { ...MCP_HEADERS, "mcp-session-id": sid, "mcp-protocol-version": "2025-11-25" };
    // 1 (initialize) + a batch of 10 > 5: refused before the server sees it.
    const batch = await rawRequest(handle.url, {
      headers,
      body: JSON.stringify(Array.from({ length: 10 }, (_, i) => ping(i + 2))),
    });
    expect(batch.status).toBe(429);
    expect(batch.headers["retry-after"]).toMatch(/^\d+$/);
    expect(JSON.parse(batch.body)).toMatchObject({ error: { code: -32000, message: "Too Many Requests" } });
  });

  it("answers a session only to the client that created it (another User-Agent or Origin gets 404)", async () => {
    const handle = await serve({ allowedOrigins: ["https://console.example.com"] });
    const init = await rawInitialize(handle.url, { "user-agent": "owner-client/1" });
    const sid = String(init.headers["mcp-session-id"]);
    expect(init.status).toBe(200);
    const call = (extra: Record<string, string>) =>
      rawRequest(handle.url, {
        headers: { ...MCP_HEADERS, "mcp-session-id": sid, "mcp-protocol-version": "2025-11-25", ...extra },
        body: JSON.stringify(ping(9)),
      });
    expect((await call({ "user-agent": "owner-client/1" })).status).toBe(200);
    const other = await call({ "user-agent": "other-client/2" });
    expect(other.status).toBe(404);
    expect(JSON.parse(other.body)).toMatchObject({ error: { code: -32001, message: "Session not found" } });
    const page = await call({ "user-agent": "owner-client/1", origin: "https://console.example.com" });
    expect(page.status).toBe(404);
    // DELETE by another client does not end it either.
    const del = await rawRequest(handle.url, {
      method: "DELETE",
      headers: {
        "mcp-session-id": sid,
        "user-agent": "other-client/2",
        "mcp-protocol-version": "2025-11-25",
      },
    });
    expect(del.status).toBe(404);
    expect((await call({ "user-agent": "owner-client/1" })).status).toBe(200);
  });
});
