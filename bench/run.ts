// `npm run bench [-- --only <name>]`: every benchmark in turn, or one. Each prints a table and a
// `BENCH {json}` line. Not part of `npm test`: they take minutes and measure, they do not assert.
import { parseArgs } from "node:util";
import { auditSearchBench } from "./audit-search.js";
import { emulatorHistoryBench } from "./emulator-history.js";
import { memoryBench } from "./memory.js";
import { outputSizeBench } from "./output-size.js";
import { toolLatencyBench } from "./tool-latency.js";

const BENCHES: Record<string, () => Promise<void>> = {
  "audit-search": auditSearchBench,
  "emulator-history": emulatorHistoryBench,
  memory: memoryBench,
  "output-size": outputSizeBench,
  "tool-latency": toolLatencyBench,
};

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: "string" } }, strict: true });
  const names = values.only ? [values.only] : Object.keys(BENCHES);
  for (const name of names) {
    const run = BENCHES[name];
    if (!run) {
      process.stderr.write(`unknown benchmark "${name}"; choose from ${Object.keys(BENCHES).join(", ")}\n`);
      return 2;
    }
    await run();
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
