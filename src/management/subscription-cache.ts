// A short-lived cache of subscriptions/list. Subscription state changes only through start/stop (ours, which
// invalidate here, or an admin's elsewhere, which the TTL bounds), while a model lists subscriptions often:
// list_subscriptions, search_audit_log's default content types, the subscriptions resource. Concurrent
// callers share one in-flight request. `refresh: true` (diagnose, list_subscriptions {refresh}) goes to the
// API and refills the cache.
import { isO365Error } from "../errors.js";
import type { CallOptions } from "../http/types.js";
import { abortable, cancelledError } from "../http/wait.js";
import type { ManagementClient, Subscription } from "./types.js";

const SUBSCRIPTION_CACHE_TTL_MS = 60_000;

/** Errors that say the tenant's subscriptions differ from what we may have cached (o365-api.md 1.7). */
const SUBSCRIPTION_STATE_ERRORS = new Set(["AF20022", "AF20023"]);

export interface SubscriptionCacheOptions {
  ttlMs?: number;
  /** Milliseconds clock (default Date.now). */
  now?: () => number;
}

export function withSubscriptionCache(
  client: ManagementClient,
  opts: SubscriptionCacheOptions = {},
): ManagementClient {
  const ttl = opts.ttlMs ?? SUBSCRIPTION_CACHE_TTL_MS;
  const now = opts.now ?? Date.now;
  let cached: { list: Subscription[]; at: number } | undefined;
  let inflight: Promise<Subscription[]> | undefined;
  // A fetch started before an invalidation must not refill the cache with the old state.
  let generation = 0;

  function invalidate(): void {
    generation += 1;
    cached = undefined;
    inflight = undefined;
  }

  function fetchList(onEvent: CallOptions["onEvent"]): Promise<Subscription[]> {
    const started = generation;
    // No caller signal: other callers may share this request; each caller stops waiting on its own.
    const request = client.listSubscriptions({ onEvent }).then((list) => {
      if (started === generation) cached = { list, at: now() };
      return list;
    });
    inflight = request;
    const clear = () => {
      if (inflight === request) inflight = undefined;
    };
    request.then(clear, clear);
    return request;
  }

  async function watchState<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (isO365Error(error) && SUBSCRIPTION_STATE_ERRORS.has(error.code)) invalidate();
      throw error;
    }
  }

  async function changeState<T>(call: () => Promise<T>): Promise<T> {
    invalidate();
    try {
      return await call();
    } finally {
      invalidate();
    }
  }

  return {
    ...client,
    async listSubscriptions(callOpts) {
      if (callOpts?.signal?.aborted) throw cancelledError("management");
      const fresh = cached && now() - cached.at < ttl ? cached : undefined;
      if (fresh && !callOpts?.refresh) return copyOf(fresh.list);
      const shared = (!callOpts?.refresh && inflight) || fetchList(callOpts?.onEvent);
      return copyOf(await abortable(shared, callOpts?.signal, "management"));
    },
    startSubscription: (contentType, webhook, callOpts) =>
      changeState(() => client.startSubscription(contentType, webhook, callOpts)),
    stopSubscription: (contentType, callOpts) =>
      changeState(() => client.stopSubscription(contentType, callOpts)),
    listContentPage: (req, callOpts) => watchState(() => client.listContentPage(req, callOpts)),
    listContent: (req, callOpts) => watchState(() => client.listContent(req, callOpts)),
    listNotificationsPage: (req, callOpts) => watchState(() => client.listNotificationsPage(req, callOpts)),
  };
}

/** Callers get their own objects: one caller's edits never reach the cache. */
function copyOf(list: Subscription[]): Subscription[] {
  return list.map((s) => ({ ...s, webhook: s.webhook ? { ...s.webhook } : null }));
}
