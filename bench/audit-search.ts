// Audit search throughput (design.md section 10): search_audit_log over stdio, cold then warm cache, against
// a sequential reference collector, all on one emulated tenant with real latency and the real throttle.
// `audit-search` runs the default tenant (7 days) and the same search with 10x records per blob (24 h), each
// repeated and reported as medians; `audit-scaling` runs one cold + warm search per cell of the scaling table.
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { countRequests, type EmulatorProcess, startEmulatorProcess } from "./emulator-process.js";
import { startStdioServer } from "./mcp-stdio.js";
import { runReferenceCollector } from "./reference-client.js";
import { bench, heading, line, median, round, table } from "./report.js";
import { type SearchFigures, searchArgs, searchOnce } from "./search-phase.js";

const CONTENT_TYPES = [
  "Audit.AzureActiveDirectory",
  "Audit.Exchange",
  "Audit.SharePoint",
  "Audit.General",
  "DLP.All",
];
const THROTTLE_PER_MINUTE = 2000;
const RECORD_BYTES = 3000;
/** The emulator keeps every blob body of the window when it fits in this much memory. */
const MAX_BODY_CACHE_MB = 1600;

/** What `npm run bench -- --only audit-search|audit-scaling` takes after the name (all optional). */
export interface AuditBenchOptions {
  hours?: number;
  latencyMs?: number;
  /** Per content type (5 types): 1 = 5 blobs per hour in the tenant. */
  blobsPerHour?: number;
  recordsPerBlob?: number;
  repeats?: number;
  /** Skip the 10x-records scenario of audit-search. */
  noLarge?: boolean;
  /** Skip the sequential reference (scaling cells). */
  noSequential?: boolean;
  /** The measured server also keeps its content cache on disk (O365_CACHE_DIR, a fresh directory each). */
  cacheDir?: boolean;
}

export interface Scale {
  hours: number;
  latencyMs: number;
  blobsPerHour: number;
  recordsPerBlob: number;
}

/** 5 types x 1 blob/hour x 168 h = 840 blobs of ~120 records of ~3 KB: ~300 MB of JSON in the window. */
export const DEFAULT_SCALE: Scale = { hours: 168, latencyMs: 100, blobsPerHour: 1, recordsPerBlob: 120 };

interface Run {
  cold: SearchFigures;
  warm: SearchFigures;
  sequential?: { seconds: number; matches: number; bytes: number; records: number; requests: number };
  warmUp: { seconds: number; blobs: number; requests: number };
}

export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

function estimatedMb(s: Scale): number {
  return (CONTENT_TYPES.length * s.blobsPerHour * (s.hours + 1) * s.recordsPerBlob * RECORD_BYTES) / 1e6;
}

async function withEmulator<T>(s: Scale, fn: (e: EmulatorProcess) => Promise<T>): Promise<T> {
  const days = Math.ceil(s.hours / 24) + 1;
  const bodyCacheMb = Math.min(MAX_BODY_CACHE_MB, Math.ceil(estimatedMb(s) * 1.3) + 16);
  const emulator = await startEmulatorProcess([
    "--days",
    String(days),
    "--blobs-per-hour",
    String(s.blobsPerHour),
    "--records-per-blob",
    String(s.recordsPerBlob),
    "--record-bytes",
    String(RECORD_BYTES),
    "--latency-ms",
    String(s.latencyMs),
    "--body-cache-mb",
    String(bodyCacheMb),
  ]);
  try {
    return await fn(emulator);
  } finally {
    await emulator.stop();
  }
}

function window(s: Scale): { start: Date; end: Date } {
  const end = new Date(Math.floor(Date.now() / 1000) * 1000);
  // A listing may start at most 7 days back (o365-api.md 1.5.5): a 168 h window starts 10 minutes later.
  const hours = Math.min(s.hours, 168 - 1 / 6);
  return { start: new Date(end.getTime() - hours * 3_600_000), end };
}

