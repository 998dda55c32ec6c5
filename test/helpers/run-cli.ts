// Runs the built CLI (dist/src/cli.js; `npm test` compiles before vitest) as a child process.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../dist/src/cli.js", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment without any O365_* variable of the developer's shell, plus the given ones. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("O365_") && k !== "HTTPS_PROXY" && k !== "https_proxy") env[k] = v;
  }
  return { ...env, ...extra };
}

const running = new Set<ChildProcess>();

/** Kills every child still running (call from afterAll). */
export function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}

export function spawnCli(args: string[], env: Record<string, string> = cleanEnv()): ChildProcess {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

export function runCli(
  args: string[],
  env?: Record<string, string>,
  timeoutMs = 100_000,
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawnCli(args, env);
    child.stdin?.end();
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (c: Buffer) => {
      stdout += c.toString("utf8");
    });
    child.stderr?.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`CLI ${args.join(" ")} timed out; stderr: ${stderr}`));
    }, timeoutMs);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** Resolves with the first line on a stream that matches. */
export function waitForLine(
  stream: NodeJS.ReadableStream,
  match: (line: string) => boolean,
  timeoutMs = 90_000,
) {
  return new Promise<string>((resolvePromise, reject) => {
    let buffer = "";
    const timer = setTimeout(
      () => reject(new Error(`no matching line; got: ${buffer.slice(-2000)}`)),
      timeoutMs,
    );
    const onData = (c: Buffer) => {
      buffer += c.toString("utf8");
      const line = buffer.split("\n").find((l) => match(l));
      if (line !== undefined) {
        clearTimeout(timer);
        stream.off("data", onData);
        resolvePromise(line);
      }
    };
    stream.on("data", onData);
  });
}
