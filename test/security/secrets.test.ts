// Secrets never in output or logs (design.md section 10): no secret (client secret, certificate private key,
// refresh tokens, issued access tokens, the HTTP bearer token) reaches any output channel: tool results,
// resources, prompts, MCP log messages, the deps.log sink, the tool-call audit log file, or the CLI's
// stderr/stdout - on success and on every failure.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/load.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle, FaultRule } from "../../src/emulator/types.js";
import { emulatorEnv } from "../helpers/emulator-config.js";
import { type Harness, type HarnessOptions, startHarness } from "../helpers/harness.js";
import { CLI, cleanEnv, runCli } from "../helpers/run-cli.js";
import { type ToolArguments, validToolArguments } from "../helpers/tool-arguments.js";
import { startEchoService } from "./echo-service.js";
import { findLeaks, type Observation, privateKeyOf, type Secret } from "./leak-scan.js";

const HTTP_TOKEN = "mcp-http-bearer-Kx7pQ2vW9sLm4RtY8zNb";
const WRONG_SECRET = "wrong~Vd3ZsecretHq8RkL2mWx5TbN7cPj";
const CONTENT_TYPES = [
  "Audit.AzureActiveDirectory",
  "Audit.Exchange",
  "Audit.SharePoint",
  "Audit.General",
  "DLP.All",
];

let emu: EmulatorHandle;
let dir: string;
let validArgs: ToolArguments;
const secrets: Secret[] = [];
const observations: Observation[] = [];
const harnesses: Harness[] = [];

function addSecret(name: string, value: string | undefined): void {
  if (value && !secrets.some((s) => s.value === value)) secrets.push({ name, value });
}

/** A harness whose every issued access token is remembered as a secret, with debug MCP logging on. */
async function open(label: string, opts: HarnessOptions): Promise<Harness> {
  const h = await startHarness({
    emu,
    ...opts,
    config: {
      httpToken: HTTP_TOKEN,
      auditLog: join(dir, `audit-${label}.log`),
      maxRetries: 0,
      requestTimeoutMs: 1500,
      logLevel: "debug",
      ...opts.config,
    },
  });
  harnesses.push(h);
  const tokens = h.deps.tokens;
  const getToken = tokens.getToken.bind(tokens);
  tokens.getToken = async (api, signal) => {
    const t = await getToken(api, signal);
    addSecret(`access token (${api}, ${label})`, t.token);
    return t;
  };
  await h.client.setLoggingLevel("debug");
  return h;
}

async function callKept(h: Harness, label: string, tool: string, args: Record<string, unknown>) {
  const result = await h.call(tool, args);
  observations.push({ channel: `${label} ${tool} result`, text: JSON.stringify(result) });
  return result;
}

async function runEveryTool(h: Harness, label: string): Promise<void> {
  for (const [tool, args] of Object.entries(validArgs)) {
    await callKept(h, label, tool, args);
  }
}

/** Everything else a client or an operator can read: resources, prompts, logs, stderr, the audit log file. */
async function observeSurfaces(h: Harness, label: string, logsOnly = false): Promise<void> {
  const keep = (channel: string, value: unknown) =>
    observations.push({
      channel: `${label} ${channel}`,
      text: typeof value === "string" ? value : JSON.stringify(value),
    });
  const attempt = async (channel: string, read: () => Promise<unknown>) => {
    try {
      keep(channel, await read());
    } catch (e) {
      keep(`${channel} (error)`, e instanceof Error ? `${e.message} ${JSON.stringify(e)}` : String(e));
    }
  };
  for (const [i, l] of h.logs.entries()) keep(`MCP log #${i}`, l);
  for (const [i, l] of h.stderr.entries()) keep(`deps.log line #${i}`, l);
  const [logsSeen, stderrSeen] = [h.logs.length, h.stderr.length];
  if (logsOnly) return;
  const { resources } = await h.client.listResources();
  keep("resources/list", resources);
  for (const r of resources) await attempt(r.uri, () => h.client.readResource({ uri: r.uri }));
  await attempt("resources/templates/list", () => h.client.listResourceTemplates());
  for (const ct of CONTENT_TYPES)
    await attempt(`o365://subscriptions/${ct}`, () =>
      h.client.readResource({ uri: `o365://subscriptions/${ct}` }),
    );
  const { prompts } = await h.client.listPrompts();
  keep("prompts/list", prompts);
  for (const p of prompts) {
    const args = Object.fromEntries((p.arguments ?? []).map((a) => [a.name, "adele@contoso.example"]));
    await attempt(`prompt ${p.name}`, () => h.client.getPrompt({ name: p.name, arguments: args }));
  }
  // And whatever the reads above logged.
  for (const [i, l] of h.logs.slice(logsSeen).entries()) keep(`MCP log #${logsSeen + i}`, l);
  for (const [i, l] of h.stderr.slice(stderrSeen).entries()) keep(`deps.log line #${stderrSeen + i}`, l);
}

