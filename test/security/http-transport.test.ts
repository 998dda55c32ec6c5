// The HTTP transport in front of the real Office 365 server (not a stub): near-miss bearer tokens are all
// refused without echoing the real one, a right token does not help a foreign Host or Origin (DNS rebinding),
// and the configuration refuses a non-loopback bind without a token. test/transports covers the basics.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/load.js";
import { type HttpHandle, startHttp } from "../../src/transports/http.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { INIT_BODY, MCP_HEADERS, rawRequest } from "../helpers/http-transport.js";

const TOKEN = "Tk-9f3a7c1e5b2d8f4a6c0e2b4d6f8a1c3e";
let h: Harness;
let http: HttpHandle;
const transportLog: string[] = [];

beforeAll(async () => {
  h = await startHarness({ config: { port: 0, httpToken: TOKEN } });
  http = await startHttp(h.deps, { log: (line) => transportLog.push(line) });
});

afterAll(async () => {
  await http?.close();
  await h?.close();
});

const post = (headers: Record<string, string>, url = http.url) =>
  rawRequest(url, { headers: { ...MCP_HEADERS, ...headers }, body: JSON.stringify(INIT_BODY) });

describe("HTTP transport in front of the real server", () => {
  it("accepts the exact bearer token", async () => {
    expect((await post({ authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it.each([
    ["a prefix", TOKEN.slice(0, -1)],
    ["the token plus one character", `${TOKEN}0`],
    ["the last character changed", `${TOKEN.slice(0, -1)}f`],
    ["another case", TOKEN.toUpperCase()],
    ["the token twice", `${TOKEN}${TOKEN}`],
    ["a different length", "x"],
  ])("refuses %s with 401 and never echoes the real token", async (_label, candidate) => {
    const res = await post({ authorization: `Bearer ${candidate}` });
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.headers) + res.body).not.toContain(TOKEN);
    expect(transportLog.length).toBeGreaterThan(0); // at least the "listening on" line
    expect(transportLog.join("\n") + h.stderr.join("\n")).not.toContain(TOKEN);
  });

  it("does not take the token from the query string or another scheme", async () => {
    expect((await post({}, `${http.url}?access_token=${TOKEN}`)).status).toBe(401);
    expect(
      (await post({ authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString("base64")}` })).status,
    ).toBe(401);
    expect((await post({ authorization: TOKEN })).status).toBe(401);
  });

  it("refuses a foreign Host or Origin with 403 even with the right token (DNS rebinding)", async () => {
    const port = new URL(http.url).port;
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await post({ ...auth, host: `evil.example:${port}` })).status).toBe(403);
    expect((await post({ ...auth, host: `127.0.0.1.evil.example:${port}` })).status).toBe(403);
    expect((await post({ ...auth, origin: "https://evil.example" })).status).toBe(403);
    expect((await post({ ...auth, origin: "null" })).status).toBe(403);
  });

  it("refuses, at configuration time, an HTTP transport on a non-loopback address without a token", () => {
    const base = { tenantId: h.emu.tenantId, clientId: h.emu.clientId, clientSecret: h.emu.clientSecret };
    let problems: string[] = [];
    try {
      loadConfig({ argv: ["--transport", "http", "--host", "0.0.0.0"], env: {}, overrides: base });
    } catch (e) {
      if (e instanceof ConfigError) problems = e.problems;
    }
    expect(problems.join("\n")).toMatch(/O365_MCP_HTTP_TOKEN/);
    const withToken = loadConfig({
      argv: ["--transport", "http", "--host", "0.0.0.0"],
      env: { O365_MCP_HTTP_TOKEN: TOKEN },
      overrides: base,
    });
    expect(withToken.http.token).toBe(TOKEN);
  });
});
