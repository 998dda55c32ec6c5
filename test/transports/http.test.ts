import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpHandle, startHttp } from "../../src/transports/http.js";
import {
  echoServerFactory,
  fakeDeps,
  INIT_BODY,
  MCP_HEADERS,
  rawInitialize,
  rawRequest,
} from "../helpers/http-transport.js";

const TOKEN = "s3cret-http-token-for-tests";

describe("HTTP transport security checks", () => {
  let open: HttpHandle;
  let guarded: HttpHandle;
  const lines: string[] = [];

  beforeAll(async () => {
    open = await startHttp(fakeDeps({ allowedOrigins: ["https://console.example.com"] }, lines), {
      serverFactory: echoServerFactory,
    });
    guarded = await startHttp(fakeDeps({ token: TOKEN, maxBodyBytes: 2048 }, lines), {
      serverFactory: echoServerFactory,
    });
  });
  afterAll(async () => {
    await open?.close();
    await guarded?.close();
  });

  it("serves tools over Streamable HTTP to the SDK client", async () => {
    const client = new Client({ name: "t", version: "0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(open.url)));
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toEqual(["echo"]);
    const result = await client.callTool({ name: "echo", arguments: { text: "hi" } });
    expect(result.structuredContent).toEqual({ text: "hi" });
    await client.close();
  });

  it("prints its URL on the log sink, bound to 127.0.0.1", () => {
    expect(open.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(lines).toContain(`office365-mcp: listening on ${open.url}`);
  });

  it("answers /healthz with ok and no auth", async () => {
    const res = await rawRequest(guarded.url.replace("/mcp", "/healthz"), { method: "GET" });
    expect(res.status).toBe(200);
    expect(res.body).toBe("ok");
  });

  it("rejects a foreign Host header with 403 and a JSON-RPC error", async () => {
    const port = new URL(open.url).port;
    const res = await rawInitialize(open.url, { host: `evil.example:${port}` });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ jsonrpc: "2.0", error: { code: -32000 }, id: null });
  });

  it("rejects the right host name on the wrong port", async () => {
    const res = await rawInitialize(open.url, { host: "localhost:1" });
    expect(res.status).toBe(403);
  });

  it("accepts localhost and [::1] Host headers with the bound port", async () => {
    const port = new URL(open.url).port;
    expect((await rawInitialize(open.url, { host: `localhost:${port}` })).status).toBe(200);
    expect((await rawInitialize(open.url, { host: `[::1]:${port}` })).status).toBe(200);
  });

  it("rejects a foreign Origin with 403", async () => {
    const res = await rawInitialize(open.url, { origin: "http://evil.example" });
    expect(res.status).toBe(403);
    expect(res.body).toContain("Origin");
  });

  it("accepts a loopback Origin on any port and a configured Origin", async () => {
    expect((await rawInitialize(open.url, { origin: "http://localhost:6274" })).status).toBe(200);
    expect((await rawInitialize(open.url, { origin: "https://console.example.com" })).status).toBe(200);
    expect((await rawInitialize(open.url, { origin: "null" })).status).toBe(403);
  });

  it("answers 401 with a Bearer challenge when the token is missing", async () => {
    const res = await rawInitialize(guarded.url);
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe('Bearer realm="office365-mcp"');
    expect(res.body).not.toContain(TOKEN);
  });

  it("answers 401 with invalid_token when the token is wrong", async () => {
    const res = await rawInitialize(guarded.url, { authorization: `Bearer ${TOKEN}x` });
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe('Bearer realm="office365-mcp", error="invalid_token"');
  });

  it("lets a client with the right bearer token call tools", async () => {
    const client = new Client({ name: "t", version: "0" });
    const transport = new StreamableHTTPClientTransport(new URL(guarded.url), {
      requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
    });
    await client.connect(transport);
    const result = await client.callTool({ name: "echo", arguments: { text: "authorized" } });
    expect(result.structuredContent).toEqual({ text: "authorized" });
    await client.close();
  });

  it("answers 413 to a body over maxBodyBytes, with or without Content-Length", async () => {
    const big = JSON.stringify({ ...INIT_BODY, padding: "x".repeat(4096) });
    const headers = { ...MCP_HEADERS, authorization: `Bearer ${TOKEN}` };
    const declared = await rawRequest(guarded.url, { headers, body: big });
    expect(declared.status).toBe(413);
    const chunked = await rawRequest(guarded.url, {
      headers: { ...headers, "transfer-encoding": "chunked" },
      body: big,
    });
    expect(chunked.status).toBe(413);
  });

  it("answers 400 with a JSON-RPC parse error to a body that is not JSON", async () => {
    const res = await rawRequest(open.url, { headers: MCP_HEADERS, body: "{not json" });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe(-32700);
  });

  it("answers 404 outside /mcp and 405 to other methods", async () => {
    expect((await rawRequest(open.url.replace("/mcp", "/other"), { method: "GET" })).status).toBe(404);
    expect((await rawRequest(open.url, { method: "PUT", headers: MCP_HEADERS, body: "{}" })).status).toBe(
      405,
    );
  });

  it("refuses to bind a non-loopback address without a token", async () => {
    await expect(
      startHttp(fakeDeps({ host: "0.0.0.0" }), { serverFactory: echoServerFactory }),
    ).rejects.toThrow(/without a bearer token/);
  });
});

describe("HTTP transport rate limit", () => {
  it("answers 429 with Retry-After once a client exceeds its per-minute budget", async () => {
    const handle = await startHttp(fakeDeps({ rateLimitPerMinute: 3 }), { serverFactory: echoServerFactory });
    try {
      const statuses: number[] = [];
      let last = await rawInitialize(handle.url);
      statuses.push(last.status);
      for (let i = 0; i < 3; i++) {
        last = await rawInitialize(handle.url);
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(Number(last.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      // the health probe is never rate limited
      expect((await rawRequest(handle.url.replace("/mcp", "/healthz"), { method: "GET" })).status).toBe(200);
    } finally {
      await handle.close();
    }
  });
});
