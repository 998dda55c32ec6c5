// Protocol overhead (design.md section 10, benchmarks): round trips of ping, tools/list and
// list_subscriptions over in-memory, stdio and Streamable HTTP; the server's own tools/list time (raw
// JSON-RPC in memory, no client-side validation); and stdio start-up to the first initialize response of the
// published bin, side by side with the unbundled build and a bare server on the same SDK (startup.ts).
// list_subscriptions always calls the API (subscriptions change), so it runs against an emulator with zero
// added latency.
import { type ChildProcess, spawn } from "node:child_process";
import { loadavg } from "node:os";
import { Client, InMemoryTransport, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import type { JSONRPCMessage } from "@modelcontextprotocol/server";
import { loadConfig } from "../src/config/load.js";
import { createServer } from "../src/server.js";
import { createDeps } from "../src/wiring.js";
import { CLI, type EmulatorProcess, startEmulatorProcess } from "./emulator-process.js";
import { bench, heading, line, median, percentile, round, table } from "./report.js";
import { measureStartups, type StartupRun } from "./startup.js";

const ROUNDS = {
  ping: 300,
  "tools/list": 200,
  list_subscriptions: 200,
  "list_subscriptions refresh": 100,
} as const;
const WARMUP = 20;
/** Runs of side-by-side start-ups (each figure is the median over runs) and rounds per run. */
const STARTUP_RUNS = 3;
const STARTUP_SPAWNS = 7;
/** Server-side tools/list: runs of this many requests each. */
const LIST_RUNS = 3;
const LIST_REQUESTS = 500;
type Op = keyof typeof ROUNDS;

export async function toolLatencyBench(): Promise<void> {
  heading("tool-latency: round trips per transport (emulator latency 0) and stdio start-up");
  const emulator = await startEmulatorProcess(["--latency-ms", "0"]);
  try {
    const results: Record<string, Record<Op, number[]>> = {};
    results["in-memory"] = await withInMemory(emulator, measure);
    results.stdio = await withStdio(emulator, measure);
    results.http = await withHttp(emulator, measure);
    const listRuns: number[] = [];
    for (let r = 0; r < LIST_RUNS; r++) listRuns.push(await serverToolsListP50(emulator));
    const startups = await measureStartups(emulator.serverEnv(), STARTUP_RUNS, STARTUP_SPAWNS);

    const rows: Array<Array<string | number>> = [["transport", "op", "p50 ms", "p99 ms", "n"]];
    const p50: Record<string, Record<string, number>> = {};
    const p99: Record<string, Record<string, number>> = {};
    for (const [transport, ops] of Object.entries(results)) {
      p50[transport] = {};
      p99[transport] = {};
      for (const [op, samples] of Object.entries(ops)) {
        p50[transport][op] = round(median(samples));
        p99[transport][op] = round(percentile(samples, 99));
        rows.push([transport, op, median(samples), percentile(samples, 99), samples.length]);
      }
    }
    table(rows);
    const toolsListP50 = median(listRuns);
    line(
      `  tools/list in the server (raw JSON-RPC in memory): p50 ${toolsListP50.toFixed(3)} ms (runs of ${LIST_REQUESTS}: ${listRuns.map((v) => v.toFixed(3)).join(", ")} ms)`,
    );
    const startup = reportStartups(startups);
    bench({
      bench: "tool-latency",
      p50_ms: p50,
      p99_ms: p99,
      tools_list_p50_ms: round(toolsListP50),
      ...startup,
      load_average: round(loadavg()[0]),
    });
  } finally {
    await emulator.stop();
  }
}

async function measure(client: Client): Promise<Record<Op, number[]>> {
  const ops: Record<Op, () => Promise<unknown>> = {
    ping: () => client.ping(),
    "tools/list": () => client.listTools(),
    list_subscriptions: () => listSubscriptions(client, {}),
    "list_subscriptions refresh": () => listSubscriptions(client, { refresh: true }),
  };
  const out = {} as Record<Op, number[]>;
  for (const op of Object.keys(ROUNDS) as Op[]) {
    for (let i = 0; i < WARMUP; i++) await ops[op]();
    const samples: number[] = [];
    for (let i = 0; i < ROUNDS[op]; i++) {
      const t0 = performance.now();
      await ops[op]();
      samples.push(performance.now() - t0);
    }
    out[op] = samples;
  }
  return out;
}

async function listSubscriptions(client: Client, args: Record<string, unknown>): Promise<void> {
  const r = await client.callTool({ name: "list_subscriptions", arguments: args });
  if (r.isError) throw new Error(`list_subscriptions failed: ${JSON.stringify(r.content).slice(0, 300)}`);
}

async function withInMemory<T>(emulator: EmulatorProcess, fn: (c: Client) => Promise<T>): Promise<T> {
  const config = loadConfig({ argv: [], env: emulator.serverEnv(), warn: () => {} });
  const deps = await createDeps(config, { log: () => {} });
  const mcp = createServer(deps);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "bench", version: "0" });
  await Promise.all([mcp.server.connect(serverSide), client.connect(clientSide)]);
  try {
    return await fn(client);
  } finally {
    await client.close();
    await mcp.close();
    await deps.close();
  }
}

