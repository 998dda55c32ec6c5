// The product as a child process over stdio, driven by the SDK client, so its RSS and CPU can be read
// from /proc without the benchmark's own memory in the way.
import { type CallToolResult, Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { CLI } from "./emulator-process.js";

export interface StdioServer {
  client: Client;
  pid: number;
  stderr(): string;
  call(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

const CALL_TIMEOUT_MS = 5 * 60_000;

/** `nodeFlags` go to node itself (e.g. --cpu-prof when looking for a bottleneck). */
export async function startStdioServer(
  env: Record<string, string>,
  args: string[] = [],
  nodeFlags: string[] = [],
): Promise<StdioServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...nodeFlags, CLI, ...args],
    env,
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (c: Buffer) => {
    stderr = (stderr + c.toString("utf8")).slice(-20_000);
  });
  const client = new Client({ name: "office365-mcp-bench", version: "0" });
  await client.connect(transport);
  const pid = transport.pid;
  if (pid === null) throw new Error("the server process has no pid");
  return {
    client,
    pid,
    stderr: () => stderr,
    async call(name, args) {
      const result = await client.callTool(
        { name, arguments: args },
        {
          timeout: CALL_TIMEOUT_MS,
          resetTimeoutOnProgress: true,
        },
      );
      return result as CallToolResult;
    },
    close: () => client.close(),
  };
}
