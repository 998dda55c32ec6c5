// One timed search_audit_log call against a child server: wall time, what the emulator served, the
// server's peak RSS and CPU (and the emulator's CPU, to see who the bottleneck was).
import { z } from "zod";
import { countRequests, type EmulatorProcess } from "./emulator-process.js";
import type { StdioServer } from "./mcp-stdio.js";
import { cpuSeconds, peakRssMb, resetPeakRss } from "./process-stats.js";

/** An investigator's question: who created inbox rules, changed mailboxes or deleted mail, by whom. */
export function searchArgs(start: Date, end: Date) {
  return {
    startTime: start.toISOString(),
    endTime: end.toISOString(),
    operations: ["New-InboxRule", "Set-Mailbox", "SoftDelete"],
    groupBy: ["Operation", "UserId"],
    limit: 50,
  };
}

const resultSchema = z.object({
  totalMatches: z.number(),
  coverage: z.object({
    recordsScanned: z.number(),
    blobsListed: z.number(),
    blobsFetched: z.number(),
    blobsFromCache: z.number(),
    blobsFailed: z.number(),
    blobsExpired: z.number(),
  }),
});

export interface SearchFigures {
  seconds: number;
  blobs: number;
  totalMatches: number;
  recordsScanned: number;
  counts: ReturnType<typeof countRequests>;
  peakRssMb: number;
  serverCpu: number;
  emulatorCpu: number;
}

export async function searchOnce(
  server: StdioServer,
  emulator: EmulatorProcess,
  args: Record<string, unknown>,
): Promise<SearchFigures> {
  await emulator.clearRequests();
  resetPeakRss(server.pid);
  const cpu0 = cpuSeconds(server.pid);
  const emu0 = cpuSeconds(emulator.pid);
  const t0 = performance.now();
  const result = await server.call("search_audit_log", args);
  const seconds = (performance.now() - t0) / 1000;
  if (result.isError) {
    const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
    throw new Error(`search_audit_log failed: ${text.slice(0, 500)}`);
  }
  const parsed = resultSchema.parse(result.structuredContent);
  const { blobsFailed, blobsExpired } = parsed.coverage;
  if (blobsFailed + blobsExpired > 0) throw new Error(`search skipped ${blobsFailed + blobsExpired} blobs`);
  return {
    seconds,
    blobs: parsed.coverage.blobsListed,
    totalMatches: parsed.totalMatches,
    recordsScanned: parsed.coverage.recordsScanned,
    counts: countRequests(await emulator.requests()),
    peakRssMb: peakRssMb(server.pid),
    serverCpu: cpuSeconds(server.pid) - cpu0,
    emulatorCpu: cpuSeconds(emulator.pid) - emu0,
  };
}
