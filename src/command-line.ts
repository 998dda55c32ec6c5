// The office365-mcp command (entry: cli.ts): serve MCP over stdio or HTTP, run one tool (`call`), or run the
// emulator. stdout belongs to the protocol (stdio) or to the command's JSON result (`call`); everything else
// goes to stderr. Exit codes: 0 ok, 1 tool or runtime error, 2 usage or configuration error.
// Each command imports its transport when it runs, so the stdio start-up (the common case, where the
// client waits for `initialize`) never loads the HTTP server or the MCP client stack.

import { format } from "node:util";
import type { CallToolResult } from "@modelcontextprotocol/server";
import { emulatorOverrides } from "./config/emulator-overrides.js";
import { ConfigError, configHelp, loadConfig } from "./config/load.js";
import { createRedactor, type Redactor, redactorFor } from "./config/secret-redaction.js";
import type { Config } from "./config/types.js";
import type { ServerDeps } from "./deps.js";
import type { EmulatorHandle } from "./emulator/types.js";
import { invokedAs, noConfigurationHint, terminalGuidance } from "./first-run.js";
import { packageInfo } from "./package-info.js";
import { routeConsoleToStderr, runStdio } from "./transports/stdio.js";

const NAME = "office365-mcp";

const COMMANDS: [string, string][] = [
  [`${NAME} [options]`, "serve MCP over stdio (default), or HTTP with --transport http"],
  [`${NAME} --demo [options]`, "the same against a built-in emulated tenant (no credentials)"],
  [`${NAME} call <tool> ['<json>'] [options]`, "run one tool, print its structured result as JSON"],
  [`${NAME} emulator [--port N ...]`, "run the emulated tenant alone, print its endpoints as JSON"],
  [`${NAME} --version`, "print the version"],
  [`${NAME} --help`, "this text"],
];
const width = Math.max(...COMMANDS.map(([c]) => c.length)) + 2;
const USAGE = [
  "Usage:",
  ...COMMANDS.map(([c, d]) => `  ${c.padEnd(width)}${d}`),
  "",
  "HTTP transport: --transport http [--host 127.0.0.1] [--port 3000] [--http-token-file F] [--stateless]",
  "  endpoint /mcp, health probe /healthz (no auth); bearer token from O365_MCP_HTTP_TOKEN or O365_MCP_HTTP_TOKEN_FILE",
].join("\n");

class UsageError extends Error {}

// stderr is an edge where text leaves the process: the same redaction as MCP messages and the audit log.
// Token shapes from the start, the configured secrets once the configuration is known.
let redact: Redactor = createRedactor([]);
const say = (line: string) => process.stderr.write(`${redact(line)}\n`);

/** Whatever a dependency prints with console.* goes to stderr through the same redaction (stdout is the protocol's). */
function redactConsole(): void {
  const toStderr = (...args: unknown[]) => say(format(...args));
  for (const method of ["log", "info", "debug", "warn", "error"] as const) console[method] = toStderr;
}

/** Writes to stdout and waits until it is flushed, so process.exit cannot cut the JSON short. */
function writeStdout(text: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}

interface Runtime {
  config: Config;
  deps: ServerDeps;
  emulator?: EmulatorHandle;
  close(): Promise<void>;
}

/** --demo: start the emulator, silent until the configuration is known to be valid. */
async function startDemoTenant(): Promise<EmulatorHandle> {
  const { startEmulator, startOfUtcHour } = await import("./emulator/index.js");
  // Anchored at the hour so consecutive `call --demo` runs see the same content ids and incident times.
  // Audit search queries finish in 8 s: realistic enough to show the wait, snappy for a demo.
  return startEmulator({ quiet: true, historyEnd: startOfUtcHour(), auditQueryRunningMs: 8_000 });
}

/** Tells the user what the demo tenant is and what to ask (stderr). */
function announceDemoTenant(emulator: EmulatorHandle): void {
  const { tenantId, clientId, clientSecret, tokenUrl, managementUrl, graphUrl, reportingUrl, caCertFile } =
    emulator;
  // Unredacted on purpose: the demo tenant's own secret, which the user needs to point a client at it.
  process.stderr.write(
    `${JSON.stringify({
      tenantId,
      clientId,
      clientSecret,
      tokenUrl,
      managementUrl,
      graphUrl,
      reportingUrl,
      caCertFile,
    })}\n`,
  );
  say(
    `${NAME} demo: an emulated tenant is running. Ask: was the mail from ${emulator.incident.attackerSender} delivered, and what did the attacker do next?`,
  );
}

async function startRuntime(argv: string[]): Promise<Runtime> {
  const emulator = argv.includes("--demo") ? await startDemoTenant() : undefined;
  try {
    const config = loadConfig({
      argv,
      env: process.env,
      overrides: emulator ? emulatorOverrides(emulator) : undefined,
      warn: say,
    });
    if (emulator) announceDemoTenant(emulator);
    redact = redactorFor(config);
    redactConsole();
    // Loaded here so `--help` and `emulator` do not load the whole client stack.
    const { createDeps } = await import("./wiring.js");
    const deps = await createDeps(config);
    return {
      config,
      deps,
      emulator,
      async close() {
        await deps.close().catch(() => {});
        await emulator?.close().catch(() => {});
      },
    };
  } catch (e) {
    await emulator?.close().catch(() => {});
    throw e;
  }
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}

