// startTime/endTime rules of /subscriptions/content and /notifications (o365-api.md 1.5.5).
import { af } from "./errors.js";

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?Z?$/;

/**
 * Parses the documented formats (YYYY-MM-DD, YYYY-MM-DDTHH:MM, YYYY-MM-DDTHH:MM:SS) plus a fraction of up to
 * 9 digits and a Z, as production clients send them (o365-api.md 1.5.5); UTC.
 */
export function parseApiDate(text: string): Date | undefined {
  const m = DATE_PATTERN.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h = "0", mi = "0", s = "0"] = m.slice(1, 7);
  const ms = m[7] ? Math.floor(Number(m[7]) * 1000) : 0;
  const date = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms));
  // Reject impossible dates (2025-02-30) that Date.UTC would roll over.
  if (
    date.getUTCFullYear() !== +y ||
    date.getUTCMonth() !== +mo - 1 ||
    date.getUTCDate() !== +d ||
    +h > 23 ||
    +mi > 59 ||
    +s > 59
  ) {
    return undefined;
  }
  return date;
}

export interface ContentWindow {
  start: Date;
  end: Date;
  /** The values to repeat in NextPageUri (the caller's text, or the defaulted last 24 h). */
  startText: string;
  endText: string;
}

export function formatApiDate(date: Date): string {
  return date.toISOString().slice(0, 19);
}

export function resolveWindow(
  startText: string | null,
  endText: string | null,
  now: Date,
  allowLongWindows: boolean,
): ContentWindow {
  if (startText === null && endText === null) {
    // Default: the last 24 h, whole seconds so the NextPageUri repeats the same window exactly.
    const end = new Date(Math.floor(now.getTime() / 1000) * 1000 + 1000);
    const start = new Date(end.getTime() - DAY_MS);
    return { start, end, startText: formatApiDate(start), endText: formatApiDate(end) };
  }
  if (startText === null || endText === null) throw af.window();
  const start = parseApiDate(startText);
  if (!start) throw af.badType("startTime", "datetime");
  const end = parseApiDate(endText);
  if (!end) throw af.badType("endTime", "datetime");
  if (start.getTime() >= end.getTime()) throw af.windowOrder();
  if (!allowLongWindows && end.getTime() - start.getTime() > DAY_MS) throw af.window();
  if (start.getTime() < now.getTime() - 7 * DAY_MS) throw af.window();
  return { start, end, startText, endText };
}
