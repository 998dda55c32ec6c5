// The emulator's audit search over history (audit-search-api.md 2.5, 3.4): how long the emulator needs to
// gather a 30-day query (and a 180-day one, the retention) at the default tenant scale, how long paging
// all its records takes, and what it costs in memory. In-process emulator, raw HTTPS requests (undici),
// queries that finish at once (auditQueryRunningMs 0), so the figures are the emulator's own work.
import { performance } from "node:perf_hooks";
import { Agent, request } from "undici";
import { startEmulator } from "../src/emulator/index.js";
import type { EmulatorHandle } from "../src/emulator/types.js";
import { bench, heading, round, table } from "./report.js";

const DAY = 86_400_000;

async function call(agent: Agent, url: string, token: string, body?: unknown): Promise<unknown> {
  const res = await request(url, {
    dispatcher: agent,
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${text}`);
  return JSON.parse(text);
}

async function graphToken(agent: Agent, emu: EmulatorHandle): Promise<string> {
  const res = await request(emu.tokenUrl, {
    dispatcher: agent,
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: emu.clientId,
      client_secret: emu.clientSecret,
      scope: `${emu.graphUrl}/.default`,
    }).toString(),
  });
  return ((await res.body.json()) as { access_token: string }).access_token;
}

interface Run {
  label: string;
  gatherMs: number;
  pageMs: number;
  records: number;
  heapMb: number;
}

async function measure(days: number, filters: Record<string, unknown>, label: string): Promise<Run> {
  const emu = await startEmulator({ quiet: true, auditHistoryDays: days, auditQueryRunningMs: 0 });
  const agent = new Agent({ connect: { ca: emu.caCertPem } });
  try {
    const token = await graphToken(agent, emu);
    const base = `${emu.graphUrl}/beta/security/auditLog/queries`;
    const now = Date.now();
    const window = {
      filterStartDateTime: new Date(now - days * DAY).toISOString(),
      filterEndDateTime: new Date(now).toISOString(),
    };
    const { id } = (await call(agent, base, token, { ...window, ...filters })) as { id: string };
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    // The first GET of a finished query gathers its records (the expensive step).
    await call(agent, `${base}/${id}`, token);
    const gatherMs = performance.now() - t0;
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    const t1 = performance.now();
    let next: string | undefined = `${base}/${id}/records?$top=1000`;
    let records = 0;
    while (next) {
      const page = (await call(agent, next, token)) as { value: unknown[]; "@odata.nextLink"?: string };
      records += page.value.length;
      next = page["@odata.nextLink"];
    }
    return { label, gatherMs, pageMs: performance.now() - t1, records, heapMb };
  } finally {
    await agent.close();
    await emu.close();
  }
}

export async function emulatorHistoryBench(): Promise<void> {
  heading("emulator audit search history (default scale: 2 blobs/h x 5 types x ~12 records)");
  const runs = [
    await measure(30, {}, "30 days, no filter"),
    await measure(30, { ipAddressFilters: ["203.0.113.66"] }, "30 days, attacker IP"),
    await measure(180, { operationFilters: ["Consent to application."] }, "180 days, one operation"),
  ];
  table([
    ["query", "gather ms", "page-all ms", "records", "heap MB after gather"],
    ...runs.map((r) => [r.label, r.gatherMs, r.pageMs, r.records, r.heapMb]),
  ]);
  bench({
    bench: "emulator-history",
    runs: runs.map((r) => ({
      ...r,
      gatherMs: round(r.gatherMs),
      pageMs: round(r.pageMs),
      heapMb: round(r.heapMb),
    })),
  });
}
