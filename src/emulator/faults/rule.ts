// A fault rule as handle.control.addFault and POST /_emulator/faults take it: which requests, which kind
// (one of the fault-kind table's rows) and its parameters. The public FaultRule type is inferred from it.
// The kind names are listed here rather than read from the table (kinds.ts), because the table imports the
// services' error builders and they import the public types: kinds.ts checks it has exactly these rows.
import { z } from "zod";

export const FAULT_KIND_NAMES = [
  "429",
  "af429",
  "500",
  "503",
  "reset",
  "truncated",
  "malformed",
  "slow-body",
] as const;
export type FaultKind = (typeof FAULT_KIND_NAMES)[number];

/**
 * The routes faults and latency address; "content" is the Management API's blob GETs, "auditsearch" the
 * Graph listener's /security/auditLog paths (the rest of Graph is "graph").
 */
export const SERVICE_ROUTES = [
  "token",
  "management",
  "content",
  "graph",
  "auditsearch",
  "reporting",
] as const;
export type ServiceRoute = (typeof SERVICE_ROUTES)[number];

/** A service route, or "*" for every one. */
export const faultRouteSchema = z.enum([...SERVICE_ROUTES, "*"]);
export type FaultRoute = z.infer<typeof faultRouteSchema>;

/** The parameters the fault-kind table's effects read. */
export const faultParamsSchema = z.object({
  /** Apply to the next N matching requests (default 1). */
  times: z.number().int().positive().optional(),
  /** Retry-After seconds of a 429 / AF429 / 503; null sends none. */
  retryAfterSeconds: z.number().int().nonnegative().nullable().optional(),
  /** How long a slow-body answer takes, ms. */
  slowMs: z.number().int().nonnegative().optional(),
});
export type FaultParams = z.infer<typeof faultParamsSchema>;

export const faultRuleSchema = z.object({
  route: faultRouteSchema,
  kind: z.enum(FAULT_KIND_NAMES),
  ...faultParamsSchema.shape,
});
export type FaultRule = z.infer<typeof faultRuleSchema>;
