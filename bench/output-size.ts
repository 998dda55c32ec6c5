// Trimmed vs. raw output bytes (design.md sections 8 and 10): what the model receives from our tools (text
// content + structuredContent, as the MCP client gets them) against the raw API payload for the same
// question, fetched straight from the emulator.
import type { CallToolResult } from "@modelcontextprotocol/server";
import { type EmulatorProcess, startEmulatorProcess } from "./emulator-process.js";
import { type StdioServer, startStdioServer } from "./mcp-stdio.js";
import { rawApi } from "./raw-api.js";
import { bench, heading, line, round, table } from "./report.js";

type Json = Record<string, unknown>;

const MAX_CALLS = 20;
const CONTENT_TYPES = [
  "Audit.AzureActiveDirectory",
  "Audit.Exchange",
  "Audit.SharePoint",
  "Audit.General",
  "DLP.All",
];
/** One blob of ~5 MB: ~2,000 records of ~2.5 KB (counts vary +-50% per blob; the size used is printed). */
const BIG_BLOB_FLAGS = [
  "--days",
  "1",
  "--blobs-per-hour",
  "1",
  "--records-per-blob",
  "2000",
  "--record-bytes",
  "2500",
];

interface Sizes {
  ours: number;
  /** Of which text content (the rest is structuredContent, the same data as objects). */
  text: number;
  raw: number;
  note: string;
}

export async function outputSizeBench(): Promise<void> {
  heading("output-size: tool output (text + structuredContent) vs. the raw API payload");
  const [small, big] = await Promise.all([startEmulatorProcess([]), startEmulatorProcess(BIG_BLOB_FLAGS)]);
  try {
    const trace = await withServer(small, textCounted(messageTraceSizes));
    const audit = await withServer(small, textCounted(auditSearchSizes));
    const blob = await withServer(big, textCounted(retrieveContentSizes));
    const rows: Array<[string, Sizes]> = [
      ["message_trace 200 rows", trace],
      ["search_audit_log 100 records", audit],
      ["retrieve_content 5 MB blob", blob],
    ];
    table([
      ["question", "ours B", "~tokens", "raw B", "~tokens", "reduction"],
      ...rows.map(([label, s]) => [
        label,
        s.ours,
        s.ours / 4,
        s.raw,
        s.raw / 4,
        `${(s.raw / s.ours).toFixed(1)}x`,
      ]),
    ]);
    for (const [label, s] of rows) line(`  ${label}: ${s.note}`);
    bench({
      bench: "output-size",
      reduction: {
        message_trace: round(trace.raw / trace.ours),
        search_audit_log: round(audit.raw / audit.ours),
        retrieve_content: round(blob.raw / blob.ours),
      },
      reduction_text_only: {
        message_trace: round(trace.raw / trace.text),
        search_audit_log: round(audit.raw / audit.text),
        retrieve_content: round(blob.raw / blob.text),
      },
      ours_bytes: { message_trace: trace.ours, search_audit_log: audit.ours, retrieve_content: blob.ours },
      raw_bytes: { message_trace: trace.raw, search_audit_log: audit.raw, retrieve_content: blob.raw },
    });
  } finally {
    await Promise.all([small.stop(), big.stop()]);
  }
}

async function withServer<T>(
  emulator: EmulatorProcess,
  fn: (s: StdioServer, e: EmulatorProcess) => Promise<T>,
) {
  const server = await startStdioServer(emulator.serverEnv());
  try {
    return await fn(server, emulator);
  } finally {
    await server.close();
  }
}

/** Bytes of text blocks seen so far (the part a text-only client shows the model), across all calls. */
const textBytes = { total: 0 };

function textCounted(
  fn: (s: StdioServer, e: EmulatorProcess) => Promise<Omit<Sizes, "text">>,
): (s: StdioServer, e: EmulatorProcess) => Promise<Sizes> {
  return async (server, emulator) => {
    textBytes.total = 0;
    const sizes = await fn(server, emulator);
    return { ...sizes, text: textBytes.total };
  };
}

/** Bytes the client receives: every text block plus the structuredContent JSON. */
function resultBytes(result: CallToolResult): number {
  const text = result.content.reduce((n, c) => n + (c.type === "text" ? Buffer.byteLength(c.text) : 0), 0);
  textBytes.total += text;
  return text + (result.structuredContent ? Buffer.byteLength(JSON.stringify(result.structuredContent)) : 0);
}

