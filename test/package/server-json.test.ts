// server.json (MCP Registry metadata) against its sources: package.json's name, version and mcpName, and the
// setting rows' environment variables. A stale file fails with the command that regenerates it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { environmentVariables, type PackageFields, renderServerJson } from "../../scripts/server-json.js";
import { CONFIG_FILE_ENV, SETTINGS } from "../../src/config/settings.js";

const read = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), "utf8"));
const pkg = read("package.json") as PackageFields;
const server = read("server.json") as {
  name: string;
  description: string;
  version: string;
  packages: {
    registryType: string;
    identifier: string;
    version: string;
    transport: { type: string };
    environmentVariables: { name: string; isSecret: boolean; description: string }[];
  }[];
};
const STALE =
  "server.json is stale: run npm run docs (it regenerates server.json from package.json and src/config/settings.ts)";

describe("server.json", () => {
  it("is what npm run docs writes from package.json and the setting rows", () => {
    expect(server, STALE).toEqual(renderServerJson(pkg, SETTINGS));
  });

  it("names the npm package and version of package.json, under its mcpName (the registry's ownership proof)", () => {
    expect(pkg.mcpName, "package.json needs an mcpName").toMatch(
      /^io\.github\.[a-zA-Z0-9-]+\/[a-zA-Z0-9._-]+$/,
    );
    expect(server.name, `${STALE}; server.json name must equal package.json mcpName`).toBe(pkg.mcpName);
    expect(server.version, STALE).toBe(pkg.version);
    expect(server.packages).toHaveLength(1);
    const [npm] = server.packages;
    expect(npm).toMatchObject({
      registryType: "npm",
      identifier: pkg.name,
      version: pkg.version,
      transport: { type: "stdio" },
    });
    // The registry wants an exact version and a short description.
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    expect(server.description.length).toBeLessThanOrEqual(100);
  });

  it("lists every environment variable the server reads, secrets marked", () => {
    const listed = new Map(server.packages[0]!.environmentVariables.map((v) => [v.name, v]));
    const read = [CONFIG_FILE_ENV, ...SETTINGS.flatMap((s) => s.env)];
    expect([...listed.keys()].sort(), STALE).toEqual([...new Set(read)].sort());
    for (const s of SETTINGS) {
      for (const name of s.env) {
        expect(listed.get(name)?.isSecret, `${name}: ${STALE}`).toBe(s.secret === true);
        expect(listed.get(name)?.description, `${name}: ${STALE}`).toContain(s.help);
      }
    }
    expect(listed.get("O365_CLIENT_SECRET")?.isSecret).toBe(true);
    expect(listed.get("O365_MCP_HTTP_TOKEN")?.isSecret).toBe(true);
    expect(listed.get("O365_TENANT_ID")?.isSecret).toBe(false);
  });

  it("says which alias of a variable wins", () => {
    const proxy = environmentVariables(SETTINGS).filter((v) => v.description.startsWith("proxy URL"));
    expect(proxy.map((v) => v.name)).toEqual(["O365_HTTP_PROXY", "HTTPS_PROXY", "https_proxy"]);
    expect(proxy[2]!.description).toContain("read when O365_HTTP_PROXY and HTTPS_PROXY are unset");
  });
});
