// GET {contentUri} = /audit/{contentId}: the blob's JSON array, or AF20050/AF20051/AF20052 (o365-api.md 1.5.6).
import type { EmuResponse } from "../routing.js";
import { blobBody } from "./body-cache.js";
import { CONTENT_LIFETIME_MS, enabledSubscription } from "./content.js";
import type { ManagementEnv } from "./env.js";
import { af } from "./errors.js";
import { requireContentTypePermission } from "./permissions.js";

// Real ids are `$`-separated alphanumeric parts (1.5.5).
const CONTENT_ID_PATTERN = /^[A-Za-z0-9_.-]+(\$[A-Za-z0-9_.-]+)+$/;

export function retrieveContent(env: ManagementEnv, rawId: string): EmuResponse {
  let contentId: string;
  try {
    contentId = decodeURIComponent(rawId);
  } catch {
    throw af.badContentId(rawId);
  }
  if (!CONTENT_ID_PATTERN.test(contentId)) throw af.badContentId(contentId);
  const now = env.ctx.now();
  const blob = env.ctx.tenant.blobById(contentId);
  if (!blob || blob.contentCreated.getTime() > now.getTime()) throw af.contentMissing(contentId);
  requireContentTypePermission(env, blob.contentType);
  const sub = enabledSubscription(env, blob.contentType);
  if (blob.contentCreated.getTime() < sub.availableFrom.getTime()) throw af.contentMissing(contentId);
  const expiredBefore = env.state.expiredBefore?.getTime() ?? Number.NEGATIVE_INFINITY;
  if (
    now.getTime() >= blob.contentCreated.getTime() + CONTENT_LIFETIME_MS ||
    blob.contentCreated.getTime() < expiredBefore
  ) {
    throw af.contentExpired(contentId);
  }
  return {
    status: 200,
    headers: { "Content-Type": "application/json; charset=utf-8" },
    body: blobBody(env, blob),
  };
}
