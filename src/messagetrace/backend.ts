// What both message-trace backends receive, and what they share.
import type { Config } from "../config/types.js";
import type { HttpClient } from "../http/types.js";
import type { MessageTraceDetailEvent } from "./types.js";

export interface BackendDeps {
  config: Config;
  http: HttpClient;
  now: () => Date;
}

/** Detail events in time order; ties (and unparseable dates) keep the service's order. */
export function sortByDate(events: MessageTraceDetailEvent[]): MessageTraceDetailEvent[] {
  return events
    .map((e, i) => ({ e, i, t: Date.parse(e.date) }))
    .sort((a, b) => (Number.isNaN(a.t) || Number.isNaN(b.t) ? 0 : a.t - b.t) || a.i - b.i)
    .map((x) => x.e);
}
