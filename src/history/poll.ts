// Waits for an audit search query to finish (audit-search-api.md 2.1-2.3): no Retry-After is documented on
// status polls, so the client backs off on its own (first poll soon, narrow queries finish in seconds;
// then longer, as practitioners do, up to 30 s). The wait is bounded: at the deadline the caller gets the
// last status and resumes later; cancellation stops polling (the query stays on the service: no cancel
// exists, 1.1).

import type { CallOptions } from "../http/types.js";
import { sleep } from "../http/wait.js";
import type { AuditQueryApi } from "./api.js";
import { type ApiVersion, type AuditLogQuery, isTerminal } from "./wire.js";

export interface PollSchedule {
  firstMs: number;
  factor: number;
  maxMs: number;
}

export const DEFAULT_POLL: PollSchedule = { firstMs: 1000, factor: 1.6, maxMs: 30_000 };

export interface PollOutcome {
  query: AuditLogQuery;
  /** False when the deadline came first: query.status is the last one seen. */
  finished: boolean;
  polls: number;
}

export async function waitForQuery(
  api: AuditQueryApi,
  initial: AuditLogQuery,
  version: ApiVersion,
  opts: CallOptions & {
    deadline: number;
    now: () => number;
    schedule?: PollSchedule;
    onStatus?: (query: AuditLogQuery, polls: number) => void;
  },
): Promise<PollOutcome> {
  const schedule = opts.schedule ?? DEFAULT_POLL;
  let query = initial;
  let polls = 0;
  let delay = schedule.firstMs;
  while (!isTerminal(query.status)) {
    const left = opts.deadline - opts.now();
    if (left <= 0) return { query, finished: false, polls };
    await sleep(Math.min(delay, left), opts.signal, "graph");
    delay = Math.min(schedule.maxMs, delay * schedule.factor);
    query = await api.get(query.id, version, opts);
    polls++;
    opts.onStatus?.(query, polls);
  }
  return { query, finished: true, polls };
}
