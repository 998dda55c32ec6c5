// /subscriptions/start, /stop and /list (o365-api.md 1.5.1-1.5.4).
import { randomUUID } from "node:crypto";
import { type EmuResponse, jsonResponse } from "../routing.js";
import type { ManagementEnv } from "./env.js";
import { af } from "./errors.js";
import {
  describeSubscription,
  isSettling,
  type Subscription,
  TENANT_START_KEY,
  type Webhook,
  webhookStatus,
} from "./state.js";
import { EXTERNAL_WEBHOOK_REASON, isLoopbackAddress } from "./webhook-reach.js";
import { validateWebhook } from "./webhook-validation.js";

const START_INTERVAL_MS = 15 * 60_000;

export function listSubscriptions(env: ManagementEnv): EmuResponse {
  const now = env.ctx.now();
  // A restart that has not settled is missing from the list (1.5.3).
  return jsonResponse(
    200,
    [...env.state.subscriptions.values()]
      .filter((s) => !isSettling(s, now))
      .map((s) => describeSubscription(s, now)),
  );
}

export async function startSubscription(env: ManagementEnv, contentType: string): Promise<EmuResponse> {
  const now = env.ctx.now();
  // Unified audit logging off: the onboarding error real tenants return (1.5.1, 1.7).
  if (!env.ctx.options.auditLoggingEnabled) return tenantNotOnboarded(env, contentType);
  // One start per 15 minutes, answered 403 with code "429" (o365-api.md 1.5.1). Whether the wait spans
  // content types is UNCONFIRMED: the switch defaults to the stricter per-tenant reading.
  const throttleKey = env.ctx.options.startThrottleScope === "contentType" ? contentType : TENANT_START_KEY;
  const last = env.state.lastStart.get(throttleKey);
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
  if (requested && !env.ctx.options.allowExternalWebhooks && !isLoopbackAddress(requested.address))
    throw af.webhookNotValidated(requested.address, EXTERNAL_WEBHOOK_REASON);
  if (requested && !(await validateWebhook(requested.address, requested.authId, env.webhookCa))) {
    throw af.webhookNotValidated(requested.address, "The endpoint did not return HTTP 200.");
  }
  const restarted = existing !== undefined && existing.status !== "enabled";
  const linger = env.ctx.options.restartLingerMs;
  const next: Subscription = {
    contentType,
    status: "enabled",
    webhook: requested,
    // A re-enabled or new subscription only sees content created from now on (1.5.3).
    availableFrom: existing && existing.status === "enabled" ? existing.availableFrom : now,
    ...(restarted && linger > 0 ? { restartSettlesAt: new Date(now.getTime() + linger) } : {}),
  };
  env.state.subscriptions.set(contentType, next);
  env.state.lastStart.set(throttleKey, now);
  return jsonResponse(200, describeSubscription(next, now));
}

export function stopSubscription(env: ManagementEnv, contentType: string): EmuResponse {
  const existing = env.state.subscriptions.get(contentType);
  if (!existing) throw af.noSubscription();
  existing.status = "disabled";
  return { status: 200, headers: { "Content-Length": "0" }, body: "" };
}

// The observed shape: a truncated `StartSubscription [...` code and a .NET stack trace in the message (1.7).
function tenantNotOnboarded(env: ManagementEnv, contentType: string): EmuResponse {
  const tenant = env.pathTenant;
  const app = env.appId;
  const publisher =
    env.req.url.searchParams.get("PublisherIdentifier") || "00000000-0000-0000-0000-000000000000";
  return jsonResponse(400, {
    error: {
      code: `StartSubscription [CorrId=${randomUUID()}][TenantId=${tenant},ContentType=${contentType},ApplicationId=${app},PublisherId=${publisher}][AppId`,
      message: `=${app}] failed. Exception: Microsoft.Office.Compliance.Audit.DataServiceException: Tenant ${tenant} does not exist.\r\n   at Microsoft.Office.Compliance.Audit.API.AuditApiDataService.StartSubscription(Guid tenantId, String contentType)\r\n   at Microsoft.Office.Compliance.Audit.API.SubscriptionController.Start()`,
    },
  });
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
