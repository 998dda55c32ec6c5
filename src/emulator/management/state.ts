// Mutable state of the emulated Management Activity API for one tenant: subscriptions, the start throttle,
// manual content expiry and the per-minute request counter. Reset restores the start state.

export interface Webhook {
  address: string;
  authId: string;
  /** ISO text or null (the docs' sample sends "" and shows null). */
  expiration: string | null;
  /** Set when an admin or repeated failures disabled it. */
  disabled: boolean;
  /** When notifications to it started (the notifications log starts here). */
  since: Date;
}

export interface Subscription {
  contentType: string;
  status: "enabled" | "disabled";
  webhook: Webhook | null;
  /** Content created before this is not listed (a restarted subscription only sees new content, 1.5.3). */
  availableFrom: Date;
  /**
   * Set on a start after a stop: until then the restart has not taken, so /subscriptions/list leaves it out
   * and content answers AF20023 (1.5.3, OBSERVED; how long is UNCONFIRMED, a switch).
   */
  restartSettlesAt?: Date;
}

/** A restarted subscription that has not settled yet (still answers AF20023). */
export function isSettling(sub: Subscription, now: Date): boolean {
  return sub.restartSettlesAt !== undefined && now.getTime() < sub.restartSettlesAt.getTime();
}

export const TENANT_START_KEY = "*tenant*";

export interface ManagementState {
  subscriptions: Map<string, Subscription>;
  /** Last successful start per throttle key: the content type, or TENANT_START_KEY (startThrottleScope). */
  lastStart: Map<string, Date>;
  expiredBefore: Date | undefined;
  throttle: { minute: number; count: number };
  reset(): void;
}

export function createManagementState(subscribed: readonly string[]): ManagementState {
  const state: ManagementState = {
    subscriptions: new Map(),
    lastStart: new Map(),
    expiredBefore: undefined,
    throttle: { minute: 0, count: 0 },
    reset() {
      state.subscriptions.clear();
      for (const contentType of subscribed) {
        state.subscriptions.set(contentType, {
          contentType,
          status: "enabled",
          webhook: null,
          availableFrom: new Date(0),
        });
      }
      state.lastStart.clear();
      state.expiredBefore = undefined;
      state.throttle = { minute: 0, count: 0 };
    },
  };
  state.reset();
  return state;
}

export function webhookStatus(webhook: Webhook, now: Date): "enabled" | "disabled" | "expired" {
  if (webhook.disabled) return "disabled";
  if (webhook.expiration !== null && Date.parse(webhook.expiration) <= now.getTime()) return "expired";
  return "enabled";
}

/** The subscription as /subscriptions/list and /start show it (o365-api.md 1.5.1, 1.5.4). */
export function describeSubscription(sub: Subscription, now: Date): Record<string, unknown> {
  return {
    contentType: sub.contentType,
    status: sub.status,
    webhook: sub.webhook
      ? {
          status: webhookStatus(sub.webhook, now),
          address: sub.webhook.address,
          authId: sub.webhook.authId,
          expiration: sub.webhook.expiration,
        }
      : null,
  };
}
