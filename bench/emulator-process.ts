// The emulator in its own child process (`office365-mcp emulator`), so its CPU and memory never mix with the
// process being measured. Reads the one JSON line it prints; the control routes count what it served.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";
import { z } from "zod";

export const CLI = fileURLToPath(new URL("../src/cli.js", import.meta.url));

const summarySchema = z.object({
  tenantId: z.string(),
  clientId: z.string(),
  clientSecret: z.string(),
  tokenUrl: z.string(),
  managementUrl: z.string(),
  graphUrl: z.string(),
  reportingUrl: z.string(),
  caCertFile: z.string(),
  controlUrl: z.string(),
});
export type EmulatorSummary = z.infer<typeof summarySchema>;

const recordedSchema = z.array(z.object({ method: z.string(), route: z.string(), status: z.number() }));
export type RecordedRequests = z.infer<typeof recordedSchema>;

export interface EmulatorProcess {
  info: EmulatorSummary;
  pid: number;
  /** Trusts the emulator's CA (never verification off). */
  dispatcher: Agent;
  /** What the emulator served since the last clearRequests(). */
  requests(): Promise<RecordedRequests>;
  clearRequests(): Promise<void>;
  /** The env that points an office365-mcp process at this emulator (cloud custom, CA file). */
  serverEnv(extra?: Record<string, string>): Record<string, string>;
  stop(): Promise<void>;
}

/** Spawns `node dist/src/cli.js emulator --port 0 <flags>`; `nodeFlags` go to node (e.g. heap sizing). */
export async function startEmulatorProcess(
  flags: string[],
  nodeFlags: string[] = [],
): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [...nodeFlags, CLI, "emulator", "--port", "0", ...flags], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const info = summarySchema.parse(JSON.parse(await firstLine(child)));
  const dispatcher = new Agent({ connect: { ca: readFileSync(info.caCertFile, "utf8") }, connections: 8 });
  const control = async (method: "GET" | "DELETE", path: string): Promise<unknown> => {
    const res = await request(`${info.controlUrl}/${path}`, { method, dispatcher });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`emulator control ${method} ${path}: ${res.statusCode}`);
    return JSON.parse(text);
  };
  return {
    info,
    pid: child.pid!,
    dispatcher,
    requests: async () => recordedSchema.parse(await control("GET", "requests")),
    clearRequests: async () => void (await control("DELETE", "requests")),
    serverEnv: (extra = {}) => ({
      ...baseEnv(),
      O365_CLOUD: "custom",
      O365_TENANT_ID: info.tenantId,
      O365_CLIENT_ID: info.clientId,
      O365_CLIENT_SECRET: info.clientSecret,
      O365_TOKEN_URL: info.tokenUrl,
      O365_MANAGEMENT_URL: info.managementUrl,
      O365_GRAPH_URL: info.graphUrl,
      O365_REPORTING_URL: info.reportingUrl,
      O365_CA_FILE: info.caCertFile,
      ...extra,
    }),
    async stop() {
      await dispatcher.close();
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      await Promise.race([exited, delay(5000)]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

/** The caller's environment without O365_* or proxy variables, so nothing leaks toward a real tenant. */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("O365_") && !/^https?_proxy$/i.test(k)) env[k] = v;
  }
  return env;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`emulator did not start in 60 s: ${err}`)), 60_000);
    child.stderr!.on("data", (c: Buffer) => {
      err += c.toString("utf8");
    });
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString("utf8");
      const nl = out.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, nl));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited (${code}) before printing its summary: ${err}`));
    });
  });
}

/** Counts of what the emulator served, by kind; AF429 is the Management API's throttle on HTTP 403. */
export function countRequests(log: RecordedRequests): {
  total: number;
  blobs: number;
  listings: number;
  token: number;
  af429: number;
} {
  const api = log.filter((r) => r.route === "management" || r.route === "content");
  return {
    total: api.length,
    blobs: log.filter((r) => r.route === "content").length,
    listings: log.filter((r) => r.route === "management").length,
    token: log.filter((r) => r.route === "token").length,
    // In these benchmarks every app holds ActivityFeed.Read, so a 403 from the API can only be AF429.
    af429: api.filter((r) => r.status === 403 || r.status === 429).length,
  };
}