async function withStdio<T>(emulator: EmulatorProcess, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ name: "bench", version: "0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [CLI],
      env: emulator.serverEnv(),
      stderr: "ignore",
    }),
  );
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

async function withHttp<T>(emulator: EmulatorProcess, fn: (c: Client) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, [CLI, "--transport", "http", "--port", "0"], {
    // ~900 requests in well under a minute: above the per-client default of 600/min, which would answer 429.
    env: emulator.serverEnv({ O365_HTTP_RATE_LIMIT_PER_MINUTE: "100000" }),
    stdio: ["ignore", "ignore", "pipe"],
  });
  try {
    const url = await listeningUrl(child);
    const client = new Client({ name: "bench", version: "0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    try {
      return await fn(client);
    } finally {
      await client.close();
    }
  } finally {
    child.kill("SIGTERM");
  }
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let err = "";
    const timer = setTimeout(() => reject(new Error(`HTTP server did not start: ${err}`)), 30_000);
    child.stderr!.on("data", (c: Buffer) => {
      err += c.toString("utf8");
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once("exit", (code) => reject(new Error(`HTTP server exited (${code}): ${err}`)));
  });
}

/** Start-up table and BENCH fields: medians over runs; the ratio is taken within each run, then the median. */
function reportStartups(runs: StartupRun[]): Record<string, number> {
  const med = (f: (r: StartupRun) => number) => round(median(runs.map(f)));
  line(
    `  stdio start-up, spawn to initialize answer (${STARTUP_RUNS} runs x ${STARTUP_SPAWNS} spawns each, alternating; median per run):`,
  );
  table([
    [
      "run",
      "load",
      "published ms",
      "unbundled ms",
      "bare SDK ms",
      "published/bare",
      "cpu published",
      "cpu bare",
    ],
    ...runs.map((r, i) => [
      String(i + 1),
      r.load,
      r.wallMs.published,
      r.wallMs.unbundled,
      r.wallMs.bare_sdk,
      round(r.wallMs.published / r.wallMs.bare_sdk),
      r.cpuMs.published,
      r.cpuMs.bare_sdk,
    ]),
  ]);
  return {
    startup_ms: med((r) => r.wallMs.published),
    startup_bare_sdk_ms: med((r) => r.wallMs.bare_sdk),
    startup_unbundled_ms: med((r) => r.wallMs.unbundled),
    startup_vs_bare_sdk: med((r) => r.wallMs.published / r.wallMs.bare_sdk),
    startup_cpu_ms: med((r) => r.cpuMs.published),
    startup_bare_sdk_cpu_ms: med((r) => r.cpuMs.bare_sdk),
  };
}

/**
 * p50 of tools/list as the server answers it: raw JSON-RPC over an in-memory pair, timed from send to
 * response, so the client's result validation (which compiles every output schema) is not counted.
 */
async function serverToolsListP50(emulator: EmulatorProcess): Promise<number> {
  const config = loadConfig({ argv: [], env: emulator.serverEnv(), warn: () => {} });
  const deps = await createDeps(config, { log: () => {} });
  const mcp = createServer(deps);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const waiting = new Map<number, () => void>();
  clientSide.onmessage = (message: JSONRPCMessage) => {
    const id = (message as { id?: unknown }).id;
    if (typeof id === "number") waiting.get(id)?.();
  };
  await mcp.server.connect(serverSide);
  await clientSide.start();
  let next = 1;
  const ask = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<void>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      void clientSide.send({ jsonrpc: "2.0", id, method, params } as JSONRPCMessage);
    });
  try {
    await ask("initialize", {
      protocolVersion: "2025-11-25",
      capabilities: {},
      clientInfo: { name: "bench", version: "0" },
    });
    await clientSide.send({ jsonrpc: "2.0", method: "notifications/initialized" } as JSONRPCMessage);
    for (let i = 0; i < WARMUP; i++) await ask("tools/list");
    const samples: number[] = [];
    for (let i = 0; i < LIST_REQUESTS; i++) {
      const t0 = performance.now();
      await ask("tools/list");
      samples.push(performance.now() - t0);
    }
    return median(samples);
  } finally {
    await clientSide.close();
    await mcp.close();
    await deps.close();
  }
}
