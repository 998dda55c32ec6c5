// Protocol overhead (design.md section 10, benchmarks): round trips of ping, tools/list and
// list_subscriptions over in-memory, stdio and Streamable HTTP, and stdio start-up to the first initialize
// response. list_subscriptions always calls the API (subscriptions change), so it runs against an emulator
// with zero added latency.
import { type ChildProcess, spawn } from "node:child_process";
import { Client, InMemoryTransport, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { loadConfig } from "../src/config/load.js";
import { createServer } from "../src/server.js";
import { createDeps } from "../src/wiring.js";
import { CLI, type EmulatorProcess, startEmulatorProcess } from "./emulator-process.js";
import { bench, heading, line, median, percentile, round, table } from "./report.js";

const ROUNDS = {
  ping: 300,
  "tools/list": 200,
  list_subscriptions: 200,
  "list_subscriptions refresh": 100,
} as const;
const WARMUP = 20;
const STARTUPS = 10;
type Op = keyof typeof ROUNDS;

export async function toolLatencyBench(): Promise<void> {
  heading("tool-latency: round trips per transport (emulator latency 0) and stdio start-up");
  const emulator = await startEmulatorProcess(["--latency-ms", "0"]);
  try {
    const results: Record<string, Record<Op, number[]>> = {};
    results["in-memory"] = await withInMemory(emulator, measure);
    results.stdio = await withStdio(emulator, measure);
    results.http = await withHttp(emulator, measure);
    const startup = await stdioStartups(emulator);

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
    line(
      `  stdio start-up to initialize response: median ${median(startup).toFixed(0)} ms of ${STARTUPS} spawns`,
    );
    line(`  (${startup.map((s) => s.toFixed(0)).join(", ")} ms)`);
    bench({ bench: "tool-latency", p50_ms: p50, p99_ms: p99, startup_ms: round(median(startup)) });
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

/** Spawn to first initialize response, through the SDK client (connect = spawn + initialize). */
async function stdioStartups(emulator: EmulatorProcess): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < STARTUPS; i++) {
    const client = new Client({ name: "bench", version: "0" });
    const t0 = performance.now();
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [CLI],
        env: emulator.serverEnv(),
        stderr: "ignore",
      }),
    );
    times.push(performance.now() - t0);
    await client.close();
  }
  return times;
}
