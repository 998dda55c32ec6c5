import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, cleanEnv, killAll, spawnCli, waitForLine } from "../helpers/run-cli.js";

afterAll(killAll);

function send(child: ReturnType<typeof spawnCli>, message: object): void {
  child.stdin!.write(`${JSON.stringify(message)}\n`);
}

describe("stdio end to end (node dist/src/cli.js --demo)", { timeout: 120_000 }, () => {
  it("lists the tools and calls one through the SDK client", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, "--demo"],
      env: cleanEnv(),
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    const errors: Error[] = [];
    const client = new Client({ name: "e2e", version: "0" });
    client.onerror = (e) => errors.push(e);
    try {
      await client.connect(transport);
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(
        expect.arrayContaining(["list_subscriptions", "message_trace", "retrieve_content"]),
      );
      const result = await client.callTool({ name: "list_subscriptions", arguments: {} });
      expect(result).toBeToolResult();
      expect(JSON.stringify(result.structuredContent)).toContain("Audit.Exchange");

      const emulatorLine = stderr.split("\n").find((l) => l.startsWith("{"));
      expect(emulatorLine, stderr).toBeDefined();
      expect(JSON.parse(emulatorLine!)).toMatchObject({
        tenantId: expect.any(String),
        tokenUrl: expect.stringMatching(/^https:\/\/127\.0\.0\.1:/),
        caCertFile: expect.any(String),
      });
      expect(stderr).toMatch(/Ask: was the mail from \S+@\S+ delivered/);
      expect(errors).toEqual([]); // a non-JSON line on stdout would surface here as a parse error
    } finally {
      await client.close();
    }
  });

  it("writes nothing but JSON-RPC on stdout and exits 0 when stdin ends", async () => {
    const child = spawnCli(["--demo"]);
    let stdout = "";
    child.stdout!.on("data", (c: Buffer) => {
      stdout += c.toString("utf8");
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    send(child, {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
    });
    await waitForLine(child.stdout!, (l) => l.includes('"id":1'));
    send(child, { jsonrpc: "2.0", method: "notifications/initialized" });
    send(child, {
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "list_subscriptions", arguments: {} },
    });
    await waitForLine(child.stdout!, (l) => l.includes('"id":2'));
    child.stdin!.end();
    expect(await exited).toBe(0);
    const lines = stdout.split("\n").filter((l) => l !== "");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });
  });

  it("shuts down cleanly on SIGTERM", async () => {
    const child = spawnCli(["--demo"]);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    await waitForLine(child.stderr!, (l) => l.includes("Ask:"));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
