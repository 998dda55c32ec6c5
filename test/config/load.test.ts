import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, configHelp, loadConfig } from "../../src/config/load.js";
import { redactConfig } from "../../src/config/redact.js";
import { SETTINGS } from "../../src/config/settings.js";

const TENANT = "11111111-2222-3333-4444-555555555555";
const CLIENT = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const SECRET = "Sup3r~Secret.Value";
const base = { O365_TENANT_ID: TENANT, O365_CLIENT_ID: CLIENT, O365_CLIENT_SECRET: SECRET };

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

function tmp(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), "o365cfg-"));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe("loadConfig precedence", () => {
  it("fills every default for the commercial cloud", () => {
    const c = loadConfig({ argv: [], env: base });
    expect(c.cloud).toBe("commercial");
    expect(c.endpoints).toEqual({
      tokenUrl: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
      authority: `https://login.microsoftonline.com/${TENANT}`,
      managementUrl: "https://manage.office.com",
      graphUrl: "https://graph.microsoft.com",
      reportingUrl: "https://reports.office365.com",
    });
    expect(c.scopes).toEqual({
      management: ["https://manage.office.com/.default"],
      graph: ["https://graph.microsoft.com/.default"],
      reporting: ["https://outlook.office365.com/.default"],
    });
    expect(c.publisherId).toBe(TENANT);
    expect(c.requestTimeoutMs).toBe(30_000);
    expect(c.maxRetries).toBe(4);
    expect(c.rateLimits).toEqual({
      managementPerMinute: 2000,
      messageTracePer5Min: 100,
      auditQueriesPerDay: 200,
    });
    expect(c.auditRetentionDays).toBe(180);
    expect(c.historyWaitSeconds).toBe(150);
    expect(c.outputBudgetBytes).toBe(20_000);
    expect(c.http).toEqual({
      host: "127.0.0.1",
      port: 3000,
      token: undefined,
      allowedOrigins: [],
      stateless: false,
      maxSessions: 32,
      sessionIdleMs: 1_800_000,
      maxBodyBytes: 1_048_576,
      rateLimitPerMinute: 600,
    });
    expect(c.transport).toBe("stdio");
    expect(c.verifyTls).toBe(true);
    expect(c.readOnly).toBe(false);
    expect(c.demo).toBe(false);
    expect(c.logLevel).toBe("info");
    expect(c.messageTraceBackend).toBe("auto");
    expect(c.authMode).toBe("client_credentials");
    expect(c.clientSecret).toBe(SECRET);
  });

  it("takes flag over env over config file", () => {
    const file = tmp(
      "c.json",
      JSON.stringify({
        ...{ tenantId: TENANT, clientId: CLIENT },
        port: 1111,
        logLevel: "debug",
        readOnly: true,
        cacheDir: "/f",
      }),
    );
    const c = loadConfig({
      argv: ["--config", file, "--port", "3333"],
      env: { ...base, O365_HTTP_PORT: "2222", O365_LOG_LEVEL: "warning" },
    });
    expect(c.http.port).toBe(3333);
    expect(c.logLevel).toBe("warning");
    expect(c.readOnly).toBe(true);
    expect(c.cacheDir).toBe("/f");
  });

  it("reads the config file named by O365_CONFIG and lets overrides win over everything", () => {
    const file = tmp(
      "c.json",
      JSON.stringify({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, port: 1111 }),
    );
    const c = loadConfig({
      argv: ["--port", "2"],
      env: { O365_CONFIG: file },
      overrides: { port: 4444, demo: true },
    });
    expect(c.http.port).toBe(4444);
    expect(c.demo).toBe(true);
  });

  it("parses booleans, lists and numbers from env and flags", () => {
    const c = loadConfig({
      argv: [
        "--allowed-origin",
        "https://a.example",
        "--allowed-origin=http://localhost:5173",
        "--read-only",
        "--stateless",
      ],
      env: { ...base, O365_REQUEST_TIMEOUT_MS: "5000", O365_MAX_RETRIES: "0", O365_STATELESS: "false" },
    });
    expect(c.http.allowedOrigins).toEqual(["https://a.example", "http://localhost:5173"]);
    expect(c.readOnly).toBe(true);
    expect(c.http.stateless).toBe(true);
    expect(c.requestTimeoutMs).toBe(5000);
    expect(c.maxRetries).toBe(0);
  });

  it("reads the secret from O365_CLIENT_SECRET_FILE without its trailing newline", () => {
    const file = tmp("secret", `${SECRET}\n`);
    const c = loadConfig({
      argv: [],
      env: { ...base, O365_CLIENT_SECRET: undefined, O365_CLIENT_SECRET_FILE: file },
    });
    expect(c.clientSecret).toBe(SECRET);
  });

  it("prints a loud warning when TLS verification is turned off", () => {
    const lines: string[] = [];
    const c = loadConfig({ argv: ["--no-verify-tls"], env: base, warn: (l) => lines.push(l) });
    expect(c.verifyTls).toBe(false);
    expect(lines.join("\n")).toMatch(/WARNING: TLS certificate verification is OFF/);
  });

  it("takes O365_CURSOR_KEY (32+ characters), never shows it, and warns when stateless replicas lack one", () => {
    const key = "k".repeat(40);
    const lines: string[] = [];
    const c = loadConfig({ argv: [], env: { ...base, O365_CURSOR_KEY: key }, warn: (l) => lines.push(l) });
    expect(c.cursorKey).toBe(key);
    expect(JSON.stringify(redactConfig(c))).not.toContain(key);
    expect(() => loadConfig({ argv: [], env: { ...base, O365_CURSOR_KEY: "short" } })).toThrow(
      /32 characters/,
    );
    loadConfig({ argv: ["--transport", "http", "--stateless"], env: base, warn: (l) => lines.push(l) });
    expect(lines.join("\n")).toMatch(/--stateless without O365_CURSOR_KEY/);
  });

  it("uses HTTPS_PROXY when O365_HTTP_PROXY is not set", () => {
    expect(loadConfig({ argv: [], env: { ...base, HTTPS_PROXY: "http://proxy:3128" } }).proxy).toBe(
      "http://proxy:3128",
    );
  });
});

