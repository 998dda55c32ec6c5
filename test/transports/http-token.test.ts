// Where the HTTP transport's bearer token may come from (the environment or a file, never a flag: argv is in
// the process list) and how strong it must be off loopback.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/load.js";
import { startHttp } from "../../src/transports/http.js";
import { echoServerFactory, fakeDeps } from "../helpers/http-transport.js";

const BASE = {
  O365_TENANT_ID: "11111111-2222-3333-4444-555555555555",
  O365_CLIENT_ID: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
  O365_CLIENT_SECRET: "client-secret-value",
};
const STRONG = "Vb2m9QxL7cT4nR8sK1wZ5yH3jF6gD0aPe";

function problemsOf(argv: string[], env: Record<string, string>): string[] {
  try {
    loadConfig({ argv, env: { ...BASE, ...env } });
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe("HTTP bearer token", () => {
  it("refuses --http-token, saying where the token goes instead, without echoing it", () => {
    const problems = problemsOf(["--transport", "http", "--http-token", STRONG], {});
    expect(problems).toEqual([
      "--http-token is not accepted: a command line is visible to every local user (ps, /proc); set O365_MCP_HTTP_TOKEN or O365_MCP_HTTP_TOKEN_FILE instead",
    ]);
    expect(problems.join("\n")).not.toContain(STRONG);
  });

  it("reads the token from O365_MCP_HTTP_TOKEN_FILE (trimmed), and refuses both sources at once", () => {
    const file = join(mkdtempSync(join(tmpdir(), "o365-token-")), "token");
    writeFileSync(file, `${STRONG}\n`, { mode: 0o600 });
    const config = loadConfig({
      argv: ["--transport", "http", "--host", "0.0.0.0"],
      env: { ...BASE, O365_MCP_HTTP_TOKEN_FILE: file },
    });
    expect(config.http.token).toBe(STRONG);
    expect(
      problemsOf(["--transport", "http"], { O365_MCP_HTTP_TOKEN_FILE: file, O365_MCP_HTTP_TOKEN: STRONG }),
    ).toEqual(["set either O365_MCP_HTTP_TOKEN or O365_MCP_HTTP_TOKEN_FILE, not both"]);
    expect(problemsOf(["--transport", "http"], { O365_MCP_HTTP_TOKEN_FILE: `${file}.missing` })).toEqual([
      expect.stringMatching(/^HTTP token file \(O365_MCP_HTTP_TOKEN_FILE\) .* cannot be read \(ENOENT\)$/),
    ]);
  });

  it("refuses a short token on a non-loopback host with how to make a good one", () => {
    const problems = problemsOf(["--transport", "http", "--host", "0.0.0.0"], {
      O365_MCP_HTTP_TOKEN: "hunter2",
    });
    expect(problems).toEqual([
      expect.stringContaining("too short for a non-loopback host (7 characters, at least 32)"),
    ]);
    expect(problems[0]).toContain("openssl rand -base64 32");
    expect(problems[0]).not.toContain("hunter2");
    expect(problemsOf(["--transport", "http", "--host", "0.0.0.0"], {})).toEqual([
      expect.stringContaining(
        "needs a bearer token: set O365_MCP_HTTP_TOKEN or O365_MCP_HTTP_TOKEN_FILE (make one with: openssl rand",
      ),
    ]);
  });

  it("accepts a short token on loopback, where only local processes can try it", () => {
    expect(problemsOf(["--transport", "http"], { O365_MCP_HTTP_TOKEN: "short" })).toEqual([]);
  });

  it("startHttp, called directly, refuses the same short token on a non-loopback host before listening", async () => {
    await expect(
      startHttp(fakeDeps({ host: "0.0.0.0", token: "hunter2" }), { serverFactory: echoServerFactory }),
    ).rejects.toThrow("refusing to listen on 0.0.0.0 with a bearer token shorter than 32 characters");
  });
});
