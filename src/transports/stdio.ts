// stdio transport: newline-delimited JSON-RPC on stdout, everything else on stderr (mcp-notes.md 1.11, 5.2).

import type { Readable, Writable } from "node:stream";
import { StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import type { ServerDeps } from "../deps.js";
import { type McpServerFactory, resolveServerFactory } from "./server-factory.js";

export interface StdioOptions {
  stdin?: Readable;
  stdout?: Writable;
  serverFactory?: McpServerFactory;
  /** Stop on SIGINT/SIGTERM too (default true; the CLI, which listens from its start, turns it off). */
  handleSignals?: boolean;
  /** Stop when this settles (the CLI's signal promise). */
  until?: Promise<void>;
}

/**
 * A stray console.log from a dependency would corrupt the protocol stream, so in stdio mode console.log,
 * console.info and console.debug write to stderr.
 */
export function routeConsoleToStderr(): void {
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}

/** Serves MCP on stdin/stdout until stdin ends or a signal arrives; resolves once the server is closed. */
export async function runStdio(deps: ServerDeps, opts: StdioOptions = {}): Promise<void> {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  if (stdout === process.stdout) routeConsoleToStderr();
  const mcp = (await resolveServerFactory(opts.serverFactory))(deps);
  const transport = new StdioServerTransport(stdin, stdout);

  let finish!: () => void;
  const ended = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const stop = () => finish();
  const signals: NodeJS.Signals[] = opts.handleSignals === false ? [] : ["SIGINT", "SIGTERM"];
  for (const s of signals) process.once(s, stop);
  stdin.once("end", stop);
  stdin.once("close", stop);
  stdout.once("error", stop); // EPIPE: the client is gone
  transport.onclose = stop;
  void opts.until?.then(stop, stop);

  await mcp.server.connect(transport);
  await ended;

  for (const s of signals) process.off(s, stop);
  stdin.off("end", stop);
  stdin.off("close", stop);
  stdout.off("error", stop);
  await mcp.close().catch((e: unknown) => deps.log(`stdio: error while closing: ${String(e)}`));
}
