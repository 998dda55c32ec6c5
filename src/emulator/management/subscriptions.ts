// /subscriptions/start, /stop and /list (o365-api.md 1.5.1-1.5.4).
import { type EmuResponse, jsonResponse } from "../routing.js";
import type { ManagementEnv } from "./env.js";
import { af } from "./errors.js";
import { describeSubscription, type Subscription, type Webhook, webhookStatus } from "./state.js";
import { validateWebhook } from "./webhook-validation.js";

const START_INTERVAL_MS = 15 * 60_000;

export function listSubscriptions(env: ManagementEnv): EmuResponse {
  const now = env.ctx.now();
  return jsonResponse(
    200,
    [...env.state.subscriptions.values()].map((s) => describeSubscription(s, now)),
  );
}

export async function startSubscription(env: ManagementEnv, contentType: string): Promise<EmuResponse> {
  const now = env.ctx.now();
  // One start per 15 minutes (per content type here), answered 403 with code "429" (o365-api.md 1.5.1).
  const last = env.state.lastStart.get(contentType);
  if (last && now.getTime() - last.getTime() < START_INTERVAL_MS) {
    const wait = Math.ceil((START_INTERVAL_MS - (now.getTime() - last.getTime())) / 1000);
    return jsonResponse(403, {
      error: {
        code: "429",
        message: `Too many frequent subscription start requests. Please retry again after ${Math.floor(wait / 60)}m ${wait % 60}s.`,
      },
    });
  }
  const requested = parseWebhook(env, now);
  const existing = env.state.subscriptions.get(contentType);
  if (existing && existing.status === "enabled" && sameWebhook(existing.webhook, requested, now))
    throw af.alreadyEnabled();
  if (requested && !(await validateWebhook(requested.address, requested.authId, env.webhookCa))) {
    throw af.webhookNotValidated(requested.address, "The endpoint did not return HTTP 200.");
  }
  const next: Subscription = {
    contentType,
    status: "enabled",
    webhook: requested,
    // A re-enabled or new subscription only sees content created from now on (1.5.3).
    availableFrom: existing && existing.status === "enabled" ? existing.availableFrom : now,
  };
  env.state.subscriptions.set(contentType, next);
  env.state.lastStart.set(contentType, now);
  return jsonResponse(200, describeSubscription(next, now));
}

export function stopSubscription(env: ManagementEnv, contentType: string): EmuResponse {
  const existing = env.state.subscriptions.get(contentType);
  if (!existing) throw af.noSubscription();
  existing.status = "disabled";
  return { status: 200, headers: { "Content-Length": "0" }, body: "" };
}

function parseWebhook(env: ManagementEnv, now: Date): Webhook | null {
  const text = env.req.body.toString("utf8").trim();
  if (text === "") return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw af.badType("body", "json");
  }
  if (typeof body !== "object" || body === null) throw af.badType("body", "json");
  const hook = (body as { webhook?: unknown }).webhook;
  if (hook === undefined || hook === null) return null;
  if (typeof hook !== "object") throw af.badType("webhook", "object");
  const { address, authId, expiration } = hook as Record<string, unknown>;
  if (typeof address !== "string" || address === "") throw af.missing("address");
  if (!/^https:\/\//i.test(address))
    throw af.webhookNotValidated(address, "The address must begin with HTTPS.");
  if (authId !== undefined && authId !== null && typeof authId !== "string")
    throw af.badType("authId", "string");
  let expires: string | null = null;
  if (expiration !== undefined && expiration !== null && expiration !== "") {
    const ms = typeof expiration === "string" ? Date.parse(expiration) : Number.NaN;
    if (Number.isNaN(ms)) throw af.badType("expiration", "datetime");
    if (ms <= now.getTime()) throw af.pastExpiration(String(expiration));
    expires = new Date(ms).toISOString();
  }
  return {
    address,
    authId: typeof authId === "string" ? authId : "",
    expiration: expires,
    disabled: false,
    since: now,
  };
}

function sameWebhook(current: Webhook | null, requested: Webhook | null, now: Date): boolean {
  if (current === null || requested === null) return current === requested;
  // A disabled or expired webhook is re-enabled by a start with the same properties: that is a change.
  if (webhookStatus(current, now) !== "enabled") return false;
  return (
    current.address === requested.address &&
    current.authId === requested.authId &&
    current.expiration === requested.expiration
  );
}
