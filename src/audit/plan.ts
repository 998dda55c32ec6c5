// Which /subscriptions/content windows a search must list. The API filters on contentCreated (when a blob
// became available), not on event time, and Microsoft promises no delivery time: 60-90 minutes is typical,
// up to 24 hours is documented and days have been seen (o365-api.md 1.5.5, 1.6). To find events in
// [start, end) we list blobs created in [start, end + arrival horizon), capped at now, in windows of at most
// 24 h (planWindows), per content type. Events that land later than the horizon are not read, and the plan
// says so.

import type { ContentType } from "../management/types.js";
import { planWindows, RETENTION_MS } from "../management/windows.js";
import { HOUR_MS } from "../time.js";

/** The documented worst case of the delay between an event and the blob carrying it (o365-api.md 1.6). */
export const DEFAULT_ARRIVAL_HOURS = 24;
/** Kept between a listing start and the 7-day edge so the request still qualifies when it arrives. */
const RETENTION_MARGIN_MS = 5 * 60_000;

export interface ListingWindow {
  contentType: ContentType;
  start: Date;
  end: Date;
}

export interface SearchPlan {
  windows: ListingWindow[];
  /** The arrival horizon used: blobs created up to this many hours after the range end are listed. */
  arrivalHorizonHours: number;
  /** Blobs created before this time were listed: min(now, end + horizon). */
  listedUntil: Date;
  /** Set when end + horizon is after now: blobs for the range may still appear until then. */
  contentMayArriveUntil?: Date;
}

export function planSearch(
  req: { start: Date; end: Date; contentTypes: readonly ContentType[]; arrivalHorizonHours?: number },
  now: Date,
): SearchPlan {
  const horizonHours = req.arrivalHorizonHours ?? DEFAULT_ARRIVAL_HOURS;
  const oldest = now.getTime() - RETENTION_MS + RETENTION_MARGIN_MS;
  // The API takes whole seconds (formatApiTime): align the bounds outwards so no window collapses to
  // start == end once formatted, and consecutive windows share their boundary exactly.
  const listStart = new Date(Math.floor(Math.max(req.start.getTime(), oldest) / 1000) * 1000);
  const arrivalEnd = req.end.getTime() + horizonHours * HOUR_MS;
  const listEnd = new Date(Math.ceil(Math.min(arrivalEnd, now.getTime()) / 1000) * 1000);
  const windows: ListingWindow[] = [];
  for (const contentType of req.contentTypes) {
    for (const w of planWindows(listStart, listEnd))
      windows.push({ contentType, start: w.start, end: w.end });
  }
  return {
    windows,
    arrivalHorizonHours: horizonHours,
    listedUntil: listEnd.getTime() > listStart.getTime() ? listEnd : listStart,
    contentMayArriveUntil: arrivalEnd > now.getTime() ? new Date(arrivalEnd) : undefined,
  };
}
