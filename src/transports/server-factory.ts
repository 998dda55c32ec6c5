import type { McpServer } from "@modelcontextprotocol/server";
import type { ServerDeps } from "../deps.js";

/** Builds one MCP server: per stdio process, per HTTP session, or per stateless HTTP request. */
export type McpServerFactory = (deps: ServerDeps) => { server: McpServer; close(): Promise<void> };

/**
 * The factory a transport uses: the caller's, else createServer. Loaded on demand so the transports (and
 * their tests) do not pull in every tool module when a factory is supplied.
 */
export async function resolveServerFactory(factory?: McpServerFactory): Promise<McpServerFactory> {
  return factory ?? (await import("../server.js")).createServer;
}