describe("cloud presets", () => {
  const cases = [
    [
      "gcc",
      "https://login.microsoftonline.com",
      "https://manage-gcc.office.com",
      "https://graph.microsoft.com",
      "https://reports.office365.com",
    ],
    [
      "gcchigh",
      "https://login.microsoftonline.us",
      "https://manage.office365.us",
      undefined,
      "https://reports.office365.us",
    ],
    ["dod", "https://login.microsoftonline.us", "https://manage.protection.apps.mil", undefined, undefined],
    [
      "china",
      "https://login.partner.microsoftonline.cn",
      "https://manage.office365.cn",
      undefined,
      undefined,
    ],
  ] as const;
  for (const [cloud, login, management, graph, reporting] of cases) {
    it(`${cloud} points at its own hosts and scopes`, () => {
      const c = loadConfig({ argv: ["--cloud", cloud], env: base });
      expect(c.endpoints.tokenUrl).toBe(`${login}/${TENANT}/oauth2/v2.0/token`);
      expect(c.endpoints.managementUrl).toBe(management);
      expect(c.endpoints.graphUrl).toBe(graph);
      expect(c.endpoints.reportingUrl).toBe(reporting);
      expect(c.scopes.management).toEqual([`${management}/.default`]);
      expect(c.scopes.graph).toEqual(graph ? [`${graph}/.default`] : []);
    });
  }

  it("custom cloud derives scopes from each explicit URL and substitutes {tenant}", () => {
    const c = loadConfig({
      argv: [
        "--cloud",
        "custom",
        "--management-url",
        "https://127.0.0.1:4443/",
        "--token-url",
        "https://127.0.0.1:4442/{tenant}/oauth2/v2.0/token",
      ],
      env: { ...base, O365_GRAPH_URL: "https://127.0.0.1:4444" },
    });
    expect(c.endpoints.managementUrl).toBe("https://127.0.0.1:4443");
    expect(c.endpoints.authority).toBe(`https://127.0.0.1:4442/${TENANT}`);
    expect(c.endpoints.reportingUrl).toBeUndefined();
    expect(c.scopes).toEqual({
      management: ["https://127.0.0.1:4443/.default"],
      graph: ["https://127.0.0.1:4444/.default"],
      reporting: [],
    });
  });

  it("the reporting API keeps Exchange Online's resource on any host unless O365_SCOPES names one", () => {
    const custom = loadConfig({
      argv: ["--cloud", "custom", "--management-url", "https://127.0.0.1:4443"],
      env: {
        ...base,
        O365_TOKEN_URL: "https://127.0.0.1:4442/{tenant}/oauth2/v2.0/token",
        O365_REPORTING_URL: "https://127.0.0.1:4445",
      },
    });
    expect(custom.scopes.reporting).toEqual(["https://outlook.office365.com/.default"]);
    const gcchigh = loadConfig({
      argv: ["--cloud", "gcchigh"],
      env: { ...base, O365_REPORTING_URL: "https://outlook.office365.us" },
    });
    expect(gcchigh.scopes.reporting).toEqual(["https://outlook.office365.us/.default"]);
    const told = loadConfig({
      argv: ["--cloud", "custom", "--management-url", "https://127.0.0.1:4443"],
      env: {
        ...base,
        O365_TOKEN_URL: "https://127.0.0.1:4442/{tenant}/oauth2/v2.0/token",
        O365_REPORTING_URL: "https://127.0.0.1:4445",
        O365_SCOPES: "reporting=https://127.0.0.1:4445/.default",
      },
    });
    expect(told.scopes.reporting).toEqual(["https://127.0.0.1:4445/.default"]);
  });

  it("an explicit URL on a preset cloud gets its own scope; O365_SCOPES overrides per API", () => {
    const c = loadConfig({
      argv: [],
      env: {
        ...base,
        O365_MANAGEMENT_URL: "https://manage.example",
        O365_SCOPES: "graph=https://g.example/.default",
      },
    });
    expect(c.scopes.management).toEqual(["https://manage.example/.default"]);
    expect(c.scopes.graph).toEqual(["https://g.example/.default"]);
    const d = loadConfig({ argv: ["--scopes", "https://manage.office.com/.default"], env: base });
    expect(d.scopes.management).toEqual(["https://manage.office.com/.default"]);
  });
});

