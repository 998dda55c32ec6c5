// One client-side rate limiter per API (design.md section 5), as a table keyed by Api: an API added to the
// Api union without an entry here fails to compile instead of silently sharing another API's budget.
import type { Api, Config } from "../config/types.js";
import { SlidingWindowLimiter } from "./rate-limit.js";

export type ApiLimiters = Readonly<Record<Api, SlidingWindowLimiter>>;

export interface LimiterWindowsMs {
  management?: number;
  messageTrace?: number;
}

export function createApiLimiters(
  limits: Config["rateLimits"],
  windowsMs: LimiterWindowsMs = {},
): ApiLimiters {
  const management = new SlidingWindowLimiter(limits.managementPerMinute, windowsMs.management ?? 60_000);
  // Graph and the legacy service share the tenant's message trace budget (o365-api.md 2.8, 3.2): one instance.
  const messageTrace = new SlidingWindowLimiter(
    limits.messageTracePer5Min,
    windowsMs.messageTrace ?? 300_000,
  );
  return { management, graph: messageTrace, reporting: messageTrace } satisfies Record<
    Api,
    SlidingWindowLimiter
  >;
}
