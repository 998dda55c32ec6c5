// The floor for start-up (tool-latency): a bare MCP server on the same SDK, one trivial tool, over stdio.
// Spawn-to-initialize of this process is what any server on this SDK and this Node pays.
import { McpServer } from "@modelcontextprotocol/server";
import { StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import { z } from "zod";

const server = new McpServer({ name: "bare", version: "0" });
server.registerTool("echo", { description: "echo", inputSchema: z.object({ text: z.string() }) }, (args) => ({
  content: [{ type: "text", text: args.text }],
}));
await server.connect(new StdioServerTransport());