/** Warm the emulator's body cache, then cold + warm search on a fresh server, then the sequential peer. */
async function runOnce(
  emulator: EmulatorProcess,
  s: Scale,
  sequential: boolean,
  cacheDir = false,
): Promise<Run> {
  const { start, end } = window(s);
  const args = searchArgs(start, end);
  // The emulator keeps built blob bodies (--body-cache-mb), and a throwaway server reads every blob once
  // first, so in the measured phases the emulator serves from memory instead of spending CPU-seconds
  // generating JSON on the 2 cores the measured client also needs. Fair to both sides: (a) and (c) read
  // the same blobs from the same warm emulator.
  const warmUpServer = await startStdioServer(emulator.serverEnv());
  let warmUp: Run["warmUp"];
  try {
    const w = await searchOnce(warmUpServer, emulator, args);
    warmUp = { seconds: w.seconds, blobs: w.blobs, requests: w.counts.total };
  } finally {
    await warmUpServer.close();
  }
  // The throttle is per tenant and per minute: let the warm-up's requests leave the window first when
  // the warm-up and the cold search together would not fit in one minute's budget.
  await waitForThrottleWindow(2 * warmUp.requests);
  const dir = cacheDir ? mkdtempSync(join(tmpdir(), "o365-bench-cache-")) : undefined;
  const server = await startStdioServer(emulator.serverEnv(dir ? { O365_CACHE_DIR: dir } : {}));
  let cold: SearchFigures;
  let warm: SearchFigures;
  try {
    cold = await searchOnce(server, emulator, args);
    warm = await searchOnce(server, emulator, args);
  } finally {
    await server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  if (!sequential) return { cold, warm, warmUp };
  await emulator.clearRequests();
  const t0 = performance.now();
  const ref = await runReferenceCollector(
    { ...emulator.info, dispatcher: emulator.dispatcher },
    { contentTypes: CONTENT_TYPES, startTime: start, endTime: end, operations: args.operations },
  );
  const seconds = (performance.now() - t0) / 1000;
  const requests = countRequests(await emulator.requests()).total;
  return {
    cold,
    warm,
    warmUp,
    sequential: { seconds, matches: ref.matches, bytes: ref.bytes, records: ref.records, requests },
  };
}

/** Sleeps until requests sent `requests` ago can no longer count against the tenant's minute. */
async function waitForThrottleWindow(requests: number): Promise<void> {
  if (requests < THROTTLE_PER_MINUTE * 0.9) return;
  await new Promise((r) => setTimeout(r, 61_000));
}

/** Even-rate optimum: the requests spent at the tenant's 2,000/minute, or the latency chain if longer. */
function optimumSeconds(cold: SearchFigures, s: Scale): number {
  const throttleBound = cold.counts.total / (THROTTLE_PER_MINUTE / 60);
  const windows = Math.ceil((s.hours + 24) / 24);
  const latencyBound = ((2 + windows) * s.latencyMs) / 1000;
  return Math.max(throttleBound, latencyBound);
}

const cpuPer1k = (f: SearchFigures, records: number) => (f.serverCpu * 1000 * 1000) / Math.max(1, records);

async function scenario(
  label: string,
  s: Scale,
  repeats: number,
  cacheDir = false,
): Promise<Record<string, unknown>> {
  line(
    `  ${label}: ${s.hours} h, ${CONTENT_TYPES.length} types x ${s.blobsPerHour} blob/h, ${s.recordsPerBlob} records x ${RECORD_BYTES} B, latency ${s.latencyMs} ms; load average ${loadAverage()}`,
  );
  const runs: Run[] = [];
  await withEmulator(s, async (emulator) => {
    for (let i = 0; i < repeats; i++) {
      if (i > 0) await waitForThrottleWindow(THROTTLE_PER_MINUTE);
      const r = await runOnce(emulator, s, true, cacheDir);
      runs.push(r);
      const seq = r.sequential!;
      line(
        `    run ${i + 1}: cold ${r.cold.seconds.toFixed(2)} s (${r.cold.counts.total} req, srv ${r.cold.serverCpu.toFixed(1)} CPU-s, ${r.cold.peakRssMb.toFixed(0)} MB), warm ${r.warm.seconds.toFixed(2)} s (${r.warm.counts.blobs} blob req), sequential ${seq.seconds.toFixed(1)} s; load ${loadAverage()}`,
      );
    }
  });
  const last = runs[runs.length - 1];
  const seq = last.sequential!;
  const mb = seq.bytes / 1e6;
  const med = (f: (r: Run) => number) => median(runs.map(f));
  const coldS = med((r) => r.cold.seconds);
  const warmS = med((r) => r.warm.seconds);
  const seqS = med((r) => r.sequential!.seconds);
  table([
    [
      "phase (median)",
      "wall s",
      "blobs/s",
      "MB/s",
      "API req",
      "blob req",
      "AF429",
      "peak RSS MB",
      "srv CPU s",
    ],
    [
      "(a) cold",
      coldS,
      last.cold.blobs / coldS,
      mb / coldS,
      last.cold.counts.total,
      last.cold.counts.blobs,
      med((r) => r.cold.counts.af429),
      med((r) => r.cold.peakRssMb),
      med((r) => r.cold.serverCpu),
    ],
    [
      "(b) warm",
      warmS,
      last.warm.blobs / warmS,
      mb / warmS,
      last.warm.counts.total,
      med((r) => r.warm.counts.blobs),
      med((r) => r.warm.counts.af429),
      med((r) => r.warm.peakRssMb),
      med((r) => r.warm.serverCpu),
    ],
    [
      "(c) sequential",
      seqS,
      seq.requests > 0 ? last.cold.blobs / seqS : 0,
      mb / seqS,
      seq.requests,
      "-",
      "-",
      "-",
      "-",
    ],
  ]);
  const agree = runs.every(
    (r) => r.cold.totalMatches === r.sequential!.matches && r.warm.totalMatches === r.sequential!.matches,
  );
  line(
    `  tenant: ${last.cold.blobs} blobs, ${mb.toFixed(0)} MB of JSON, ${seq.records} records; matches cold ${last.cold.totalMatches}, warm ${last.warm.totalMatches}, sequential ${seq.matches}${agree ? "" : " (DISAGREE)"}`,
  );
  const optimum = optimumSeconds(last.cold, s);
  const summary = {
    scenario: label,
    hours: s.hours,
    blobs_per_hour: s.blobsPerHour * CONTENT_TYPES.length,
    records_per_blob: s.recordsPerBlob,
    latency_ms: s.latencyMs,
    repeats,
    blobs: last.cold.blobs,
    mb: round(mb),
    cold_s: round(coldS),
    warm_s: round(warmS),
    sequential_s: round(seqS),
    cold_vs_sequential: round(med((r) => r.sequential!.seconds / r.cold.seconds)),
    warm_vs_cold: round(med((r) => r.cold.seconds / r.warm.seconds)),
    warm_blob_requests: med((r) => r.warm.counts.blobs),
    throttle_efficiency: round(med((r) => optimumSeconds(r.cold, s) / r.cold.seconds)),
    optimum_s: round(optimum),
    af429: Math.max(...runs.map((r) => r.cold.counts.af429 + r.warm.counts.af429)),
    peak_rss_mb: round(Math.max(...runs.map((r) => Math.max(r.cold.peakRssMb, r.warm.peakRssMb)))),
    cpu_ms_per_1k_records: round(med((r) => cpuPer1k(r.cold, r.sequential!.records))),
    cold_api_requests: last.cold.counts.total,
    matches_agree: agree,
  };
  line(
    `  cold vs sequential ${summary.cold_vs_sequential}x, warm vs cold ${summary.warm_vs_cold}x, throttle_efficiency ${summary.throttle_efficiency} (optimum ${optimum.toFixed(1)} s), ${summary.cpu_ms_per_1k_records} server CPU-ms per 1k records`,
  );
  return summary;
}

function scaleFrom(opts: AuditBenchOptions, base: Scale): Scale {
  return {
    hours: opts.hours ?? base.hours,
    latencyMs: opts.latencyMs ?? base.latencyMs,
    blobsPerHour: opts.blobsPerHour ?? base.blobsPerHour,
    recordsPerBlob: opts.recordsPerBlob ?? base.recordsPerBlob,
  };
}

export async function auditSearchBench(opts: AuditBenchOptions = {}): Promise<void> {
  heading("audit-search: search_audit_log (stdio) cold / warm vs. a sequential reference collector");
  const repeats = opts.repeats ?? 3;
  const main = await scenario("default", scaleFrom(opts, DEFAULT_SCALE), repeats, opts.cacheDir);
  // 10x records per blob (~3.6 MB blobs, as busy tenants have), over 24 h so it fits the emulator's memory.
  const large = opts.noLarge
    ? undefined
    : await scenario(
        "large-blobs",
        scaleFrom(
          { ...opts, hours: opts.hours ? Math.min(opts.hours, 24) : 24 },
          {
            ...DEFAULT_SCALE,
            recordsPerBlob: (opts.recordsPerBlob ?? DEFAULT_SCALE.recordsPerBlob) * 10,
          },
        ),
        repeats,
        opts.cacheDir,
      );
  bench({
    bench: "audit-search",
    load_average: loadAverage(),
    ...main,
    ...(large
      ? {
          large_cold_vs_sequential: large.cold_vs_sequential,
          large_peak_rss_mb: large.peak_rss_mb,
          large_cpu_ms_per_1k_records: large.cpu_ms_per_1k_records,
          large_warm_blob_requests: large.warm_blob_requests,
        }
      : {}),
  });
}

/** Cells too big for one bench run: more blob requests than 2 minutes of the throttle or 2 GB of JSON. */
function tooBig(s: Scale): string | undefined {
  const blobs = CONTENT_TYPES.length * s.blobsPerHour * s.hours;
  const mb = estimatedMb(s);
  if (blobs > 2 * THROTTLE_PER_MINUTE) return `${blobs} blobs: > 2 min at the throttle`;
  if (mb > 2000) return `${(mb / 1000).toFixed(1)} GB of JSON`;
  return undefined;
}

export async function auditScalingBench(opts: AuditBenchOptions = {}): Promise<void> {
  heading("audit-scaling: cold + warm search_audit_log by window, blobs per hour and records per blob");
  const latencyMs = opts.latencyMs ?? DEFAULT_SCALE.latencyMs;
  const hoursList = opts.hours ? [opts.hours] : [1, 24, 72, 168];
  const rows: Array<Array<string | number>> = [
    [
      "hours",
      "blobs/h",
      "rec/blob",
      "blobs",
      "cold s",
      "API req",
      "srv CPU s",
      "CPU-ms/1k rec",
      "peak RSS MB",
      "warm s",
      "warm blob req",
    ],
  ];
  const cells: Record<string, unknown>[] = [];
  line(
    `  latency ${latencyMs} ms, one run per cell${opts.cacheDir ? ", disk cache on (O365_CACHE_DIR)" : ""}; load average ${loadAverage()}`,
  );
  for (const hours of hoursList) {
    for (const mult of [1, 4, 16]) {
      for (const recMult of [1, 10]) {
        const s: Scale = {
          hours,
          latencyMs,
          blobsPerHour: DEFAULT_SCALE.blobsPerHour * mult,
          recordsPerBlob: DEFAULT_SCALE.recordsPerBlob * recMult,
        };
        const label = [hours, s.blobsPerHour * CONTENT_TYPES.length, s.recordsPerBlob];
        const skip = tooBig(s);
        if (skip) {
          rows.push([...label, `skipped (${skip})`, "", "", "", "", "", "", ""]);
          continue;
        }
        const r = await withEmulator(s, (e) => runOnce(e, s, false, opts.cacheDir));
        const records = r.cold.recordsScanned;
        rows.push([
          ...label,
          r.cold.blobs,
          r.cold.seconds,
          r.cold.counts.total,
          r.cold.serverCpu,
          cpuPer1k(r.cold, records),
          Math.max(r.cold.peakRssMb, r.warm.peakRssMb),
          r.warm.seconds,
          r.warm.counts.blobs,
        ]);
        line(`    ${label.join(" / ")}: cold ${r.cold.seconds.toFixed(2)} s; load ${loadAverage()}`);
        cells.push({
          hours,
          blobs_per_hour: label[1],
          records_per_blob: label[2],
          blobs: r.cold.blobs,
          cold_s: round(r.cold.seconds),
          requests: r.cold.counts.total,
          cpu_s: round(r.cold.serverCpu),
          peak_rss_mb: round(Math.max(r.cold.peakRssMb, r.warm.peakRssMb)),
          warm_blob_requests: r.warm.counts.blobs,
        });
      }
    }
  }
  table(rows);
  bench({
    bench: "audit-scaling",
    load_average: loadAverage(),
    latency_ms: latencyMs,
    disk_cache: opts.cacheDir === true,
    cells,
  });
}
