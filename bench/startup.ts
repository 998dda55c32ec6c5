// Start-up, spawn to the `initialize` answer over stdio, of several programs measured side by side: one
// spawn of each in turn per round, so load on the machine (2 shared cores) hits all of them alike and the
// ratios stay meaningful when the absolute times do not. CPU time is the child's own (user + system, from
// /proc) when its answer arrives: less sensitive to load than wall time.
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { cpuSeconds } from "./process-stats.js";
import { median, round } from "./report.js";

/** The published bin (package.json), the unbundled tsc build, and a bare server on the same SDK. */
export const STARTUP_PROGRAMS = {
  published: fileURLToPath(new URL("../bin/cli.js", import.meta.url)),
  unbundled: fileURLToPath(new URL("../src/cli.js", import.meta.url)),
  bare_sdk: fileURLToPath(new URL("./bare-sdk-server.js", import.meta.url)),
} as const;
export type StartupProgram = keyof typeof STARTUP_PROGRAMS;

const INITIALIZE = `${JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "bench", version: "0" } },
})}\n`;

export interface StartupSample {
  wallMs: number;
  cpuMs: number;
}

/** One spawn: milliseconds until the first stdout line (the initialize answer), and the CPU it took. */
export function startOnce(script: string, env: Record<string, string>): Promise<StartupSample> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [script], { env, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.stderr.on("data", (c: Buffer) => {
      err = (err + c.toString("utf8")).slice(-2_000);
    });
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString("utf8");
      if (!out.includes("\n") || child.pid === undefined) return;
      const wallMs = performance.now() - t0;
      const cpuMs = cpuSeconds(child.pid) * 1000;
      clearTimeout(timer);
      child.kill("SIGKILL");
      if (!out.startsWith('{"result"'))
        reject(new Error(`${script}: not an initialize answer: ${out.slice(0, 200)}`));
      else resolve({ wallMs, cpuMs });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (!out.includes("\n")) reject(new Error(`${script} exited (${code}) before answering: ${err}`));
    });
    child.stdin.write(INITIALIZE);
  });
}

export interface StartupRun {
  wallMs: Record<StartupProgram, number>;
  cpuMs: Record<StartupProgram, number>;
  load: number;
}

/** `runs` runs of `spawns` rounds; each run reports the medians of its rounds, with the 1-min load average. */
export async function measureStartups(
  env: Record<string, string>,
  runs: number,
  spawns: number,
): Promise<StartupRun[]> {
  const names = Object.keys(STARTUP_PROGRAMS) as StartupProgram[];
  // one warm-up spawn each: the first reads every file from disk
  for (const name of names) await startOnce(STARTUP_PROGRAMS[name], env);
  const out: StartupRun[] = [];
  for (let r = 0; r < runs; r++) {
    const samples = Object.fromEntries(names.map((n) => [n, [] as StartupSample[]])) as Record<
      StartupProgram,
      StartupSample[]
    >;
    for (let i = 0; i < spawns; i++) {
      for (const name of names) samples[name].push(await startOnce(STARTUP_PROGRAMS[name], env));
    }
    const pick = (f: (s: StartupSample) => number) =>
      Object.fromEntries(names.map((n) => [n, round(median(samples[n].map(f)))])) as Record<
        StartupProgram,
        number
      >;
    out.push({ wallMs: pick((s) => s.wallMs), cpuMs: pick((s) => s.cpuMs), load: round(loadavg()[0]) });
  }
  return out;
}