beforeAll(async () => {
  emu = await startEmulator({ quiet: true, recordsPerBlob: 20 });
  dir = mkdtempSync(join(tmpdir(), "o365-secrets-"));
  addSecret("client secret", emu.clientSecret);
  addSecret("no-role client secret", emu.noRoleClientSecret);
  addSecret("ActivityFeed.Read-only client secret", emu.noDlpClientSecret);
  addSecret("certificate private key", privateKeyOf(emu.certPem));
  addSecret("initial refresh token", emu.refreshToken);
  addSecret("HTTP bearer token", HTTP_TOKEN);
  addSecret("wrong client secret", WRONG_SECRET);
  const probe = await open("probe", {});
  validArgs = await validToolArguments(probe);
});

afterAll(async () => {
  for (const h of harnesses) await h.close();
  await emu?.close();
});

describe("secrets never leak", () => {
  it("has valid arguments for every tool the server lists", async () => {
    const { tools } = await harnesses[0].client.listTools();
    expect(Object.keys(validArgs).sort()).toEqual(tools.map((t) => t.name).sort());
  });

  it("the leak scan finds a secret verbatim, base64, URL-encoded and as one PEM line", () => {
    const key = privateKeyOf(emu.certPem);
    const scan = (text: string) => findLeaks([{ channel: "c", text }], [{ name: "k", value: key }]);
    expect(scan(`x ${key} y`)).toHaveLength(1);
    expect(scan(Buffer.from(key).toString("base64"))).toHaveLength(1);
    expect(scan(encodeURIComponent(key))).toHaveLength(1);
    expect(scan(key.split("\n")[1])).toHaveLength(1);
    expect(scan("nothing secret here")).toEqual([]);
  });

  it("no secret on any channel with a client secret, across successes, faults, AF errors and bad input", async () => {
    const h = await open("secret", {});
    await runEveryTool(h, "secret");
    const faults: [string, FaultRule, string, Record<string, unknown>][] = [
      [
        "429",
        { route: "management", kind: "429", retryAfterSeconds: null },
        "list_subscriptions",
        { refresh: true },
      ],
      ["af429", { route: "management", kind: "af429" }, "list_subscriptions", { refresh: true }],
      [
        "500",
        { route: "management", kind: "500" },
        "list_available_content",
        validArgs.list_available_content,
      ],
      [
        "503",
        { route: "graph", kind: "503" },
        "message_trace",
        { ...validArgs.message_trace, backend: "graph" },
      ],
      ["reset", { route: "content", kind: "reset" }, "retrieve_content", validArgs.retrieve_content],
      [
        "truncated",
        { route: "reporting", kind: "truncated" },
        "message_trace",
        { ...validArgs.message_trace, backend: "reporting" },
      ],
      ["malformed", { route: "management", kind: "malformed" }, "list_subscriptions", { refresh: true }],
      [
        "slow body (timeout)",
        { route: "management", kind: "slow-body", slowMs: 4000 },
        "list_subscriptions",
        { refresh: true },
      ],
    ];
    for (const [label, rule, tool, args] of faults) {
      emu.control.addFault({ times: 5, ...rule });
      const r = await callKept(h, `secret/${label}`, tool, args);
      emu.control.clearFaults();
      expect(r, label).toBeToolResult({ isError: true });
    }
    // Token endpoint failures, with the cached tokens dropped so a new grant is needed.
    for (const kind of ["500", "malformed", "reset"] as const) {
      for (const api of ["management", "graph", "reporting"] as const) h.deps.tokens.invalidate(api);
      emu.control.addFault({ route: "token", kind, times: 10 });
      const r = await callKept(h, `secret/token ${kind}`, "list_subscriptions", { refresh: true });
      emu.control.clearFaults();
      expect(r, `token ${kind}`).toBeToolResult({ isError: true });
    }
    emu.control.disableSubscription("Audit.Exchange"); // AF20023
    await callKept(h, "secret/AF20023", "list_available_content", validArgs.list_available_content);
    emu.control.expireContentBefore(new Date(Date.now() + 86_400_000)); // AF20051
    const expired = await callKept(h, "secret/AF20051", "retrieve_content", validArgs.retrieve_content);
    expect(expired).toBeToolResult({ isError: true });
    emu.control.reset();
    await callKept(h, "secret/bad input", "search_audit_log", {
      limit: "all",
      startTime: [HTTP_TOKEN.length],
    });
    await callKept(h, "secret/bad input 2", "message_trace", { startTime: "yesterday", $top: -1 });
    await observeSurfaces(h, "secret");
    const config = observations.find((o) => o.channel === "secret o365://config");
    expect(config?.text, "o365://config was read").toContain("[set]");
  });

  it("no secret on any channel with a certificate credential, a foreign certificate or a wrong secret", async () => {
    const good = await open("cert", { auth: "cert" });
    await runEveryTool(good, "cert");
    await observeSurfaces(good, "cert");

    const foreign = await emu.issueCertificate(["not-registered.example"]);
    addSecret("foreign certificate private key", privateKeyOf(foreign.keyPem));
    const certFile = join(dir, "foreign.pem");
    writeFileSync(certFile, `${foreign.certPem.trim()}\n${foreign.keyPem.trim()}\n`, { mode: 0o600 });
    const badCert = await open("bad-cert", { auth: "cert", config: { clientCertFile: certFile } });
    await runEveryTool(badCert, "bad-cert");
    await observeSurfaces(badCert, "bad-cert");

    const wrong = await open("wrong-secret", { config: { clientSecret: WRONG_SECRET } });
    await runEveryTool(wrong, "wrong-secret");
    await observeSurfaces(wrong, "wrong-secret");
    const r = observations.find((o) => o.channel === "wrong-secret list_subscriptions result");
    expect(r?.text).toContain("AADSTS7000215");
    expect(r?.text).toContain('"isError":true');
    const c = observations.find((o) => o.channel === "bad-cert list_subscriptions result");
    expect(c?.text).toContain('"isError":true');

    const noRole = await open("no-role", { auth: "no-role" });
    await runEveryTool(noRole, "no-role");
    await observeSurfaces(noRole, "no-role");
  });

  it("no secret on any channel with a refresh token, before and after it is revoked", async () => {
    const cache = join(dir, "msal-cache.json");
    const h = await open("refresh", { auth: "refresh", config: { tokenCache: cache } });
    await runEveryTool(h, "refresh");
    emu.control.revokeRefreshTokens();
    for (const api of ["management", "graph", "reporting"] as const) h.deps.tokens.invalidate(api);
    await runEveryTool(h, "refresh/revoked");
    const revoked = observations.find((o) => o.channel === "refresh/revoked list_subscriptions result");
    expect(revoked?.text).toContain('"isError":true');
    await observeSurfaces(h, "refresh");
    // Every token MSAL cached (rotated refresh tokens included) is a secret too; the file itself is 0600.
    expect(statSync(cache).mode & 0o777).toBe(0o600);
    const cached = readFileSync(cache, "utf8");
    for (const [name, value] of cachedSecrets(cached)) addSecret(name, value);
    expect(secrets.some((s) => s.name.startsWith("MSAL cache RefreshToken"))).toBe(true);
    emu.control.reset();
  });

  it("no secret on any channel when a service echoes what it was sent, raw and encoded, in 5xx bodies and error codes", {
    timeout: 60_000,
  }, async () => {
    const echo = await startEchoService(emu);
    try {
      // The echo quotes the configured secrets as if it had received them, in every encoding.
      echo.planted.push(emu.clientSecret, HTTP_TOKEN);
      const scopes = {
        management: [`${emu.managementUrl}/.default`],
        graph: [`${emu.graphUrl}/.default`],
        reporting: [`${emu.reportingUrl}/.default`],
      };
      // The token endpoint echoes on a 5xx: the form body carries client_secret=...
      const tokenEcho = await open("echo-token", {
        config: { tokenUrl: `${echo.origin}/${emu.tenantId}/oauth2/v2.0/token`, maxRetries: 1 },
      });
      // Each call waits for MSAL's own retry of the 5xx (about 2 s): three tools cover the token path.
      for (const tool of ["list_subscriptions", "message_trace", "diagnose"])
        await callKept(tokenEcho, "echo-token", tool, validArgs[tool]);
      await observeSurfaces(tokenEcho, "echo-token", true);
      // The APIs echo on a retryable 503: the Authorization header (a real access token) and the secrets,
      // in the error code (which the retry log notification and the audit log quote) and the message.
      const apiEcho = await open("echo-api", {
        config: {
          managementUrl: echo.origin,
          graphUrl: echo.origin,
          reportingUrl: echo.origin,
          scopes,
          maxRetries: 1,
        },
      });
      await runEveryTool(apiEcho, "echo-api");
      await observeSurfaces(apiEcho, "echo-api");
      expect(echo.paths.some((p) => p.endsWith("/token"))).toBe(true);
      expect(echo.paths.some((p) => p.includes("/subscriptions/"))).toBe(true);
      // The echo did reach each channel (redacted), so the scan below is not vacuous.
      const channels = (label: string) => observations.filter((o) => o.channel.startsWith(label));
      expect(channels("echo-token list_subscriptions result")[0]?.text).toContain("[redacted]");
      expect(channels("echo-api list_subscriptions result")[0]?.text).toContain("[redacted]");
      expect(apiEcho.logs.some((l) => JSON.stringify(l).includes("Retrying"))).toBe(true);
      expect(apiEcho.logs.some((l) => JSON.stringify(l).includes("[redacted]"))).toBe(true);
      expect(readFileSync(join(dir, "audit-echo-api.log"), "utf8")).toContain("[redacted]");
    } finally {
      await echo.close();
    }
  });

  it("leaves no secret in the tool-call audit log files or any channel observed above", () => {
    for (const file of readdirSync(dir).filter((f) => f.startsWith("audit-"))) {
      observations.push({ channel: `audit log ${file}`, text: readFileSync(join(dir, file), "utf8") });
    }
    expect(observations.some((o) => o.channel.startsWith("audit log"))).toBe(true);
    expect(secrets.filter((s) => s.name.startsWith("access token")).length).toBeGreaterThanOrEqual(3);
    expect(findLeaks(observations, secrets)).toEqual([]);
  });
});

