// The Claude Desktop bundle's manifest.json: valid for mcpb's own schema, in step with package.json, and
// every user_config field lands in an environment variable the server reads. The built bundle itself is
// unpacked and started in .ci/run (scripts/bundle-check.ts).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MANIFEST_SCHEMAS } from "@anthropic-ai/mcpb/node";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { describe, expect, it } from "vitest";
import { SETTINGS } from "../../src/config/settings.js";
import { cleanEnv } from "../helpers/run-cli.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface UserConfigField {
  type: string;
  default?: unknown;
  sensitive?: boolean;
  required?: boolean;
}
interface Manifest {
  manifest_version: keyof typeof MANIFEST_SCHEMAS;
  name: string;
  version: string;
  description: string;
  license: string;
  compatibility: { runtimes: { node: string } };
  server: {
    type: string;
    entry_point: string;
    mcp_config: { command: string; args: string[]; env: Record<string, string> };
  };
  user_config: Record<string, UserConfigField>;
}

const manifest = JSON.parse(readFileSync(`${ROOT}/manifest.json`, "utf8")) as Manifest;
const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, "utf8"));
const env = manifest.server.mcp_config.env;
/** The env var the bundle's entry shim (bundle/server/index.js) turns into --demo; no server setting reads it. */
const DEMO_ENV = "O365_BUNDLE_DEMO";
const placeholder = (field: string) => `\${user_config.${field}}`;
const PLACEHOLDER = /^\$\{user_config\.([a-z_]+)\}$/;

describe("manifest.json (Claude Desktop bundle)", () => {
  it("passes mcpb's strict schema for its manifest_version", () => {
    const result = MANIFEST_SCHEMAS[manifest.manifest_version].safeParse(manifest);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it("names, versions and describes the package as package.json does", () => {
    expect(manifest).toMatchObject({
      name: pkg.name,
      version: pkg.version,
      description: pkg.description,
      license: pkg.license,
      compatibility: { runtimes: { node: pkg.engines.node } },
    });
  });

  it("starts the entry shim with node, and bundle/server holds it", () => {
    expect(manifest.server).toMatchObject({ type: "node", entry_point: "bundle/server/index.js" });
    expect(manifest.server.mcp_config).toMatchObject({
      command: "node",
      args: [`\${__dirname}/bundle/server/index.js`],
    });
    expect(existsSync(`${ROOT}/bundle/server/index.js`)).toBe(true);
  });

  it("maps every user_config field to one server environment variable, secrets to sensitive fields", () => {
    const settingByEnv = new Map(SETTINGS.flatMap((s) => s.env.map((name) => [name, s] as const)));
    const used = new Set<string>();
    for (const [name, value] of Object.entries(env)) {
      const field = PLACEHOLDER.exec(value)?.[1];
      expect(field, `${name} = ${value}`).toBeDefined();
      expect(manifest.user_config, name).toHaveProperty(field!);
      used.add(field!);
      if (name === DEMO_ENV) continue;
      const setting = settingByEnv.get(name);
      expect(setting, `${name} is no server setting`).toBeDefined();
      expect(manifest.user_config[field!]!.sensitive ?? false, name).toBe(setting!.secret ?? false);
    }
    expect([...used].sort()).toEqual(Object.keys(manifest.user_config).sort());
  });

  it("asks for the tenant, a secret or a certificate file, cloud, read-only (on) and demo (off)", () => {
    const uc = manifest.user_config;
    expect(env).toMatchObject({
      O365_TENANT_ID: placeholder("tenant_id"),
      O365_CLIENT_ID: placeholder("client_id"),
      O365_CLIENT_SECRET: placeholder("client_secret"),
      O365_CLIENT_CERT_FILE: placeholder("client_cert_file"),
      O365_CLOUD: placeholder("cloud"),
      O365_READ_ONLY: placeholder("read_only"),
      [DEMO_ENV]: placeholder("demo"),
    });
    expect(uc.client_secret).toMatchObject({ type: "string", sensitive: true });
    expect(uc.client_cert_file).toMatchObject({ type: "file" });
    expect(uc.cloud).toMatchObject({ type: "string", default: "commercial" });
    expect(uc.read_only).toMatchObject({ type: "boolean", default: true });
    expect(uc.demo).toMatchObject({ type: "boolean", default: false });
    // Nothing is required: a demo user fills in nothing, and the server names what a real tenant lacks.
    expect(Object.values(uc).filter((f) => f.required)).toEqual([]);
  });
});

describe.skipIf(!existsSync(`${ROOT}/dist/bin/cli.js`))(
  "the bundle's entry shim",
  { timeout: 60_000 },
  () => {
    it("runs the demo tenant read-only when the host leaves the other fields as placeholders", async () => {
      const placeholders = Object.fromEntries(Object.entries(env).filter(([name]) => name !== DEMO_ENV));
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [`${ROOT}/bundle/server/index.js`],
        env: cleanEnv({ ...placeholders, [DEMO_ENV]: "true" }),
        stderr: "pipe",
      });
      const client = new Client({ name: "bundle-shim", version: "0" });
      try {
        await client.connect(transport);
        expect(client.getServerVersion()?.name).toBe(pkg.name);
        const names = (await client.listTools()).tools.map((t) => t.name);
        expect(names).toContain("list_subscriptions");
        expect(names).not.toContain("start_subscription");
      } finally {
        await client.close();
      }
    });
  },
);
