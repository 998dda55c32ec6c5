// Time windows for /subscriptions/content and /notifications (o365-api.md 1.5.5): at most 24 h each,
// start no more than 7 days back, start before end; the API takes YYYY-MM-DDTHH:MM:SS (UTC).
import { O365Error } from "../errors.js";
import { DAY_MS, HOUR_MS, parseTime } from "../time.js";

const MAX_WINDOW_HOURS = 24;
export const RETENTION_MS = 7 * DAY_MS;
/** Kept between a clamped start and the 7-day edge so the request still qualifies when it arrives. */
const CLAMP_MARGIN_MS = 5 * 60_000;
/**
 * The longest range worth listing: the start is at most 7 days back (o365-api.md 1.5.5) and nothing exists
 * after now, so 7 days plus a day of slack for a clock or a window ending shortly after now.
 */
export const MAX_RANGE_MS = RETENTION_MS + DAY_MS;
/** A backstop under every caller's own check: no plan ever holds more windows than this. */
const MAX_PLANNED_WINDOWS = 1000;

export interface TimeWindow {
  start: Date;
  end: Date;
}

/** The format the Management Activity API documents: YYYY-MM-DDTHH:MM:SS, UTC, no zone suffix. */
export function formatApiTime(date: Date): string {
  return date.toISOString().slice(0, 19);
}

/** Splits [start, end) into consecutive windows of at most maxHours; empty when end <= start. */
export function planWindows(start: Date, end: Date, maxHours = MAX_WINDOW_HOURS): TimeWindow[] {
  const step = maxHours * HOUR_MS;
  if (!(step > 0)) throw new RangeError("maxHours must be positive");
  const count = Math.ceil((end.getTime() - start.getTime()) / step);
  if (!(count <= MAX_PLANNED_WINDOWS)) throw rangeTooLong(start, end);
  const windows: TimeWindow[] = [];
  for (let t = start.getTime(); t < end.getTime(); t += step) {
    windows.push({ start: new Date(t), end: new Date(Math.min(t + step, end.getTime())) });
  }
  return windows;
}

function assertEndAfterStart(start: Date, end: Date): void {
  if (end.getTime() > start.getTime()) return;
  throw new O365Error({
    api: "input",
    code: "INVALID_WINDOW",
    message: `endTime ${end.toISOString()} is not after startTime ${start.toISOString()}.`,
    hint: "Give a startTime earlier than the endTime.",
  });
}

function rangeTooLong(start: Date, end: Date): O365Error {
  const days = Math.round((end.getTime() - start.getTime()) / DAY_MS);
  return new O365Error({
    api: "input",
    code: "WINDOW_TOO_LONG",
    message: `The range ${start.toISOString()} to ${end.toISOString()} spans about ${Number.isFinite(days) ? days : "?"} days; the Management Activity API keeps content for 7 days and has none after now.`,
    hint: "Give a range within the last 7 days, with an endTime no later than now (or leave endTime out).",
  });
}

/** Refuses a range longer than anything the API can hold, before any window is planned. */
export function assertRangeSpan(window: TimeWindow): void {
  const span = window.end.getTime() - window.start.getTime();
  if (!(span <= MAX_RANGE_MS)) throw rangeTooLong(window.start, window.end);
}

export interface CheckedWindow extends TimeWindow {
  /** True when the start was moved forward to stay inside the 7-day retention. */
  clamped: boolean;
  /** Human note about the clamp, for tool output. */
  note?: string;
}

/**
 * Checks end after start and the 7-day limit. onTooOld "clamp" moves the start to just inside the
 * retention (content older than that is gone anyway); "error" refuses the window.
 */
export function checkWindow(
  window: TimeWindow,
  opts: { now: Date; onTooOld: "clamp" | "error"; retentionMs?: number },
): CheckedWindow {
  const { start, end } = window;
  assertEndAfterStart(start, end);
  const oldest = opts.now.getTime() - (opts.retentionMs ?? RETENTION_MS);
  if (start.getTime() >= oldest) {
    assertRangeSpan(window);
    return { start, end, clamped: false };
  }
  if (opts.onTooOld === "error" || end.getTime() <= oldest + CLAMP_MARGIN_MS) {
    throw new O365Error({
      api: "input",
      code: "WINDOW_TOO_OLD",
      message: `startTime ${start.toISOString()} is more than 7 days in the past; the Management Activity API keeps content for 7 days only.`,
      hint: `Use a startTime after ${new Date(oldest + CLAMP_MARGIN_MS).toISOString()}.`,
    });
  }
  const clampedStart = new Date(oldest + CLAMP_MARGIN_MS);
  assertRangeSpan({ start: clampedStart, end });
  return {
    start: clampedStart,
    end,
    clamped: true,
    note: `startTime moved from ${start.toISOString()} to ${clampedStart.toISOString()}: content older than 7 days cannot be listed.`,
  };
}

/** Both or neither (o365-api.md 1.5.5); returns the API-formatted pair, or undefined for the default window. */
export function apiWindow(
  startTime: string | undefined,
  endTime: string | undefined,
): { startTime: string; endTime: string } | undefined {
  if (startTime === undefined && endTime === undefined) return undefined;
  if (startTime === undefined || endTime === undefined) {
    throw new O365Error({
      api: "input",
      code: "INVALID_WINDOW",
      message: "startTime and endTime must be given together.",
      hint: "Give both startTime and endTime (at most 24 h apart), or neither for the last 24 hours.",
    });
  }
  const start = parseTime(startTime, "startTime");
  const end = parseTime(endTime, "endTime");
  assertEndAfterStart(start, end);
  if (end.getTime() - start.getTime() > MAX_WINDOW_HOURS * HOUR_MS) {
    throw new O365Error({
      api: "input",
      code: "WINDOW_TOO_LONG",
      message: "startTime and endTime are more than 24 hours apart.",
      hint: "Split the range into windows of at most 24 hours (list_available_content does this for you).",
    });
  }
  return { startTime: formatApiTime(start), endTime: formatApiTime(end) };
}
