// The message-trace time window: default last 48 h, both bounds always sent (o365-api.md 2.4, 3.2).
import { O365Error } from "../errors.js";
import { DAY_MS, HOUR_MS, parseTime } from "../time.js";

const DEFAULT_TRACE_HOURS = 48;

export interface TraceWindowLimits {
  /** Longest window one query may cover. */
  maxDays?: number;
  /** Oldest data the service keeps. */
  lookbackDays?: number;
  /** Window length when no startTime is given (default 48 h). */
  defaultHours?: number;
  /**
   * Distance kept from the service's "now" and its lookback edge, for clock skew between us and it
   * (o365-api.md 3.2: how strictly Graph applies both is UNCONFIRMED). Default 0.
   */
  skewMarginMs?: number;
}

/**
 * Resolves the window: start alone runs to now, end alone looks back 48 h, neither is the last 48 h.
 * An end in the future is pulled back to now (Graph refuses it and there is nothing there yet).
 */
export function resolveTraceWindow(
  startTime: string | undefined,
  endTime: string | undefined,
  now: Date,
  limits: TraceWindowLimits = {},
): { start: Date; end: Date } {
  const margin = limits.skewMarginMs ?? 0;
  const latest = new Date(now.getTime() - margin);
  let end = endTime === undefined ? latest : parseTime(endTime, "endTime");
  if (end.getTime() > latest.getTime()) end = latest;
  let start =
    startTime === undefined
      ? new Date(end.getTime() - (limits.defaultHours ?? DEFAULT_TRACE_HOURS) * HOUR_MS)
      : parseTime(startTime, "startTime");
  if (end.getTime() <= start.getTime()) {
    throw new O365Error({
      api: "input",
      code: "INVALID_WINDOW",
      message: `endTime ${end.toISOString()} is not after startTime ${start.toISOString()} (an endTime in the future counts as now${margin > 0 ? `, less ${Math.round(margin / 1000)} s for clock skew` : ""}).`,
      hint: "Give a startTime in the past and earlier than the endTime.",
    });
  }
  if (limits.lookbackDays !== undefined && start.getTime() < now.getTime() - limits.lookbackDays * DAY_MS) {
    throw new O365Error({
      api: "input",
      code: "WINDOW_TOO_OLD",
      message: `startTime ${start.toISOString()} is more than ${limits.lookbackDays} days ago; message trace keeps ${limits.lookbackDays} days.`,
      hint: `Use a startTime within the last ${limits.lookbackDays} days.`,
    });
  }
  // Just inside the lookback edge: move up by the margin rather than risk the service's refusal.
  if (limits.lookbackDays !== undefined) {
    const earliest = now.getTime() - limits.lookbackDays * DAY_MS + margin;
    if (start.getTime() < earliest) start = new Date(earliest);
  }
  if (limits.maxDays !== undefined && end.getTime() - start.getTime() > limits.maxDays * DAY_MS) {
    throw new O365Error({
      api: "input",
      code: "WINDOW_TOO_LONG",
      message: `The window is longer than ${limits.maxDays} days, the most one message trace query may cover.`,
      hint: `Split the range into queries of at most ${limits.maxDays} days each.`,
    });
  }
  return { start, end };
}