async function serve(argv: string[]): Promise<number> {
  // Listen from the start: a signal while the emulator or the clients start still ends cleanly.
  let stopping = false;
  const stopSignal = waitForSignal().then(() => {
    stopping = true;
  });
  const runtime = await startRuntime(argv);
  try {
    if (stopping) return 0;
    if (runtime.config.transport === "http") {
      const { startHttp } = await import("./transports/http.js");
      const http = await startHttp(runtime.deps, { log: say });
      await stopSignal;
      await http.close();
    } else {
      // A person at a terminal, not a client: say what this is instead of looking like a hang.
      if (process.stdin.isTTY) {
        const command = invokedAs(process.argv[1]);
        for (const line of terminalGuidance({ command, demo: runtime.emulator !== undefined })) say(line);
      }
      await runStdio(runtime.deps, { handleSignals: false, until: stopSignal });
    }
  } finally {
    await runtime.close();
  }
  return 0;
}

function parseCallArgs(argv: string[]): { tool: string; args: Record<string, unknown>; rest: string[] } {
  const [tool, maybeJson, ...more] = argv;
  if (!tool || tool.startsWith("-"))
    throw new UsageError(`call needs a tool name: ${NAME} call <tool> '<json>'`);
  if (maybeJson === undefined || maybeJson.startsWith("--")) {
    return { tool, args: {}, rest: maybeJson === undefined ? more : [maybeJson, ...more] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(maybeJson);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new UsageError(`the arguments of call must be one JSON object, e.g. '{"limit": 5}' (${why})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`the arguments of call must be one JSON object, e.g. '{"limit": 5}'`);
  }
  return { tool, args: parsed as Record<string, unknown>, rest: more };
}

function resultText(result: CallToolResult): string {
  return result.content
    .map((c) => (c.type === "text" ? c.text : `[${c.type} content]`))
    .join("\n")
    .trim();
}

async function callCommand(argv: string[]): Promise<number> {
  const { tool, args, rest } = parseCallArgs(argv);
  const runtime = await startRuntime(rest);
  try {
    const { connectInProcess } = await import("./transports/in-process.js");
    const session = await connectInProcess(runtime.deps);
    try {
      const { tools } = await session.client.listTools();
      if (!tools.some((t) => t.name === tool)) {
        throw new UsageError(`unknown tool "${tool}"; available: ${tools.map((t) => t.name).join(", ")}`);
      }
      const result = await session.callTool(tool, args, say);
      if (result.isError) {
        say(resultText(result) || `${tool} failed`);
        return 1;
      }
      const output = result.structuredContent ?? { text: resultText(result) };
      await writeStdout(`${JSON.stringify(output, null, 2)}\n`);
      return 0;
    } finally {
      await session.close();
    }
  } finally {
    await runtime.close();
  }
}

async function emulatorCommand(argv: string[]): Promise<number> {
  const { parseEmulatorArgs, runEmulatorCli } = await import("./emulator/cli.js");
  try {
    parseEmulatorArgs(argv);
  } catch (e) {
    throw new UsageError(`emulator: ${e instanceof Error ? e.message : String(e)}`);
  }
  await runEmulatorCli(argv); // serves until SIGINT/SIGTERM
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "emulator") return emulatorCommand(rest);
  // Nothing but protocol (stdio) or the result JSON (call) may reach stdout.
  routeConsoleToStderr();
  if (argv.includes("--help") || argv.includes("-h") || command === "help") {
    await writeStdout(`${USAGE}\n\n${configHelp()}\n`);
    return 0;
  }
  if (argv.includes("--version") || argv.includes("-V") || command === "version") {
    await writeStdout(`${packageInfo.version}\n`);
    return 0;
  }
  if (command === "call") return callCommand(rest);
  return serve(argv);
}

function exitCodeFor(e: unknown): number {
  if (e instanceof ConfigError) {
    for (const problem of e.problems) say(`${NAME}: ${problem}`);
    // Nothing configured at all: most likely a first run, so name the way to try without a tenant.
    if (e.problems.some((p) => p.startsWith("tenant id missing"))) {
      say(`${NAME}: ${noConfigurationHint(invokedAs(process.argv[1]))}`);
    }
    return 2;
  }
  if (e instanceof UsageError) {
    say(`${NAME}: ${e.message}`);
    return 2;
  }
  // Only the message: a stack or a cause could carry request details.
  say(`${NAME}: ${e instanceof Error ? e.message : String(e)}`);
  return 1;
}

/** Runs the command and exits with its code. */
export async function runCommandLine(argv: string[]): Promise<void> {
  const code = await main(argv).catch(exitCodeFor);
  // Open keep-alive sockets or timers must not keep a finished command alive.
  process.exit(code);
}
