// One client-side rate limiter per API (design.md section 5), as a table keyed by Api: an API added to the
// Api union without an entry here fails to compile instead of silently sharing another API's budget.
// The Purview audit search API rides on the Graph token but has budgets of its own (audit-search-api.md
// 4.6): its polls and pages must not spend the message trace budget, and its query submissions are
// capped per tenant per rolling 24 h.
import type { Api, Config } from "../config/types.js";
import { SlidingWindowLimiter } from "./rate-limit.js";
import type { RateBudget } from "./types.js";

export type ApiLimiters = Readonly<Record<Api, SlidingWindowLimiter>> &
  Readonly<Record<RateBudget, SlidingWindowLimiter>>;

export interface LimiterWindowsMs {
  management?: number;
  messageTrace?: number;
  auditSearch?: number;
  auditQuerySubmit?: number;
}

/** Polls and record pages of the audit search API per minute: far under Graph's per-app limit (4.6). */
export const AUDIT_SEARCH_PER_MINUTE = 300;
/** The documented tenant baseline of query submissions per rolling 24 h (audit-search-api.md 4.6). */
export const DEFAULT_AUDIT_QUERIES_PER_DAY = 200;

export function createApiLimiters(
  limits: Pick<Config["rateLimits"], "managementPerMinute" | "messageTracePer5Min"> &
    Partial<Pick<Config["rateLimits"], "auditQueriesPerDay">>,
  windowsMs: LimiterWindowsMs = {},
): ApiLimiters {
  const management = new SlidingWindowLimiter(limits.managementPerMinute, windowsMs.management ?? 60_000);
  // Graph and the legacy service share the tenant's message trace budget (o365-api.md 2.8, 3.2): one instance.
  const messageTrace = new SlidingWindowLimiter(
    limits.messageTracePer5Min,
    windowsMs.messageTrace ?? 300_000,
  );
  const auditSearch = new SlidingWindowLimiter(AUDIT_SEARCH_PER_MINUTE, windowsMs.auditSearch ?? 60_000);
  const auditQuerySubmit = new SlidingWindowLimiter(
    limits.auditQueriesPerDay ?? DEFAULT_AUDIT_QUERIES_PER_DAY,
    windowsMs.auditQuerySubmit ?? 24 * 3_600_000,
  );
  return {
    management,
    graph: messageTrace,
    reporting: messageTrace,
    auditSearch,
    auditQuerySubmit,
  } satisfies Record<Api | RateBudget, SlidingWindowLimiter>;
}
