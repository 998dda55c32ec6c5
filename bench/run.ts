// `npm run bench [-- --only <name>] [scale flags]`: every benchmark in turn, or one. Each prints a table
// and a `BENCH {json}` line. Not part of `npm test`: they take minutes and measure, they do not assert.
// The scale flags (--hours, --latency-ms, --blobs-per-hour, --records-per-blob, --repeats, --no-large,
// --cache-dir: the measured server also caches on disk)
// shape audit-search and audit-scaling only, for shorter runs while developing.
import { parseArgs } from "node:util";
import { type AuditBenchOptions, auditScalingBench, auditSearchBench } from "./audit-search.js";
import { emulatorHistoryBench } from "./emulator-history.js";
import { memoryBench } from "./memory.js";
import { outputSizeBench } from "./output-size.js";
import { toolLatencyBench } from "./tool-latency.js";

const BENCHES: Record<string, (opts: AuditBenchOptions) => Promise<void>> = {
  "audit-search": auditSearchBench,
  "emulator-history": emulatorHistoryBench,
  memory: memoryBench,
  "output-size": outputSizeBench,
  "tool-latency": toolLatencyBench,
  "audit-scaling": auditScalingBench,
};

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n >= 0)) throw new Error(`--${name} must be a non-negative number, got "${value}"`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: "string" },
      hours: { type: "string" },
      "latency-ms": { type: "string" },
      "blobs-per-hour": { type: "string" },
      "records-per-blob": { type: "string" },
      repeats: { type: "string" },
      "no-large": { type: "boolean" },
      "cache-dir": { type: "boolean" },
    },
    strict: true,
  });
  const opts: AuditBenchOptions = {
    hours: positive("hours", values.hours),
    latencyMs: positive("latency-ms", values["latency-ms"]),
    blobsPerHour: positive("blobs-per-hour", values["blobs-per-hour"]),
    recordsPerBlob: positive("records-per-blob", values["records-per-blob"]),
    repeats: positive("repeats", values.repeats),
    noLarge: values["no-large"],
    cacheDir: values["cache-dir"],
  };
  const names = values.only ? [values.only] : Object.keys(BENCHES);
  for (const name of names) {
    const run = BENCHES[name];
    if (!run) {
      process.stderr.write(`unknown benchmark "${name}"; choose from ${Object.keys(BENCHES).join(", ")}\n`);
      return 2;
    }
    await run(opts);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
