// Time units and the one parser for user-given times, shared by every layer that takes a time window.
import { O365Error } from "./errors.js";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Parses an ISO-8601 (or YYYY-MM-DD) time; a time without zone is UTC, as the Microsoft APIs read it. */
export function parseTime(value: string, field: string): Date {
  const text = value.trim();
  const hasZone = /(?:Z|[+-]\d\d:?\d\d)$/i.test(text);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = Date.parse(hasZone || dateOnly ? text : `${text}Z`);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(ms)) {
    throw new O365Error({
      api: "input",
      code: "INVALID_TIME",
      message: `${field} "${text.slice(0, 40)}" is not a valid time.`,
      hint: `Give ${field} as ISO-8601 UTC, e.g. 2026-05-01T08:00:00Z.`,
    });
  }
  return new Date(ms);
}
