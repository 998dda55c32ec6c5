// How long after an event its blob becomes available (o365-api.md 1.6). Microsoft promises no delivery
// time: 60-90 minutes is typical, up to 24 hours is documented (Entra sign-ins and admin events are in the
// 24-hour column), and a real blob has held events five days old. So most records lag 20-90 minutes, a few
// per cent 2-24 hours, and a few Entra records several days. The long tail draws from its own seeded
// stream, so switching it off (or on) changes no record's content, only some event times.
import { rngFor } from "./random.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The typical range: content becomes available 20-90 minutes after its events. */
export const MIN_LAG_MS = 20 * MINUTE;
export const MAX_LAG_MS = 90 * MINUTE;
/** No record reaches its blob later than this (the days-late Entra tail's upper end). */
export const MAX_RECORD_LAG_MS = 6 * DAY;
/** Share of records delivered 2-24 hours late. */
const LATE_SHARE = 0.04;
/** Share of Entra records delivered 2-6 days late (the five-day capture). */
const DAYS_LATE_SHARE = 0.002;

/** The lag of record k of blob `index`; `typical` is its 20-90 minute draw. */
export function recordLag(
  seed: number,
  contentType: string,
  index: number,
  k: number,
  typical: number,
  longTail: boolean,
): number {
  if (!longTail) return typical;
  const rng = rngFor(seed, contentType, index, k, "lag");
  const roll = rng.next();
  if (contentType === "Audit.AzureActiveDirectory" && roll < DAYS_LATE_SHARE) {
    return 2 * DAY + rng.next() * 4 * DAY;
  }
  if (roll < DAYS_LATE_SHARE + LATE_SHARE) return 2 * HOUR + rng.next() * 22 * HOUR;
  return typical;
}
