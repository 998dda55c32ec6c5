// The first run as a new user sees it: --version, a terminal that explains the wait, the no-configuration
// error that names --demo, a demo tenant that is the same in the next command, and `npm run demo`
// that does not rebuild a current dist/.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { staleReason } from "../../scripts/build-freshness.mjs";
import { startHarness } from "../helpers/harness.js";
import { CLI, cleanEnv, killAll, runCli, spawnCli, waitForLine } from "../helpers/run-cli.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const TTY_PRELOAD = fileURLToPath(new URL("../helpers/tty-stdin.mjs", import.meta.url));

afterAll(killAll);

describe("version", { timeout: 60_000 }, () => {
  it("--version prints the package version and nothing else", async () => {
    const result = await runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${VERSION}\n`);
    expect(result.stderr).toBe("");
  });

  it("initialize reports the same version", async () => {
    const h = await startHarness();
    try {
      expect(h.client.getServerVersion()).toMatchObject({ name: "office365-mcp", version: VERSION });
    } finally {
      await h.close();
    }
  });
});

describe("a person at a terminal", { timeout: 60_000 }, () => {
  it("is told on stderr that this is an MCP server waiting for a client, how to try it, and how to stop", async () => {
    const child = spawn(process.execPath, ["--import", TTY_PRELOAD, CLI, "--demo"], {
      env: cleanEnv(),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString("utf8");
    });
    try {
      await waitForLine(child.stderr, (l) => l.includes("Stop: Ctrl+C"), 30_000);
      expect(stderr).toContain("this is an MCP server");
      expect(stderr).toContain("waiting for an MCP client");
      expect(stderr).toMatch(/call list_subscriptions '\{\}' --demo/);
      expect(stderr).toContain("Connecting a client");
      expect(stdout).toBe(""); // stdout stays the protocol's
      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      child.kill("SIGINT");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("a client on a pipe gets no such text, only the protocol", async () => {
    const child = spawnCli(["--demo"]);
    let stderr = "";
    child.stderr?.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    child.stdin?.write(
      `${JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
      })}\n`,
    );
    const line = await waitForLine(child.stdout!, (l) => l.includes('"id":1'), 30_000);
    expect(JSON.parse(line).result.serverInfo.version).toBe(VERSION);
    child.kill("SIGKILL");
    expect(stderr).not.toContain("waiting for an MCP client");
  });
});

describe("no configuration at all", { timeout: 60_000 }, () => {
  it("exits 2 naming the missing settings and --demo as the way to try without a tenant", async () => {
    const result = await runCli([], cleanEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/tenant id missing/);
    expect(result.stderr).toMatch(/to try it without a tenant, run: .*--demo/);
    expect(result.stdout).toBe("");
  });

  it("does not suggest --demo when only one setting is wrong", async () => {
    const result = await runCli(
      [],
      cleanEnv({ O365_TENANT_ID: "contoso.onmicrosoft.com", O365_CLIENT_SECRET: "s" }),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/client id missing/);
    expect(result.stderr).not.toContain("--demo");
  });
});

describe("the demo tenant across commands", { timeout: 120_000 }, () => {
  const hour = () => Math.floor(Date.now() / 3_600_000);

  async function listThenRetrieve(): Promise<{ sameHour: boolean; records: unknown[]; contentId: string }> {
    const before = hour();
    const listed = await runCli([
      "call",
      "list_available_content",
      '{"contentType": "Audit.Exchange", "limit": 3}',
      "--demo",
    ]);
    expect(listed.code, listed.stderr).toBe(0);
    const contentId = (JSON.parse(listed.stdout) as { blobs: { contentId: string }[] }).blobs[0].contentId;
    const retrieved = await runCli([
      "call",
      "retrieve_content",
      JSON.stringify({ contentId, limit: 2 }),
      "--demo",
    ]);
    expect(retrieved.code, retrieved.stderr).toBe(0);
    const out = JSON.parse(retrieved.stdout) as { records: unknown[] };
    return { sameHour: hour() === before, records: out.records, contentId };
  }

  it("a contentId listed by one `call --demo` is read by the next (the tenant is anchored at the UTC hour)", async () => {
    let run = await listThenRetrieve();
    if (!run.sameHour) run = await listThenRetrieve(); // the anchor moved between the two commands
    expect(run.contentId).toMatch(/\S/);
    expect(run.records.length).toBeGreaterThan(0);
  });
});

describe("npm run demo", { timeout: 60_000 }, () => {
  it("starts at once from a current dist/ (no build)", () => {
    // npm test compiles before vitest, so dist/ is current here.
    const result = spawnSync(process.execPath, [join(ROOT, "scripts/demo.mjs"), "--version"], {
      cwd: ROOT,
      env: cleanEnv(),
      encoding: "utf8",
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${VERSION}\n`);
    expect(result.stderr).not.toContain("building");
  });

  it("knows when dist/ is missing or older than a source", () => {
    const root = mkdtempSync(join(tmpdir(), "o365-fresh-"));
    try {
      mkdirSync(join(root, "src"), { recursive: true });
      mkdirSync(join(root, "tools", "diagnose"), { recursive: true });
      writeFileSync(join(root, "src", "a.ts"), "");
      writeFileSync(join(root, "tools", "diagnose", "b.ts"), "");
      expect(staleReason(root)).toBe("dist/src/cli.js is missing");
      mkdirSync(join(root, "dist", "src"), { recursive: true });
      writeFileSync(join(root, "dist", "src", "cli.js"), "");
      const t = Date.now() / 1000;
      utimesSync(join(root, "src", "a.ts"), t - 100, t - 100);
      utimesSync(join(root, "tools", "diagnose", "b.ts"), t - 100, t - 100);
      utimesSync(join(root, "dist", "src", "cli.js"), t - 50, t - 50);
      expect(staleReason(root)).toBeUndefined();
      utimesSync(join(root, "tools", "diagnose", "b.ts"), t, t);
      expect(staleReason(root)).toBe("tools/diagnose/b.ts changed since the last build");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
