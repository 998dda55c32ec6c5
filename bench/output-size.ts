// Trimmed vs. raw output bytes (design.md sections 8 and 10): what the model receives from our tools, text
// and structuredContent apart (a text-only client passes only the text), and the tool catalogue, against
// the raw API payload for the same question, fetched straight from the emulator. Tokens are approximate:
// bytes / 4 (English, JSON and ids run about 4 characters a token; no tokenizer dependency for an
// estimate). Each figure is the median of RUNS runs on fresh emulated tenants. `reduction` is raw / text,
// the targets' measure (issue: search_audit_log >= 20x, message_trace text <= Graph's raw rows).

import { loadavg } from "node:os";
import type { CallToolResult } from "@modelcontextprotocol/server";
import { type EmulatorProcess, startEmulatorProcess } from "./emulator-process.js";
import { type StdioServer, startStdioServer } from "./mcp-stdio.js";
import { rawApi } from "./raw-api.js";
import { bench, heading, line, median, round, table } from "./report.js";

type Json = Record<string, unknown>;

const MAX_CALLS = 20;
const RUNS = 3;
const CONTENT_TYPES = [
  "Audit.AzureActiveDirectory",
  "Audit.Exchange",
  "Audit.SharePoint",
  "Audit.General",
  "DLP.All",
];
/**
 * The measuring tenant: records of ~3 KB (real Exchange and SharePoint records carry folders, app
 * contexts and more). The emulator pads its records to that size with one extra field.
 */
const RECORD_3KB_FLAGS = ["--record-bytes", "3000"];
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
  /** Text content blocks: all a text-only client passes to the model. */
  text: number;
  /** structuredContent JSON: the same facts as objects. */
  structured: number;
  /** The raw API payload for the same question; undefined where there is none (the catalogue). */
  raw?: number;
  note: string;
}

/** A rough token count: about 4 bytes per token for English, JSON and ids. */
const tokens = (bytes: number) => Math.round(bytes / 4);

type Question = [string, Sizes];

export async function outputSizeBench(): Promise<void> {
  heading("output-size: text, structuredContent and catalogue bytes vs. the raw API payload");
  const runs: Question[][] = [];
  for (let r = 0; r < RUNS; r++) runs.push(await oneRun());
  const rows: Question[] = runs[0].map(([label], q) => [label, medianSizes(runs.map((run) => run[q][1]))]);
  table([
    ["question", "text B", "~tok", "structured B", "~tok", "raw B", "~tok", "raw/text"],
    ...rows.map(([label, s]) => [
      label,
      s.text,
      tokens(s.text),
      s.structured,
      tokens(s.structured),
      s.raw ?? "-",
      s.raw === undefined ? "-" : tokens(s.raw),
      s.raw === undefined ? "-" : `${(s.raw / s.text).toFixed(1)}x`,
    ]),
  ]);
  for (const [label, s] of rows) line(`  ${label}: ${s.note}`);
  line(`  medians of ${RUNS} runs; ~tok = bytes / 4; load average ${loadavg()[0].toFixed(1)}`);
  const [catalogue, page, trace, audit, audit3kb, blob] = rows.map(([, s]) => s);
  const pick = (f: (s: Sizes) => number | undefined) => ({
    search_audit_log_page: f(page),
    message_trace: f(trace),
    search_audit_log: f(audit),
    search_audit_log_3kb_records: f(audit3kb),
    retrieve_content: f(blob),
  });
  const ratio = (raw: number | undefined, ours: number) =>
    raw === undefined ? undefined : round(raw / ours);
  bench({
    bench: "output-size",
    catalogue_bytes: catalogue.text,
    catalogue_tokens: tokens(catalogue.text),
    text_bytes: pick((s) => s.text),
    structured_bytes: pick((s) => s.structured),
    raw_bytes: pick((s) => s.raw),
    text_tokens: pick((s) => tokens(s.text)),
    structured_tokens: pick((s) => tokens(s.structured)),
    raw_tokens: pick((s) => (s.raw === undefined ? undefined : tokens(s.raw))),
    reduction: pick((s) => ratio(s.raw, s.text)),
    reduction_with_structured: pick((s) => ratio(s.raw, s.text + s.structured)),
    load_average: round(loadavg()[0]),
  });
}

async function oneRun(): Promise<Question[]> {
  const [small, padded, big] = await Promise.all([
    startEmulatorProcess([]),
    startEmulatorProcess(RECORD_3KB_FLAGS),
    startEmulatorProcess(BIG_BLOB_FLAGS),
  ]);
  try {
    return [
      ["tools/list catalogue", await withServer(small, catalogueSizes)],
      ["search_audit_log {} first page", await withServer(small, counted(firstSearchPage))],
      ["message_trace 200 rows", await withServer(small, counted(messageTraceSizes))],
      ["search_audit_log 100 records", await withServer(small, counted(auditSearchSizes))],
      ["search_audit_log 100 records of 3 KB", await withServer(padded, counted(auditSearchSizes))],
      ["retrieve_content 5 MB blob", await withServer(big, counted(retrieveContentSizes))],
    ];
  } finally {
    await Promise.all([small.stop(), padded.stop(), big.stop()]);
  }
}

