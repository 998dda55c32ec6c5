import { afterAll, describe, expect, it } from "vitest";
import { cleanEnv, killAll, runCli, spawnCli, waitForLine } from "../helpers/run-cli.js";

const SECRET = "Zq8~KnownSecretValue-DoNotPrint-4242";

afterAll(killAll);

describe("office365-mcp (configuration errors)", { timeout: 120_000 }, () => {
  it("exits 2 with one 'office365-mcp: <problem>' line per problem and never prints the secret", async () => {
    const env = cleanEnv({ O365_TENANT_ID: "contoso.onmicrosoft.com", O365_CLIENT_SECRET: SECRET });
    const result = await runCli(["--http-token", SECRET, "--port", "not-a-port"], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(4); // the token flag, tenant id, client id, port
    // A secret on the command line is refused with where it goes instead (the process list shows argv).
    expect(result.stderr).toContain(
      "office365-mcp: --http-token is not accepted: a command line is visible to every local user (ps, /proc); set O365_MCP_HTTP_TOKEN or O365_MCP_HTTP_TOKEN_FILE instead",
    );
    for (const line of lines) expect(line).toMatch(/^office365-mcp: \S/);
    expect(result.stderr).toMatch(/tenant id/i);
    expect(result.stderr).toMatch(/client id/i);
    expect(result.stderr).not.toContain(SECRET);
  });

  it("prints the subcommands and every setting on --help", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("office365-mcp call <tool>");
    expect(result.stdout).toContain("office365-mcp emulator");
    expect(result.stdout).toContain("O365_TENANT_ID");
    expect(result.stdout).toContain("--transport");
  });
});

describe("office365-mcp call", { timeout: 120_000 }, () => {
  it("prints the tool's structured result as JSON and exits 0", async () => {
    const result = await runCli(["call", "list_subscriptions", "{}", "--demo"]);
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(Array.isArray(output.subscriptions)).toBe(true);
    expect(output.subscriptions.map((s: { contentType: string }) => s.contentType)).toContain(
      "Audit.Exchange",
    );
  });

  it("exits 1 with the error on stderr and nothing on stdout when the tool fails", async () => {
    const result = await runCli(["call", "retrieve_content", '{"limit": 0}', "--demo"]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/limit/); // the validation message names the bad argument
  });

  it("exits 2 with a clear message when the JSON argument is malformed", async () => {
    const result = await runCli(["call", "list_subscriptions", "{not json", "--demo"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^office365-mcp: the arguments of call must be one JSON object/);
  });

  it("exits 2 and lists the tools when the tool does not exist", async () => {
    const result = await runCli(["call", "no_such_tool", "{}", "--demo"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown tool "no_such_tool"');
    expect(result.stderr).toContain("list_subscriptions");
  });
});

describe("office365-mcp emulator", { timeout: 120_000 }, () => {
  it("prints one JSON line with every endpoint and credential", async () => {
    const child = spawnCli(["emulator", "--port", "0"]);
    try {
      const line = await waitForLine(child.stdout!, (l) => l.trim().startsWith("{"));
      const info = JSON.parse(line);
      for (const key of [
        "tenantId",
        "clientId",
        "clientSecret",
        "tokenUrl",
        "managementUrl",
        "graphUrl",
        "reportingUrl",
        "caCertFile",
      ]) {
        expect(info[key], key).toEqual(expect.any(String));
      }
      expect(info.managementUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+/);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("exits 2 on a bad emulator flag", async () => {
    const result = await runCli(["emulator", "--port", "-5"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^office365-mcp: emulator: .*--port/);
  });
});

describe("office365-mcp stderr", { timeout: 60_000 }, () => {
  it("redacts a secret that a dependency prints with console.*", async () => {
    const { spawn } = await import("node:child_process");
    const { fileURLToPath } = await import("node:url");
    const { CLI } = await import("../helpers/run-cli.js");
    const preload = fileURLToPath(new URL("../helpers/console-echo.mjs", import.meta.url));
    const env = cleanEnv({
      O365_TENANT_ID: "00000000-0000-0000-0000-0000000000aa",
      O365_CLIENT_ID: "00000000-0000-0000-0000-000000000001",
      O365_CLIENT_SECRET: SECRET,
    });
    const child = spawn(process.execPath, ["--import", preload, CLI], {
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    try {
      await waitForLine(child.stderr, (l) => l.includes("console-echo done"), 30_000);
      expect(stderr).toContain("console-echo error");
      expect(stderr).toContain("console-echo warn");
      expect(stderr).not.toContain(SECRET);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
