// Which /subscriptions/content windows a search must list. The API filters on contentCreated (when a blob
// became available), not on event time, and content lands 60-90 minutes after the event (o365-api.md
// 1.5.5, 1.6): to find events in [start, end) we list blobs created in [start, end + lag), capped at now,
// in windows of at most 24 h (planWindows), per content type.

import type { ContentType } from "../management/types.js";
import { planWindows, RETENTION_MS } from "../management/windows.js";
import { HOUR_MS } from "../time.js";

/** Usual upper bound of the delay between an event and the blob that carries it (o365-api.md 1.6). */
export const CONTENT_LAG_MS = 1.5 * HOUR_MS;
/** Kept between a listing start and the 7-day edge so the request still qualifies when it arrives. */
const RETENTION_MARGIN_MS = 5 * 60_000;

export interface ListingWindow {
  contentType: ContentType;
  start: Date;
  end: Date;
}

export interface SearchPlan {
  windows: ListingWindow[];
  /** Set when blobs for the requested range may still appear (end + lag is after now). */
  contentMayArriveUntil?: Date;
}

export function planSearch(
  req: { start: Date; end: Date; contentTypes: readonly ContentType[] },
  now: Date,
): SearchPlan {
  const oldest = now.getTime() - RETENTION_MS + RETENTION_MARGIN_MS;
  // The API takes whole seconds (formatApiTime): align the bounds outwards so no window collapses to
  // start == end once formatted, and consecutive windows share their boundary exactly.
  const listStart = new Date(Math.floor(Math.max(req.start.getTime(), oldest) / 1000) * 1000);
  const arrivalEnd = req.end.getTime() + CONTENT_LAG_MS;
  const listEnd = new Date(Math.ceil(Math.min(arrivalEnd, now.getTime()) / 1000) * 1000);
  const windows: ListingWindow[] = [];
  for (const contentType of req.contentTypes) {
    for (const w of planWindows(listStart, listEnd))
      windows.push({ contentType, start: w.start, end: w.end });
  }
  return {
    windows,
    contentMayArriveUntil: arrivalEnd > now.getTime() ? new Date(arrivalEnd) : undefined,
  };
}