function medianSizes(all: Sizes[]): Sizes {
  const raws = all.map((s) => s.raw).filter((r): r is number => r !== undefined);
  return {
    text: median(all.map((s) => s.text)),
    structured: median(all.map((s) => s.structured)),
    ...(raws.length ? { raw: median(raws) } : {}),
    note: all[0].note,
  };
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

/** Bytes of text blocks and of structuredContent seen so far, across all calls of one question. */
const seen = { text: 0, structured: 0 };

function counted(
  fn: (s: StdioServer, e: EmulatorProcess) => Promise<{ raw: number; note: string }>,
): (s: StdioServer, e: EmulatorProcess) => Promise<Sizes> {
  return async (server, emulator) => {
    seen.text = 0;
    seen.structured = 0;
    const sizes = await fn(server, emulator);
    return { ...sizes, text: seen.text, structured: seen.structured };
  };
}

/** Bytes the client receives: every text block plus the structuredContent JSON. */
function resultBytes(result: CallToolResult): number {
  const text = result.content.reduce((n, c) => n + (c.type === "text" ? Buffer.byteLength(c.text) : 0), 0);
  const structured = result.structuredContent
    ? Buffer.byteLength(JSON.stringify(result.structuredContent))
    : 0;
  seen.text += text;
  seen.structured += structured;
  return text + structured;
}

/** The tool catalogue a client loads before any call (counted in "text": the model reads all of it). */
async function catalogueSizes(server: StdioServer): Promise<Sizes> {
  const { tools } = await server.client.listTools();
  const bytes = Buffer.byteLength(JSON.stringify(tools));
  const output = tools.reduce((n, t) => n + Buffer.byteLength(JSON.stringify(t.outputSchema ?? {})), 0);
  return { text: bytes, structured: 0, note: `${tools.length} tools, of which output schemas ${output} B` };
}

/** The page a new user sees first; its raw counterpart is the same records untrimmed. */
async function firstSearchPage(server: StdioServer): Promise<{ raw: number; note: string }> {
  const result = await server.call("search_audit_log", {});
  if (result.isError)
    throw new Error(`search_audit_log failed: ${JSON.stringify(result.content).slice(0, 400)}`);
  resultBytes(result);
  const matches = ((result.structuredContent ?? {}) as Json).matches as unknown[];
  // The same records with every field, paged (not counted as ours).
  const whole: unknown[] = [];
  let cursor: string | undefined;
  for (let calls = 0; calls < MAX_CALLS && whole.length < matches.length; calls++) {
    const page = await server.call("search_audit_log", { fields: ["*"], ...(cursor ? { cursor } : {}) });
    const s = (page.structuredContent ?? {}) as Json;
    whole.push(...(s.matches as unknown[]));
    cursor = typeof s.nextCursor === "string" ? s.nextCursor : undefined;
    if (!cursor) break;
  }
  return {
    raw: Buffer.byteLength(JSON.stringify(whole.slice(0, matches.length))),
    note: `${matches.length} records; raw: the same records with every field (fields ["*"])`,
  };
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
  while (calls < MAX_CALLS && got.length < want) {
    calls++;
    const result = await server.call(tool, cursor ? { ...args, cursor } : args);
    if (result.isError) throw new Error(`${tool} failed: ${JSON.stringify(result.content).slice(0, 400)}`);
    const structured = (result.structuredContent ?? {}) as Json;
    first ??= structured;
    bytes += resultBytes(result);
    got.push(...(items(structured) as Json[]));
    cursor = typeof structured.nextCursor === "string" ? structured.nextCursor : undefined;
    if (!cursor) break;
  }
  return { bytes, items: got, calls, first: first ?? {} };
}

async function messageTraceSizes(
  server: StdioServer,
  emulator: EmulatorProcess,
): Promise<{ raw: number; note: string }> {
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
    raw: Buffer.byteLength(text),
    note: `${n} rows in ${ours.calls} call(s), backend ${String(ours.first.backend)}; raw: Graph messageTraces $top=${n} (${rawRows} rows)`,
  };
}

async function auditSearchSizes(
  server: StdioServer,
  emulator: EmulatorProcess,
): Promise<{ raw: number; note: string }> {
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
    raw,
    note: `${ours.items.length} records in ${ours.calls} call(s); raw: the same records untrimmed (${records.size} match in the window; reading them means ${(windowBytes / 1e6).toFixed(1)} MB of blobs, ${(windowBytes / ours.bytes).toFixed(0)}x ours)`,
  };
}

async function retrieveContentSizes(
  server: StdioServer,
  emulator: EmulatorProcess,
): Promise<{ raw: number; note: string }> {
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
  resultBytes(result);
  return {
    raw: best.bytes,
    note: `first call: ${shown} records trimmed${s.nextCursor ? ", nextCursor for the rest" : ""}; raw: the whole ${(best.bytes / 1e6).toFixed(1)} MB blob`,
  };
}