describe("problems", () => {
  const cases: [string, { argv?: string[]; env: Record<string, string | undefined> }, RegExp][] = [
    ["unknown cloud", { env: { ...base, O365_CLOUD: "mars" } }, /O365_CLOUD: .*commercial/],
    ["custom without URLs", { env: { ...base, O365_CLOUD: "custom" } }, /custom needs O365_MANAGEMENT_URL/],
    [
      "custom without token URL",
      { env: { ...base, O365_CLOUD: "custom", O365_MANAGEMENT_URL: "https://m.example" } },
      /custom needs O365_TOKEN_URL/,
    ],
    [
      "tenant domain",
      { env: { ...base, O365_TENANT_ID: "contoso.onmicrosoft.com" } },
      /tenant GUID, not a domain/,
    ],
    [
      "malformed tenant GUID",
      { env: { ...base, O365_TENANT_ID: "1234-not-a-guid" } },
      /O365_TENANT_ID\) is not a GUID/,
    ],
    ["missing tenant", { env: { ...base, O365_TENANT_ID: undefined } }, /tenant id missing/],
    ["missing client", { env: { ...base, O365_CLIENT_ID: undefined } }, /client id missing/],
    ["no credential", { env: { ...base, O365_CLIENT_SECRET: undefined } }, /no credential/],
    [
      "secret and cert",
      { env: { ...base, O365_CLIENT_CERT_FILE: "/dev/null" } },
      /either a client secret or a client certificate/,
    ],
    [
      "an empty certificate file (no credential at all otherwise)",
      { env: { ...base, O365_CLIENT_SECRET: undefined, O365_CLIENT_CERT_FILE: "/dev/null" } },
      /certificate file .* holds no PEM certificate/,
    ],
    [
      "secret and secret file",
      { env: { ...base, O365_CLIENT_SECRET_FILE: "/dev/null" } },
      /either O365_CLIENT_SECRET or O365_CLIENT_SECRET_FILE/,
    ],
    [
      "an empty secret file",
      { env: { ...base, O365_CLIENT_SECRET: undefined, O365_CLIENT_SECRET_FILE: "/dev/null" } },
      /secret file .* is empty/,
    ],
    [
      "a certificate password without a certificate",
      { env: { ...base, O365_CLIENT_CERT_PASSWORD: "pw" } },
      /O365_CLIENT_CERT_PASSWORD is set but O365_CLIENT_CERT_FILE is not/,
    ],
    [
      "a refresh token in client credentials mode",
      { env: { ...base, O365_REFRESH_TOKEN: "rt" } },
      /O365_REFRESH_TOKEN is set but O365_AUTH_MODE is not refresh_token/,
    ],
    [
      "refresh mode without token",
      { env: { ...base, O365_AUTH_MODE: "refresh_token" } },
      /refresh_token needs O365_REFRESH_TOKEN/,
    ],
    [
      "refresh mode with a missing cache file",
      { env: { ...base, O365_AUTH_MODE: "refresh_token", O365_TOKEN_CACHE: "/nonexistent/cache.json" } },
      /does not exist yet/,
    ],
    [
      "http on 0.0.0.0 without token",
      { argv: ["--transport", "http", "--host", "0.0.0.0"], env: base },
      /non-loopback host needs a bearer token/,
    ],
    [
      "unreadable secret file",
      { env: { ...base, O365_CLIENT_SECRET: undefined, O365_CLIENT_SECRET_FILE: "/nonexistent/secret" } },
      /secret file .* cannot be read \(ENOENT\)/,
    ],
    [
      "unreadable CA file",
      { env: { ...base, O365_CA_FILE: "/nonexistent/ca.pem" } },
      /CA file .* cannot be read/,
    ],
    [
      "CA file without a certificate",
      { env: { ...base, O365_CA_FILE: "/dev/null" } },
      /CA file .* holds no PEM/,
    ],
    [
      "proxy with another scheme",
      { env: { ...base, O365_HTTP_PROXY: "socks5://p:1080" } },
      /http:\/\/ or https:\/\//,
    ],
    [
      "proxy that is not a URL",
      { env: { ...base, O365_HTTP_PROXY: "not a url" } },
      /proxy .* not a valid URL/,
    ],
    [
      "token URL without the token path",
      {
        env: {
          ...base,
          O365_CLOUD: "custom",
          O365_MANAGEMENT_URL: "https://m.example",
          O365_TOKEN_URL: "https://login.example/t",
        },
      },
      /token URL .* must look like/,
    ],
    [
      "unknown API in O365_SCOPES",
      { env: { ...base, O365_SCOPES: "exchange=https://x/.default" } },
      /unknown API "exchange"/,
    ],
    [
      "publisher id not a GUID",
      { env: { ...base, O365_PUBLISHER_ID: "contoso" } },
      /publisher id .* must be a GUID/,
    ],
    [
      "unreadable config file",
      { argv: ["--config", "/nonexistent/c.json"], env: base },
      /config file .* cannot be read/,
    ],
    ["bad port", { argv: ["--port", "70000"], env: base }, /--port: /],
    [
      "port not a number",
      { env: { ...base, O365_HTTP_PORT: "eighty" } },
      /O365_HTTP_PORT: must be a whole number/,
    ],
    ["unknown flag", { argv: ["--tenant", "x"], env: base }, /unknown flag --tenant/],
    ["flag without value", { argv: ["--port", "--read-only"], env: base }, /--port needs a value/],
    ["positional argument", { argv: ["serve"], env: base }, /unexpected argument/],
    [
      "http management URL",
      { env: { ...base, O365_MANAGEMENT_URL: "http://manage.office.com" } },
      /must use https/,
    ],
    [
      "management URL with a path",
      { env: { ...base, O365_MANAGEMENT_URL: "https://manage.office.com/api" } },
      /host root without a path/,
    ],
    ["bad boolean", { env: { ...base, O365_READ_ONLY: "maybe" } }, /O365_READ_ONLY/],
    ["bad origin", { argv: ["--allowed-origin", "https://a.example/path"], env: base }, /allowed origin/],
  ];
  for (const [name, input, pattern] of cases) {
    it(`reports ${name}`, () => {
      const problems = problemsOf(() => loadConfig({ argv: input.argv ?? [], env: input.env }));
      expect(problems.join("\n")).toMatch(pattern);
    });
  }

  it("reports every problem at once, one line each", () => {
    const problems = problemsOf(() =>
      loadConfig({
        argv: ["--bogus", "--port", "x"],
        env: { O365_CLOUD: "mars", O365_CLIENT_SECRET: SECRET },
      }),
    );
    expect(problems.length).toBeGreaterThanOrEqual(5);
    for (const p of problems) expect(p).not.toContain("\n");
  });

  it("reports an unknown key in the config file", () => {
    const file = tmp("c.json", JSON.stringify({ tenantID: TENANT }));
    const problems = problemsOf(() => loadConfig({ argv: ["--config", file], env: base }));
    expect(problems.join("\n")).toMatch(/unknown key "tenantID"/);
  });

  it("never echoes a secret value in a problem line", () => {
    const secrets = {
      O365_CLIENT_SECRET: "SECRET-aaa-111",
      O365_CLIENT_CERT_PASSWORD: "SECRET-bbb-222",
      O365_REFRESH_TOKEN: "SECRET-ccc-333",
      O365_MCP_HTTP_TOKEN: "SECRET-ddd-444",
      O365_HTTP_PROXY: "http://user:SECRET-eee-555@:bad",
    };
    const problems = problemsOf(() =>
      loadConfig({
        argv: ["--transport", "http", "--host", "0.0.0.0", "--port", "SECRET-fff-666"],
        env: { ...secrets, O365_CLIENT_CERT_FILE: "/nonexistent", O365_TENANT_ID: "bad" },
      }),
    );
    expect(problems.length).toBeGreaterThan(2);
    expect(problems.join("\n")).not.toMatch(/SECRET-/);
  });
});

