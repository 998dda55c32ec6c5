// ServerDeps with a real Config (loadConfig) and stubbed API clients, for tests of the MCP layer that need
// no emulator (register(), logging, progress, elicitation, audit log). Unstubbed calls throw.
import { Client } from "@modelcontextprotocol/client";
import { type ClientCapabilities, InMemoryTransport, type McpServer } from "@modelcontextprotocol/server";
import { loadConfig, type RawConfigInput } from "../../src/config/load.js";
import type { ServerDeps } from "../../src/deps.js";
import type { ManagementClient } from "../../src/management/types.js";
import type { MessageTraceClient } from "../../src/messagetrace/types.js";

export const FAKE_SECRET = "fake-secret-value-Zq8~do-not-leak";

function unstubbed(name: string): never {
  throw new Error(`unexpected call to ${name} in this test`);
}

export function fakeDeps(opts: {
  config?: Partial<RawConfigInput>;
  management?: Partial<ManagementClient>;
  messageTrace?: Partial<MessageTraceClient>;
  now?: () => Date;
}): ServerDeps & { lines: string[] } {
  const config = loadConfig({
    argv: [],
    env: {},
    overrides: {
      cloud: "custom",
      tenantId: "11111111-2222-3333-4444-555555555555",
      clientId: "66666666-7777-8888-9999-000000000000",
      clientSecret: FAKE_SECRET,
      tokenUrl: "https://127.0.0.1:1/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token",
      managementUrl: "https://127.0.0.1:2",
      graphUrl: "https://127.0.0.1:3",
      reportingUrl: "https://127.0.0.1:4",
      ...opts.config,
    },
  });
  const lines: string[] = [];
  const management = new Proxy(opts.management ?? {}, {
    get: (target, key) =>
      (target as Record<string | symbol, unknown>)[key] ?? (() => unstubbed(`management.${String(key)}`)),
  }) as ManagementClient;
  const messageTrace = new Proxy(opts.messageTrace ?? {}, {
    get: (target, key) =>
      (target as Record<string | symbol, unknown>)[key] ?? (() => unstubbed(`messageTrace.${String(key)}`)),
  }) as MessageTraceClient;
  return {
    config,
    tokens: { getToken: async () => unstubbed("tokens.getToken"), invalidate: () => {} },
    http: {
      request: async () => unstubbed("http.request"),
      isAllowedUrl: () => true,
      close: async () => {},
    },
    management,
    messageTrace,
    audit: { search: async () => unstubbed("audit.search") },
    now: opts.now ?? (() => new Date()),
    log: (line) => lines.push(line),
    close: async () => {},
    lines,
  };
}

/** Connects a real Client to `server` over InMemoryTransport. */
export async function connectClient(
  server: McpServer,
  capabilities: ClientCapabilities = {},
): Promise<Client> {
  const client = new Client({ name: "test", version: "0.0.0" }, { capabilities });
  const [ct, st] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(st), client.connect(ct)]);
  return client;
}
