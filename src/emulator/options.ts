// The options routes read through ctx.options, with their defaults: one row each. EmuOptions is
// EmulatorOptions with these rows filled in.
import type { EmulatorOptions } from "./types.js";

const OPTION_DEFAULTS = {
  seed: 42,
  days: 8,
  latencyMs: 0,
  contentPageSize: 200,
  managementThrottlePerMinute: 2000,
  graphThrottlePer5Min: 100,
  graphServicePrincipalProvisioned: true,
  legacyReportingAvailable: true,
  allowLongWindows: false,
  bodyCacheBytes: 0,
  lowerCaseNextPageUri: false,
  allowExternalWebhooks: false,
  startThrottleScope: "tenant",
  restartLingerMs: 10 * 60_000,
  auditLoggingEnabled: true,
  auditHistoryDays: 30,
  auditRetentionDays: 180,
  auditQueryRunningMs: 30_000,
  auditRecordCountLimit: 1_000_000,
  auditQueriesPer24h: 200,
  auditConcurrentQueries: 50,
  auditV1Available: true,
  auditLimitProperties: true,
} satisfies { [K in keyof EmulatorOptions]?: NonNullable<EmulatorOptions[K]> };

/** The options every route may read, with defaults filled in. */
export type EmuOptions = Required<Pick<EmulatorOptions, keyof typeof OPTION_DEFAULTS>>;

export function resolveOptions(options: EmulatorOptions): EmuOptions {
  const resolved: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(OPTION_DEFAULTS))
    resolved[key] = options[key as keyof EmuOptions] ?? fallback;
  return resolved as EmuOptions;
}
