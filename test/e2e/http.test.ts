import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerDeps } from "../../src/deps.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { type HttpHandle, startHttp } from "../../src/transports/http.js";
import { createDeps } from "../../src/wiring.js";
import { emulatorConfig } from "../helpers/emulator-config.js";
import { rawInitialize } from "../helpers/http-transport.js";
import { cleanEnv, killAll, spawnCli, waitForLine } from "../helpers/run-cli.js";

const TOKEN = "e2e-bearer-token-0123456789";

describe("HTTP end to end against the emulator (in process)", () => {
  let emulator: EmulatorHandle;
  let deps: ServerDeps;
  let http: HttpHandle;

  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true });
    const config = emulatorConfig(emulator, {
      argv: ["--transport", "http", "--port", "0"],
      env: { O365_MCP_HTTP_TOKEN: TOKEN },
    });
    deps = await createDeps(config);
    http = await startHttp(deps, { log: () => {} });
  });
  afterAll(async () => {
    await http?.close();
    await deps?.close();
    await emulator?.close();
  });

  it("lists the tools and answers a message trace about the incident", async () => {
    const client = new Client({ name: "e2e", version: "0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(http.url), {
        requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
      }),
    );
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(
        expect.arrayContaining(["message_trace", "list_subscriptions"]),
      );
      const result = await client.callTool({
        name: "message_trace",
        arguments: { senderAddress: emulator.incident.attackerSender },
      });
      expect(result).toBeToolResult();
      const text = JSON.stringify(result.structuredContent);
      for (const recipient of emulator.incident.deliveredRecipients) expect(text).toContain(recipient);
    } finally {
      await client.close();
    }
  });

  it("still rejects a request without the bearer token", async () => {
    const res = await rawInitialize(http.url);
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toContain('Bearer realm="office365-mcp"');
  });
});

describe("HTTP end to end (node dist/src/cli.js --demo --transport http)", { timeout: 120_000 }, () => {
  afterAll(killAll);

  it("prints its URL on stderr, serves /healthz, never logs the token and exits 0 on SIGTERM", async () => {
    const token = "spawned-http-token-must-not-be-logged";
    const child = spawnCli(
      ["--demo", "--transport", "http", "--port", "0"],
      cleanEnv({ O365_MCP_HTTP_TOKEN: token }),
    );
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const line = await waitForLine(child.stderr!, (l) => l.includes("listening on http://"));
    const url = /listening on (\S+)/.exec(line)![1];
    const health = await fetch(url.replace(/\/mcp$/, "/healthz"));
    expect(await health.text()).toBe("ok");
    expect((await fetch(url, { method: "POST" })).status).toBe(401);
    const client = new Client({ name: "e2e", version: "0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).not.toContain(token);
  });
});