describe("configHelp", () => {
  it("lists every flag and environment variable", () => {
    const help = configHelp();
    for (const s of SETTINGS) {
      if (s.flag) expect(help).toContain(`--${s.flag}`);
      for (const e of s.env) expect(help).toContain(e);
    }
    expect(help).toContain("--no-verify-tls");
    expect(help).toContain("--config FILE");
  });
});

describe("first-run messages", () => {
  it("matches O365_CLOUD case-insensitively", () => {
    expect(loadConfig({ argv: [], env: { ...base, O365_CLOUD: "GCCHigh" } }).cloud).toBe("gcchigh");
  });
  it("lists the valid clouds for an unknown one", () => {
    expect(() => loadConfig({ argv: [], env: { ...base, O365_CLOUD: "mars" } })).toThrow(
      /must be one of commercial, gcc, gcchigh, dod, china, custom/,
    );
  });
  it("warns that --port is ignored with the stdio transport", () => {
    const lines: string[] = [];
    loadConfig({ argv: ["--port", "4000"], env: base, warn: (l) => lines.push(l) });
    expect(lines.join("\n")).toMatch(/--port .* ignored with the stdio transport/);
    lines.length = 0;
    loadConfig({ argv: ["--port", "4000", "--transport", "http"], env: base, warn: (l) => lines.push(l) });
    expect(lines).toEqual([]);
  });
});
