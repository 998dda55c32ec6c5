// Integration harness: the local emulator over HTTPS, the real config/deps/server, and a real MCP Client
// connected over InMemoryTransport. Every tool/resource/prompt test goes through it.
import {
  type CallToolResult,
  Client,
  type ClientCapabilities,
  type ElicitRequest,
  type ElicitResult,
  InMemoryTransport,
  type LoggingMessageNotification,
} from "@modelcontextprotocol/client";
import type { RawConfigInput } from "../../src/config/load.js";
import type { Config } from "../../src/config/types.js";
import type { ServerDeps } from "../../src/deps.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle, EmulatorOptions } from "../../src/emulator/types.js";
import { createServer } from "../../src/server.js";
import { createDeps } from "../../src/wiring.js";
import { type EmulatorCredential, emulatorConfig } from "./emulator-config.js";

export interface HarnessOptions {
  emulator?: EmulatorOptions;
  /** Reuse a running emulator (not closed by close()); e.g. a second harness with a wrong secret. */
  emu?: EmulatorHandle;
  /** Settings applied after the emulator endpoints and the credential (see emulatorConfig). */
  config?: Record<string, unknown>;
  /** Which credential of the emulator tenant to use (default "secret"). */
  auth?: EmulatorCredential;
  /** Capabilities the test client declares (default: none, so no elicitation). */
  clientCapabilities?: ClientCapabilities;
  /** Answers elicitation/create when the client declared elicitation (default: accept with confirm=true). */
  onElicit?: (params: ElicitRequest["params"]) => ElicitResult | Promise<ElicitResult>;
  /** Clock for deps (the emulator has its own in `emulator.now`). */
  now?: () => Date;
}

export interface Harness {
  emu: EmulatorHandle;
  config: Config;
  deps: ServerDeps;
  client: Client;
  /** Calls a tool; never throws for tool errors (they come back as isError results). */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** Text of the first content block of a result. */
  text(result: CallToolResult): string;
  /** notifications/message received by the client. */
  logs: LoggingMessageNotification["params"][];
  /** notifications/resources/updated URIs received by the client. */
  updatedUris: string[];
  /** Lines written to deps.log (diagnostics and, without O365_AUDIT_LOG, the tool-call audit log). */
  stderr: string[];
  /** Elicitation requests the client received. */
  elicitations: ElicitRequest["params"][];
  close(): Promise<void>;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const ownEmulator = opts.emu === undefined;
  const emu = opts.emu ?? (await startEmulator({ quiet: true, ...opts.emulator }));
  const stderr: string[] = [];
  const config = emulatorConfig(emu, {
    auth: opts.auth,
    overrides: opts.config as Partial<RawConfigInput> | undefined,
  });
  const deps = await createDeps(config, { now: opts.now, log: (line: string) => stderr.push(line) });
  const { server, close: closeServer } = createServer(deps);

  const client = new Client(
    { name: "office365-mcp-test", version: "0.0.0" },
    { capabilities: opts.clientCapabilities ?? {} },
  );
  const logs: LoggingMessageNotification["params"][] = [];
  const updatedUris: string[] = [];
  const elicitations: ElicitRequest["params"][] = [];
  client.setNotificationHandler("notifications/message", (n) => {
    logs.push(n.params);
  });
  client.setNotificationHandler("notifications/resources/updated", (n) => {
    updatedUris.push(n.params.uri);
  });
  if (opts.clientCapabilities?.elicitation) {
    client.setRequestHandler("elicitation/create", async (req) => {
      elicitations.push(req.params);
      return opts.onElicit ? opts.onElicit(req.params) : { action: "accept", content: { confirm: true } };
    });
  }
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);

  return {
    emu,
    config,
    deps,
    client,
    async call(name, args = {}) {
      return (await client.callTool({ name, arguments: args })) as CallToolResult;
    },
    text(result) {
      const first = result.content[0];
      return first && first.type === "text" ? first.text : "";
    },
    logs,
    updatedUris,
    stderr,
    elicitations,
    async close() {
      await client.close();
      await closeServer();
      await deps.close();
      if (ownEmulator) await emu.close();
    },
  };
}
