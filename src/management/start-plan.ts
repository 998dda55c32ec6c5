// Starting several content types under the subscription start wait (o365-api.md 1.5.1): one start, then 15
// minutes before "another request can be made". Whether the wait spans content types is UNCONFIRMED, so
// start them one after another and, at the first "429" answer, plan the rest instead of sending more
// requests that can only fail: the user gets one plan, not four errors.
import { isO365Error } from "../errors.js";
import type { CallOptions } from "../http/types.js";
import { isEnabled } from "./subscription-states.js";
import type { ContentType, ManagementClient, Subscription, Webhook } from "./types.js";

export const START_WAIT_MS = 15 * 60_000;

export type StartOutcome =
  | { contentType: ContentType; outcome: "started"; subscription: Subscription }
  | { contentType: ContentType; outcome: "already enabled"; subscription?: Subscription }
  | { contentType: ContentType; outcome: "waiting"; notBefore: string }
  | { contentType: ContentType; outcome: "failed"; error: string };

/** Starts each content type in order; already-enabled ones (without a webhook change) are not started again. */
export async function startContentTypes(
  client: ManagementClient,
  contentTypes: readonly ContentType[],
  webhook: Omit<Webhook, "status"> | undefined,
  now: () => Date,
  opts: CallOptions,
): Promise<StartOutcome[]> {
  // Elastic hit the wait by starting every type on every run; it now starts only what is not enabled.
  const listed = webhook === undefined ? await client.listSubscriptions({ ...opts, refresh: true }) : [];
  const out: StartOutcome[] = [];
  let waitUntil: number | undefined;
  for (const contentType of contentTypes) {
    const current = listed.find((s) => s.contentType.toLowerCase() === contentType.toLowerCase());
    if (current && isEnabled(current)) {
      out.push({ contentType, outcome: "already enabled", subscription: current });
      continue;
    }
    if (waitUntil !== undefined) {
      // Per-tenant reading: each further start waits another 15 minutes after the previous one.
      out.push({ contentType, outcome: "waiting", notBefore: new Date(waitUntil).toISOString() });
      waitUntil += START_WAIT_MS;
      continue;
    }
    try {
      const { subscription, alreadyEnabled } = await client.startSubscription(contentType, webhook, opts);
      out.push(
        alreadyEnabled
          ? { contentType, outcome: "already enabled", subscription }
          : { contentType, outcome: "started", subscription },
      );
    } catch (e) {
      if (isO365Error(e) && e.code === "429") {
        waitUntil = now().getTime() + (e.retryAfterMs ?? START_WAIT_MS);
        out.push({ contentType, outcome: "waiting", notBefore: new Date(waitUntil).toISOString() });
        waitUntil += START_WAIT_MS;
        continue;
      }
      if (!isO365Error(e)) throw e;
      out.push({ contentType, outcome: "failed", error: `${e.toUserText()}` });
    }
  }
  return out;
}