/** Calls a tool, following nextCursor until `want` items are in hand; bytes of every page summed. */
async function collect(
  server: StdioServer,
  tool: string,
  args: Json,
  items: (s: Json) => unknown[],
  want: number,
): Promise<{ bytes: number; items: Json[]; calls: number; first: Json }> {
  let bytes = 0;
  let first: Json | undefined;
  const got: Json[] = [];
  let cursor: string | undefined;
  let calls = 0;
  for (; calls < MAX_CALLS && got.length < want; calls++) {
    const result = await server.call(tool, cursor ? { ...args, cursor } : args);
    if (result.isError) throw new Error(`${tool} failed: ${JSON.stringify(result.content).slice(0, 400)}`);
    const structured = (result.structuredContent ?? {}) as Json;
    first ??= structured;
    bytes += resultBytes(result);
    got.push(...(items(structured) as Json[]));
    cursor = typeof structured.nextCursor === "string" ? structured.nextCursor : undefined;
    if (!cursor) break;
  }
  return { bytes, items: got, calls: calls + (got.length >= want || !cursor ? 1 : 0), first: first ?? {} };
}

async function messageTraceSizes(
  server: StdioServer,
  emulator: EmulatorProcess,
): Promise<Omit<Sizes, "text">> {
  const ours = await collect(
    server,
    "message_trace",
    { limit: 200 },
    (s) => (s.rows as unknown[]) ?? [],
    200,
  );
  const n = ours.items.length;
  const { text } = await rawApi(emulator).get(
    `${emulator.info.graphUrl}/v1.0/admin/exchange/tracing/messageTraces?$top=${n}`,
  );
  const rawRows = (JSON.parse(text) as { value: unknown[] }).value.length;
  return {
    ours: ours.bytes,
    raw: Buffer.byteLength(text),
    note: `${n} rows in ${ours.calls} call(s), backend ${String(ours.first.backend)}; raw: Graph messageTraces $top=${n} (${rawRows} rows)`,
  };
}

async function auditSearchSizes(
  server: StdioServer,
  emulator: EmulatorProcess,
): Promise<Omit<Sizes, "text">> {
  const args = { workloads: ["Exchange"], limit: 100 };
  const ours = await collect(server, "search_audit_log", args, (s) => (s.matches as unknown[]) ?? [], 100);
  const start = new Date(String(ours.first.startTime));
  const end = new Date(String(ours.first.endTime));
  // The same question answered from raw blobs: every record of the window, filtered, deduplicated, sorted.
  const api = rawApi(emulator);
  const records = new Map<string, Json>();
  let windowBytes = 0;
  for (const type of CONTENT_TYPES) {
    for (const blob of await api.listBlobs(type, start, new Date())) {
      const { text } = await api.get(String(blob.contentUri));
      windowBytes += Buffer.byteLength(text);
      for (const r of JSON.parse(text) as Json[]) {
        const t = Date.parse(`${String(r.CreationTime)}Z`);
        if (String(r.Workload).toLowerCase() === "exchange" && t >= start.getTime() && t < end.getTime())
          records.set(String(r.Id), r);
      }
    }
  }
  const first = [...records.values()]
    .sort((a, b) => String(a.CreationTime).localeCompare(String(b.CreationTime)))
    .slice(0, ours.items.length);
  const raw = Buffer.byteLength(JSON.stringify(first));
  return {
    ours: ours.bytes,
    raw,
    note: `${ours.items.length} records in ${ours.calls} call(s); raw: the same records untrimmed (${records.size} match in the window; reading them means ${(windowBytes / 1e6).toFixed(1)} MB of blobs, ${(windowBytes / ours.bytes).toFixed(0)}x ours)`,
  };
}

async function retrieveContentSizes(
  server: StdioServer,
  emulator: EmulatorProcess,
): Promise<Omit<Sizes, "text">> {
  const api = rawApi(emulator);
  const end = new Date();
  const blobs = await api.listBlobs("Audit.SharePoint", new Date(end.getTime() - 86_400_000), end);
  // The blob closest to 5 MB among the first few (record counts vary per blob).
  let best: { uri: string; bytes: number } | undefined;
  for (const blob of blobs.slice(0, 6)) {
    const bytes = Buffer.byteLength((await api.get(String(blob.contentUri))).text);
    if (!best || Math.abs(bytes - 5e6) < Math.abs(best.bytes - 5e6))
      best = { uri: String(blob.contentUri), bytes };
  }
  if (!best) throw new Error("the big-blob tenant has no Audit.SharePoint blob");
  const result = await server.call("retrieve_content", { contentUri: best.uri });
  if (result.isError)
    throw new Error(`retrieve_content failed: ${JSON.stringify(result.content).slice(0, 400)}`);
  const s = (result.structuredContent ?? {}) as Json;
  const shown = Array.isArray(s.records) ? s.records.length : "?";
  return {
    ours: resultBytes(result),
    raw: best.bytes,
    note: `first call: ${shown} records trimmed${s.nextCursor ? ", nextCursor for the rest" : ""}; raw: the whole ${(best.bytes / 1e6).toFixed(1)} MB blob`,
  };
}