function cachedSecrets(json: string): [string, string][] {
  const cache = JSON.parse(json) as Record<string, Record<string, { secret?: string }>>;
  const out: [string, string][] = [];
  for (const [section, entries] of Object.entries(cache)) {
    for (const [key, entry] of Object.entries(entries ?? {})) {
      if (entry && typeof entry.secret === "string")
        out.push([`MSAL cache ${section} ${key.slice(0, 40)}`, entry.secret]);
    }
  }
  return out;
}

// The CLI prints configuration problems and tool errors on stderr: neither may quote a secret.
async function runCliOutput(args: string[], env: Record<string, string>) {
  const { code, stdout, stderr } = await runCli(args, cleanEnv(env), 20_000);
  return { code, out: stdout + stderr };
}

describe.skipIf(!existsSync(CLI))("CLI output never quotes a secret", () => {
  const PROXY_PASSWORD = "proxyPw-Zr6Tq1Lm8Xc3Vb";
  const URL_PASSWORD = "urlPw-Hg5Jk2Nd9Ws4Qe";
  const cliSecrets = (): Secret[] => [
    ...secrets,
    { name: "proxy password", value: PROXY_PASSWORD },
    { name: "URL password", value: URL_PASSWORD },
  ];

  it("prints configuration problems without the values of secret settings", async () => {
    const certFile = join(dir, "not-a-cert.pem");
    writeFileSync(certFile, `garbage ${emu.clientSecret}\n${privateKeyOf(emu.certPem)}\n`, { mode: 0o600 });
    const env = {
      O365_TENANT_ID: "contoso.onmicrosoft.com",
      O365_CLIENT_ID: emu.clientId,
      O365_CLIENT_SECRET: emu.clientSecret,
      O365_CLIENT_CERT_FILE: certFile,
      O365_REFRESH_TOKEN: emu.refreshToken,
      O365_AUTH_MODE: "sideways",
      O365_MCP_HTTP_TOKEN: HTTP_TOKEN,
      O365_HTTP_PROXY: `http://user:${PROXY_PASSWORD}@proxy.example:notaport`,
      O365_MANAGEMENT_URL: `ftp://admin:${URL_PASSWORD}@manage.example`,
      O365_CLOUD: "custom",
    };
    const { code, out } = await runCliOutput(
      ["call", "list_subscriptions", "{}", "--client-secret", WRONG_SECRET],
      env,
    );
    expect(code).toBe(2);
    expect(out).toMatch(/office365-mcp: /);
    expect(findLeaks([{ channel: "CLI config error", text: out }], cliSecrets())).toEqual([]);
    // The same problems through the library: ConfigError.problems are what the CLI prints.
    let problems: string[] = [];
    try {
      loadConfig({ argv: ["--client-secret", WRONG_SECRET], env });
    } catch (e) {
      if (e instanceof ConfigError) problems = e.problems;
    }
    expect(problems.length).toBeGreaterThan(2);
    expect(findLeaks([{ channel: "ConfigError", text: problems.join("\n") }], cliSecrets())).toEqual([]);
  });

  it("prints a token failure of `call` without the secret", async () => {
    const { code, out } = await runCliOutput(["call", "list_subscriptions"], {
      ...emulatorEnv(emu),
      O365_CLIENT_SECRET: WRONG_SECRET,
      O365_MCP_HTTP_TOKEN: HTTP_TOKEN,
    });
    expect(code).toBe(1);
    expect(out).toMatch(/AADSTS7000215|secret/i);
    expect(findLeaks([{ channel: "CLI call error", text: out }], cliSecrets())).toEqual([]);
  });
});
