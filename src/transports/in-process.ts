// In-process client for `office365-mcp call`: the real server behind an in-memory transport, so a shell
// call goes through exactly the same registration, validation and rendering as a call from an MCP client.

import { type CallToolResult, Client, InMemoryTransport } from "@modelcontextprotocol/client";
import type { ServerDeps } from "../deps.js";
import { type McpServerFactory, resolveServerFactory } from "./server-factory.js";

export interface InProcessSession {
  client: Client;
  /** Calls a tool; progress notifications go to onProgress. Long audit searches may take minutes. */
  callTool(
    name: string,
    args: Record<string, unknown>,
    onProgress?: (line: string) => void,
  ): Promise<CallToolResult>;
  close(): Promise<void>;
}

const CALL_TIMEOUT_MS = 10 * 60_000;

export async function connectInProcess(
  deps: ServerDeps,
  factory?: McpServerFactory,
): Promise<InProcessSession> {
  const mcp = (await resolveServerFactory(factory))(deps);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "office365-mcp-cli", version: "0.1.0" });
  await Promise.all([mcp.server.connect(serverSide), client.connect(clientSide)]);
  return {
    client,
    async callTool(name, args, onProgress) {
      const result = await client.callTool(
        { name, arguments: args },
        {
          timeout: CALL_TIMEOUT_MS,
          resetTimeoutOnProgress: true,
          onprogress: onProgress
            ? (p) =>
                onProgress(
                  `progress ${p.progress}${p.total ? `/${p.total}` : ""}${p.message ? ` ${p.message}` : ""}`,
                )
            : undefined,
        },
      );
      return result as CallToolResult;
    },
    async close() {
      await client.close();
      await mcp.close();
    },
  };
}
