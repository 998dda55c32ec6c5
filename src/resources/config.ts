// o365://config: the effective configuration with secrets redacted by the config module's redactConfig,
// so what a client can read never depends on this file remembering every secret field.
import type { McpServer } from "@modelcontextprotocol/server";
import { redactConfig } from "../config/redact.js";
import type { ServerDeps } from "../deps.js";

export const CONFIG_URI = "o365://config";

export function registerConfigResource(server: McpServer, deps: ServerDeps): void {
  server.registerResource(
    "config",
    CONFIG_URI,
    {
      title: "Effective configuration",
      description:
        "The server's effective configuration (cloud, endpoints, scopes, backends, limits) with secrets redacted.",
      mimeType: "application/json",
    },
    async (uri) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: "application/json",
          text: JSON.stringify(redactConfig(deps.config), null, 2),
        },
      ],
    }),
  );
}
