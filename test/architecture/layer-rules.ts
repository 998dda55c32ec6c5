// The layer picture of design.md section 2 as data: which layer each file belongs to and which layers it
// may import. A layer may always import itself. Anything not listed under `mayImport` is a broken rule.

export const LAYERS = [
  "identifiers",
  "neutral",
  "config",
  "http",
  "auth",
  "management",
  "messagetrace",
  "audit",
  "history",
  "findings",
  "timeline",
  "shape",
  "deps",
  "wiring",
  "mcp",
  "resources",
  "tools",
  "prompts",
  "server",
  "transports",
  "cli",
  "emulator",
] as const;
export type Layer = (typeof LAYERS)[number];

/** First match wins: exact files before the folders that hold them. */
const PLACES: readonly { prefix: string; layer: Layer }[] = [
  // Shapes of identifiers (GUID, loopback host) that every client layer checks the same way.
  { prefix: "src/identifiers.ts", layer: "identifiers" },
  { prefix: "src/errors.ts", layer: "neutral" },
  { prefix: "src/time.ts", layer: "neutral" },
  { prefix: "src/package-info.ts", layer: "neutral" },
  { prefix: "src/question-cache.ts", layer: "neutral" },
  { prefix: "src/config/", layer: "config" },
  { prefix: "src/http/", layer: "http" },
  { prefix: "src/auth/", layer: "auth" },
  { prefix: "src/management/", layer: "management" },
  { prefix: "src/messagetrace/", layer: "messagetrace" },
  { prefix: "src/audit/", layer: "audit" },
  { prefix: "src/history/", layer: "history" },
  { prefix: "src/findings/", layer: "findings" },
  { prefix: "src/timeline/", layer: "timeline" },
  { prefix: "src/shape/", layer: "shape" },
  // The ServerDeps contract every MCP-facing layer receives, and the one place that builds it.
  { prefix: "src/deps.ts", layer: "deps" },
  { prefix: "src/wiring.ts", layer: "wiring" },
  { prefix: "src/mcp/", layer: "mcp" },
  { prefix: "src/resources/", layer: "resources" },
  { prefix: "src/server.ts", layer: "server" },
  { prefix: "src/transports/", layer: "transports" },
  { prefix: "src/cli.ts", layer: "cli" },
  { prefix: "src/command-line.ts", layer: "cli" },
  { prefix: "src/first-run.ts", layer: "cli" },
  { prefix: "src/emulator/", layer: "emulator" },
  { prefix: "tools/", layer: "tools" },
  { prefix: "prompts/", layer: "prompts" },
];

const BASE: readonly Layer[] = ["config", "neutral", "identifiers"];
const SERVICES: readonly Layer[] = ["audit", "history", "management", "messagetrace"];

/** Who may import whom (design.md section 2). */
export const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  identifiers: [],
  // O365Error names the API it came from (config's Api); config itself depends on nothing but identifiers.
  neutral: ["config", "identifiers"],
  config: ["identifiers"],
  // http declares the TokenProvider it needs; auth implements it, so http never imports auth.
  http: [...BASE],
  auth: ["http", ...BASE],
  // The two API clients are siblings: what both need (paging-link checks, body parsing) lives in http.
  management: ["http", ...BASE],
  messagetrace: ["http", ...BASE],
  audit: ["management", "http", ...BASE],
  // The audit search API wraps the feed engine: it reuses audit's filter, collector and result types.
  history: ["audit", "management", "http", ...BASE],
  // Detection rules read audit records (and the audit layer's field readers); they make no requests.
  findings: ["audit", "management", ...BASE],
  // Joins message trace to the audit log: it reads both services through their contracts.
  timeline: [...SERVICES, "http", ...BASE],
  // Projections know the record and row types they trim.
  shape: ["management", "messagetrace", ...BASE],
  deps: [...SERVICES, "findings", "timeline", "auth", "http", ...BASE],
  wiring: ["deps", ...SERVICES, "timeline", "auth", "http", ...BASE],
  mcp: ["deps", "shape", "http", ...BASE],
  resources: ["deps", ...SERVICES, ...BASE],
  // diagnose probes each API with raw requests, so tools see http's request and event types.
  tools: ["mcp", "shape", "deps", "findings", "timeline", ...SERVICES, "http", ...BASE],
  prompts: ["mcp", "shape", "deps", ...SERVICES, ...BASE],
  // Only the server factory knows the tool and prompt lists.
  server: ["mcp", "resources", "tools", "prompts", "deps", ...BASE],
  transports: ["server", "deps", ...BASE],
  // The command line starts the emulator for --demo: the only client code that may import it.
  cli: ["transports", "server", "wiring", "deps", "emulator", ...BASE],
  // The emulator shares no client code, not even the identifier checks: a shared mistake would hide a
  // mismatch between client and server.
  emulator: [],
};

export function layerOf(file: string): Layer | undefined {
  return PLACES.find((p) => file === p.prefix || (p.prefix.endsWith("/") && file.startsWith(p.prefix)))
    ?.layer;
}
