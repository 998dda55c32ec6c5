// /subscriptions/content and /subscriptions/notifications: window rules, contentCreated filtering and
// NextPageUri paging (o365-api.md 1.5.5, 1.5.7).
import { createHmac } from "node:crypto";
import { type EmuResponse, jsonResponse } from "../routing.js";
import type { EmuBlob } from "../tenant/types.js";
import { feedRoot, type ManagementEnv } from "./env.js";
import { af } from "./errors.js";
import { queryParam } from "./query.js";
import { isSettling, type Subscription } from "./state.js";
import { type ContentWindow, resolveWindow } from "./time-window.js";

/** Blobs can be fetched for 7 days after contentCreated (o365-api.md 1.5.6). */
export const CONTENT_LIFETIME_MS = 7 * 86_400_000;
// Notifications go out shortly after the blob becomes available.
const NOTIFICATION_DELAY_MS = 90_000;

export function enabledSubscription(env: ManagementEnv, contentType: string): Subscription {
  const sub = env.state.subscriptions.get(contentType);
  if (!sub) throw af.noSubscription();
  if (sub.status !== "enabled" || isSettling(sub, env.ctx.now())) throw af.disabled();
  return sub;
}

export function describeBlob(env: ManagementEnv, blob: EmuBlob): Record<string, unknown> {
  return {
    contentType: blob.contentType,
    contentId: blob.contentId,
    contentUri: `${feedRoot(env)}/audit/${blob.contentId}`,
    contentCreated: blob.contentCreated.toISOString(),
    contentExpiration: new Date(blob.contentCreated.getTime() + CONTENT_LIFETIME_MS).toISOString(),
  };
}

export function listContent(env: ManagementEnv, contentType: string): EmuResponse {
  const sub = enabledSubscription(env, contentType);
  const now = env.ctx.now();
  const window = readWindow(env, now);
  const blobs = blobsIn(env, contentType, sub.availableFrom, window, now);
  return page(
    env,
    "content",
    contentType,
    window,
    blobs.map((b) => describeBlob(env, b)),
  );
}

export function listNotifications(env: ManagementEnv, contentType: string): EmuResponse {
  const sub = enabledSubscription(env, contentType);
  const now = env.ctx.now();
  const window = readWindow(env, now);
  const hook = sub.webhook;
  if (!hook) return page(env, "notifications", contentType, window, []);
  const from = hook.since.getTime() > sub.availableFrom.getTime() ? hook.since : sub.availableFrom;
  const items = blobsIn(env, contentType, from, window, now)
    .filter((b) => b.contentCreated.getTime() + NOTIFICATION_DELAY_MS <= now.getTime())
    .map((b) => ({
      ...describeBlob(env, b),
      notificationSent: new Date(b.contentCreated.getTime() + NOTIFICATION_DELAY_MS).toISOString(),
      notificationStatus: "success",
    }));
  return page(env, "notifications", contentType, window, items);
}

function readWindow(env: ManagementEnv, now: Date): ContentWindow {
  const url = env.req.url;
  return resolveWindow(
    queryParam(url, "startTime"),
    queryParam(url, "endTime"),
    now,
    env.ctx.options.allowLongWindows,
  );
}

// Start inclusive, end exclusive on contentCreated, and never a blob that is not available yet.
function blobsIn(
  env: ManagementEnv,
  contentType: string,
  from: Date,
  w: ContentWindow,
  now: Date,
): EmuBlob[] {
  const lo = Math.max(w.start.getTime(), from.getTime());
  const hi = w.end.getTime();
  return env.ctx.tenant.blobs(contentType).filter((b) => {
    const t = b.contentCreated.getTime();
    return t >= lo && t < hi && t <= now.getTime();
  });
}

function page(
  env: ManagementEnv,
  operation: "content" | "notifications",
  contentType: string,
  window: ContentWindow,
  items: unknown[],
): EmuResponse {
  const size = Math.max(1, env.ctx.options.contentPageSize);
  const key = `${operation}|${contentType}|${window.start.getTime()}|${window.end.getTime()}`;
  const nextPage = queryParam(env.req.url, "nextPage");
  const offset = nextPage === null ? 0 : readPageToken(env, key, nextPage, items.length);
  const end = offset + size;
  const headers: Record<string, string> = {};
  if (end < items.length) {
    const token = pageToken(env, key, end);
    headers.NextPageUri = `${feedRoot(env)}/subscriptions/${operation}?${nextPageParams(env, contentType, window, token)}`;
  }
  return jsonResponse(200, items.slice(offset, end), headers);
}

/**
 * The documented form (o365-api.md 1.5.5) repeats the window and the caller's PublisherIdentifier; the form
 * seen in the wild (lowerCaseNextPageUri) has lower-case names and no PublisherIdentifier.
 */
function nextPageParams(
  env: ManagementEnv,
  contentType: string,
  window: ContentWindow,
  token: string,
): string {
  if (env.ctx.options.lowerCaseNextPageUri) {
    return new URLSearchParams({
      contenttype: contentType,
      starttime: window.startText,
      endtime: window.endText,
      nextpage: token,
    }).toString();
  }
  const params = new URLSearchParams({ contentType, startTime: window.startText, endTime: window.endText });
  const publisher = queryParam(env.req.url, "PublisherIdentifier");
  if (publisher) params.set("PublisherIdentifier", publisher);
  params.set("nextPage", token);
  return params.toString();
}

function pageToken(env: ManagementEnv, key: string, offset: number): string {
  const mac = createHmac("sha256", env.pageSecret).update(`${key}|${offset}`).digest("hex").slice(0, 12);
  return `${String(offset).padStart(9, "0")}R${mac}`;
}

function readPageToken(env: ManagementEnv, key: string, token: string, total: number): number {
  const m = /^(\d{9})R[0-9a-f]{12}$/.exec(token);
  const offset = m ? Number(m[1]) : -1;
  if (offset < 0 || offset > total || pageToken(env, key, offset) !== token) throw af.badNextPage(token);
  return offset;
}
