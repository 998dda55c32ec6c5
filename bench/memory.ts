// Peak memory (design.md section 10, benchmarks): the server's peak RSS while search_audit_log reads about 1
// GB of blob JSON. Blobs are parsed and filtered one at a time, large blobs are fetched fewer at once
// (src/audit/fetch-budget.ts), and the content cache is bounded (32 MiB by default), so the peak should not
// grow with the data searched.
import { startEmulatorProcess } from "./emulator-process.js";
import { startStdioServer } from "./mcp-stdio.js";
import { rssMb } from "./process-stats.js";
import { sampleBlobBytes } from "./raw-api.js";
import { bench, heading, line, round, table } from "./report.js";
import { searchArgs, searchOnce } from "./search-phase.js";

/** 5 types x 4 blobs/hour x 24 h = 480 blobs of ~270 records of ~8 KB: about 1 GB in the window. */
const FLAGS = ["--days", "2", "--blobs-per-hour", "4", "--records-per-blob", "270", "--record-bytes", "8000"];
// No added latency: the point is memory, and 480 requests stay far inside the 2,000/minute throttle.
const LATENCY_MS = 0;
const TARGET_MB = 300;

export async function memoryBench(): Promise<void> {
  heading("memory: server peak RSS while search_audit_log reads ~1 GB of blob JSON");
  const emulator = await startEmulatorProcess([...FLAGS, "--latency-ms", String(LATENCY_MS)]);
  try {
    const server = await startStdioServer(emulator.serverEnv());
    try {
      const idleMb = rssMb(server.pid);
      const end = new Date(Math.floor(Date.now() / 1000) * 1000);
      const figures = await searchOnce(
        server,
        emulator,
        searchArgs(new Date(end.getTime() - 86_400_000), end),
      );
      // The blob bytes, measured once more from the emulator's answers (not from the server's view).
      const sample = await sampleBlobBytes(emulator, 25);
      const gb = (sample.mean * figures.blobs) / 1e9;
      // The content cache holds compressed blobs up to 32 MiB by default (src/audit/cache.ts), outside the V8 heap.
      const cacheMb = Math.min(32 * 1.048576, gb * 1000 * sample.gzipRatio);
      line(
        `  ${figures.blobs} blobs, ${(gb * 1000).toFixed(0)} MB of JSON; latency ${LATENCY_MS} ms; throttle 2000/min`,
      );
      table([
        ["wall s", "MB/s", "idle RSS MB", "peak RSS MB", "srv CPU s", "emu CPU s", "AF429"],
        [
          figures.seconds,
          (gb * 1000) / figures.seconds,
          idleMb,
          figures.peakRssMb,
          figures.serverCpu,
          figures.emulatorCpu,
          figures.counts.af429,
        ],
      ]);
      line(
        `  content cache (estimate: gzip level 1 ratio ${sample.gzipRatio.toFixed(3)} of a 25-blob sample): ${cacheMb.toFixed(0)} MB of the peak`,
      );
      line(`  target: peak RSS under ${TARGET_MB} MB -> ${figures.peakRssMb < TARGET_MB ? "met" : "MISSED"}`);
      bench({
        bench: "memory",
        gb: round(gb),
        blobs: figures.blobs,
        latency_ms: LATENCY_MS,
        seconds: round(figures.seconds),
        idle_rss_mb: round(idleMb),
        peak_rss_mb: round(figures.peakRssMb),
        cache_mb_estimate: round(cacheMb),
      });
    } finally {
      await server.close();
    }
  } finally {
    await emulator.stop();
  }
}
