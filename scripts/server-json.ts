// server.json for the MCP Registry (mcp-notes.md 5.3), written from package.json (name, version, mcpName)
// and the setting rows (every environment variable the server reads), so neither can drift from the code.
// `npm run docs` writes it; test/package/server-json.test.ts fails when the file holds anything else.
import { CONFIG_FILE_ENV, type Setting } from "../src/config/settings.js";

export const SERVER_SCHEMA = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";

/** The registry caps `description` at 100 characters; package.json's is longer. */
export const REGISTRY_DESCRIPTION =
  "Office 365 audit log (Management Activity API) and Exchange message trace, with a demo tenant";

/** Without these two the server cannot reach a real tenant (`--demo` needs neither). */
const REQUIRED = new Set(["O365_TENANT_ID", "O365_CLIENT_ID"]);

export interface PackageFields {
  name: string;
  version: string;
  mcpName: string;
}

export interface EnvironmentVariable {
  name: string;
  description: string;
  isRequired: boolean;
  isSecret: boolean;
  format: "string" | "number" | "boolean";
  default?: string;
}

function formatOf(s: Setting): EnvironmentVariable["format"] {
  return s.kind === "number" || s.kind === "boolean" ? s.kind : "string";
}

/** A fixed scalar default, as the registry's string `default`; notes and lists stay in the description. */
function defaultOf(s: Setting): string | undefined {
  if (s.defaultNote !== undefined || s.default === undefined || Array.isArray(s.default)) return undefined;
  return String(s.default);
}

export function environmentVariables(settings: readonly Setting[]): EnvironmentVariable[] {
  const vars: EnvironmentVariable[] = [
    {
      name: CONFIG_FILE_ENV,
      description: "JSON file with the settings as camelCase keys",
      isRequired: false,
      isSecret: false,
      format: "string",
    },
  ];
  for (const s of settings) {
    s.env.forEach((name, i) => {
      const fallback = defaultOf(s);
      // Aliases (HTTPS_PROXY for O365_HTTP_PROXY) say which one wins: the first set one, in row order.
      const alias =
        i === 0 ? "" : ` (read when ${s.env.slice(0, i).join(" and ")} ${i === 1 ? "is" : "are"} unset)`;
      vars.push({
        name,
        description: `${s.help}${alias}`,
        isRequired: REQUIRED.has(name),
        isSecret: s.secret === true,
        format: formatOf(s),
        ...(fallback === undefined ? {} : { default: fallback }),
      });
    });
  }
  return vars;
}

export function renderServerJson(pkg: PackageFields, settings: readonly Setting[]): object {
  return {
    $schema: SERVER_SCHEMA,
    name: pkg.mcpName,
    title: "Office 365 audit log and message trace",
    description: REGISTRY_DESCRIPTION,
    version: pkg.version,
    packages: [
      {
        registryType: "npm",
        identifier: pkg.name,
        version: pkg.version,
        runtimeHint: "npx",
        transport: { type: "stdio" },
        environmentVariables: environmentVariables(settings),
      },
    ],
  };
}

/** The file text `npm run docs` writes (Biome's JSON formatting may re-wrap it; the test compares values). */
export function serverJsonText(pkg: PackageFields, settings: readonly Setting[]): string {
  return `${JSON.stringify(renderServerJson(pkg, settings), null, 2)}\n`;
}
