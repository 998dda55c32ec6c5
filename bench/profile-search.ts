// `node dist/bench/profile-search.js [--records-per-blob N] [--hours N] [--blobs-per-hour N] [--out DIR]`:
// one cold and one warm search on a server run with --cpu-prof, for finding where CPU goes (not a benchmark).
import { parseArgs } from "node:util";
import { startEmulatorProcess } from "./emulator-process.js";
import { startStdioServer } from "./mcp-stdio.js";
import { searchArgs, searchOnce } from "./search-phase.js";

const { values } = parseArgs({
  options: {
    hours: { type: "string", default: "24" },
    "blobs-per-hour": { type: "string", default: "1" },
    "records-per-blob": { type: "string", default: "1200" },
    "latency-ms": { type: "string", default: "100" },
    out: { type: "string", default: "/tmp/prof" },
  },
});
const hours = Number(values.hours);
const emulator = await startEmulatorProcess([
  "--days",
  String(Math.ceil(hours / 24) + 1),
  "--blobs-per-hour",
  values["blobs-per-hour"],
  "--records-per-blob",
  values["records-per-blob"],
  "--record-bytes",
  "3000",
  "--latency-ms",
  values["latency-ms"],
  "--body-cache-mb",
  "1500",
]);
try {
  const end = new Date(Math.floor(Date.now() / 1000) * 1000);
  const start = new Date(end.getTime() - Math.min(hours, 168 - 1 / 6) * 3_600_000);
  const args = searchArgs(start, end);
  const warmUp = await startStdioServer(emulator.serverEnv());
  await searchOnce(warmUp, emulator, args);
  await warmUp.close();
  const server = await startStdioServer(
    emulator.serverEnv(),
    [],
    ["--cpu-prof", `--cpu-prof-dir=${values.out}`],
  );
  const cold = await searchOnce(server, emulator, args);
  const warm = await searchOnce(server, emulator, args);
  await server.close();
  for (const [name, f] of [
    ["cold", cold],
    ["warm", warm],
  ] as const) {
    console.log(
      `${name}: ${f.seconds.toFixed(2)} s, ${f.recordsScanned} records, ${f.counts.blobs} blob req, srv ${f.serverCpu.toFixed(2)} CPU-s (${((f.serverCpu * 1e6) / f.recordsScanned).toFixed(0)} ms/1k), emu ${f.emulatorCpu.toFixed(2)}, ${f.peakRssMb.toFixed(0)} MB`,
    );
  }
} finally {
  await emulator.stop();
}
