// Test switches of the audit search (handle.control.configureAuditSearch and POST /_emulator/audit-search):
// settings that take effect for the next queries, and outcomes / throttles armed for the next creates.
import { z } from "zod";
import type { AuditSearchControl } from "../types.js";
import type { AuditQueryStore } from "./store.js";

export const auditSearchControlSchema = z
  .object({
    /** false: every /v1.0/security/auditLog/... request answers 404 UnknownError (1.6). */
    v1Available: z.boolean().optional(),
    /** Running time of queries created from now on, ms. */
    runningMs: z.number().int().nonnegative().optional(),
    /** Record-count limit of queries created from now on (2.5). */
    recordCountLimit: z.number().int().positive().optional(),
    queriesPer24h: z.number().int().nonnegative().optional(),
    concurrentQueries: z.number().int().nonnegative().optional(),
    /** The next N created queries end failed. */
    failNext: z.number().int().positive().optional(),
    /** The next N created queries end cancelled. */
    cancelNext: z.number().int().positive().optional(),
    /** The next N creates answer 429 (with Retry-After retryAfterSeconds, default 2; null: none). */
    throttleNext: z.number().int().positive().optional(),
    retryAfterSeconds: z.number().int().nonnegative().nullable().optional(),
  })
  .strict() satisfies z.ZodType<AuditSearchControl>;

export function applyAuditSearchControl(store: AuditQueryStore, input: AuditSearchControl): void {
  const c = auditSearchControlSchema.parse(input);
  const s = store.settings;
  if (c.v1Available !== undefined) s.v1Available = c.v1Available;
  if (c.runningMs !== undefined) s.runningMs = c.runningMs;
  if (c.recordCountLimit !== undefined) s.recordCountLimit = c.recordCountLimit;
  if (c.queriesPer24h !== undefined) s.queriesPer24h = c.queriesPer24h;
  if (c.concurrentQueries !== undefined) s.concurrentQueries = c.concurrentQueries;
  for (let i = 0; i < (c.failNext ?? 0); i++) store.armed.outcomes.push("failed");
  for (let i = 0; i < (c.cancelNext ?? 0); i++) store.armed.outcomes.push("cancelled");
  const retryAfter = c.retryAfterSeconds === undefined ? 2 : c.retryAfterSeconds;
  for (let i = 0; i < (c.throttleNext ?? 0); i++) store.armed.throttles.push(retryAfter);
}
