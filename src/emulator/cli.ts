// `office365-mcp emulator --port N [--seed N] [--latency-ms N] ...`: start the emulator, print one JSON line
// with everything a client needs, serve until SIGINT/SIGTERM.
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { startEmulator } from "./index.js";
import type { EmulatorOptions } from "./types.js";

const NUMBER_FLAGS = {
  port: "port",
  seed: "seed",
  days: "days",
  "latency-ms": "latencyMs",
  "blobs-per-hour": "blobsPerHour",
  "records-per-blob": "recordsPerBlob",
  "record-bytes": "recordBytes",
  "content-page-size": "contentPageSize",
  "management-throttle-per-minute": "managementThrottlePerMinute",
  "graph-throttle-per-5min": "graphThrottlePer5Min",
  "restart-linger-ms": "restartLingerMs",
  "audit-history-days": "auditHistoryDays",
  "audit-retention-days": "auditRetentionDays",
  "audit-query-running-ms": "auditQueryRunningMs",
  "audit-record-count-limit": "auditRecordCountLimit",
  "audit-queries-per-24h": "auditQueriesPer24h",
  "audit-concurrent-queries": "auditConcurrentQueries",
} as const satisfies Record<string, keyof EmulatorOptions>;

export function parseEmulatorArgs(argv: string[]): EmulatorOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      ...Object.fromEntries(Object.keys(NUMBER_FLAGS).map((k) => [k, { type: "string" as const }])),
      "body-cache-mb": { type: "string" },
      "allow-long-windows": { type: "boolean" },
      "no-long-tail-lag": { type: "boolean" },
      "lower-case-next-page-uri": { type: "boolean" },
      "no-graph-service-principal": { type: "boolean" },
      "no-legacy-reporting": { type: "boolean" },
      "allow-external-webhooks": { type: "boolean" },
      "no-audit-logging": { type: "boolean" },
      "no-audit-v1": { type: "boolean" },
      "start-throttle-scope": { type: "string" },
      subscribed: { type: "string" },
    },
  });
  const options: EmulatorOptions = {};
  for (const [flag, key] of Object.entries(NUMBER_FLAGS)) {
    const raw = (values as Record<string, unknown>)[flag];
    if (typeof raw !== "string") continue;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0)
      throw new Error(`--${flag} must be a non-negative number, got "${raw}"`);
    options[key] = n;
  }
  const bodyCacheMb = (values as Record<string, unknown>)["body-cache-mb"];
  if (typeof bodyCacheMb === "string") {
    const n = Number(bodyCacheMb);
    if (!Number.isFinite(n) || n < 0)
      throw new Error(`--body-cache-mb must be a non-negative number, got "${bodyCacheMb}"`);
    options.bodyCacheBytes = Math.floor(n * 1024 * 1024);
  }
  if (values["allow-long-windows"]) options.allowLongWindows = true;
  if (values["no-long-tail-lag"]) options.longTailLag = false;
  if (values["lower-case-next-page-uri"]) options.lowerCaseNextPageUri = true;
  if (values["no-graph-service-principal"]) options.graphServicePrincipalProvisioned = false;
  if (values["no-legacy-reporting"]) options.legacyReportingAvailable = false;
  if (values["allow-external-webhooks"]) options.allowExternalWebhooks = true;
  if (values["no-audit-logging"]) options.auditLoggingEnabled = false;
  if (values["no-audit-v1"]) options.auditV1Available = false;
  const scope = values["start-throttle-scope"];
  if (typeof scope === "string") {
    if (scope !== "tenant" && scope !== "contentType")
      throw new Error(`--start-throttle-scope must be tenant or contentType, got "${scope}"`);
    options.startThrottleScope = scope;
  }
  if (typeof values.subscribed === "string")
    options.subscribed = values.subscribed.split(",").filter(Boolean);
  return options;
}

export async function runEmulatorCli(argv: string[]): Promise<void> {
  const emu = await startEmulator({ ...parseEmulatorArgs(argv), quiet: true });
  // The certificate app's PEM (cert + key) beside the CA file; removed with it on close.
  const certFile = join(dirname(emu.caCertFile), "client-cert.pem");
  await writeFile(certFile, emu.certPem, { mode: 0o600 });
  const summary = {
    tenantId: emu.tenantId,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
    certClientId: emu.certClientId,
    certFile,
    refreshToken: emu.refreshToken,
    noRoleClientId: emu.noRoleClientId,
    noRoleClientSecret: emu.noRoleClientSecret,
    noDlpClientId: emu.noDlpClientId,
    noDlpClientSecret: emu.noDlpClientSecret,
    noAuditQueryClientId: emu.noAuditQueryClientId,
    noAuditQueryClientSecret: emu.noAuditQueryClientSecret,
    auditLogReadOnlyClientId: emu.auditLogReadOnlyClientId,
    auditLogReadOnlyClientSecret: emu.auditLogReadOnlyClientSecret,
    entraAuditQueryClientId: emu.entraAuditQueryClientId,
    entraAuditQueryClientSecret: emu.entraAuditQueryClientSecret,
    loginUrl: emu.loginUrl,
    tokenUrl: emu.tokenUrl,
    managementUrl: emu.managementUrl,
    graphUrl: emu.graphUrl,
    reportingUrl: emu.reportingUrl,
    caCertFile: emu.caCertFile,
    controlUrl: `${emu.managementUrl}/_emulator`,
  };
  // The emulator's credentials are throwaway values minted at start; printing them is its purpose.
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await emu.close();
}
