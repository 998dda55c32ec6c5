// Shared set-up for the HTTP transport tests: a tiny MCP server (one tool) behind startHttp, and a raw
// HTTP request helper that can send any Host/Origin header (fetch cannot set Host).
import { request } from "node:http";
import { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { Config } from "../../src/config/types.js";
import type { ServerDeps } from "../../src/deps.js";
import type { McpServerFactory } from "../../src/transports/http.js";

export const INIT_BODY = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
};

export const MCP_HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
};

export function fakeDeps(http: Partial<Config["http"]> = {}, lines: string[] = []): ServerDeps {
  const config = {
    transport: "http",
    http: {
      host: "127.0.0.1",
      port: 0,
      allowedOrigins: [],
      stateless: false,
      maxSessions: 32,
      sessionIdleMs: 60_000,
      maxBodyBytes: 1_000_000,
      rateLimitPerMinute: 10_000,
      ...http,
    },
  } as Config;
  return { config, log: (line: string) => lines.push(line) } as unknown as ServerDeps;
}

/** A server with one read-only tool, `echo`, so the transport is tested without the Office 365 layers. */
export const echoServerFactory: McpServerFactory = () => {
  const server = new McpServer({ name: "echo", version: "0.0.0" });
  server.registerTool(
    "echo",
    {
      description: "Echoes its text",
      inputSchema: z.object({ text: z.string() }),
      outputSchema: z.object({ text: z.string() }),
    },
    async ({ text }) => ({ content: [{ type: "text", text }], structuredContent: { text } }),
  );
  return { server, close: () => server.close() };
};

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function rawRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? "POST", headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** POSTs an initialize request and returns the response (session id in headers["mcp-session-id"]). */
export function rawInitialize(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest(url, { headers: { ...MCP_HEADERS, ...headers }, body: JSON.stringify(INIT_BODY) });
}
