// o365://subscriptions and o365://subscriptions/{contentType}: live subscription state from
// /subscriptions/list (o365-api.md 1.5.4), which omits never-subscribed types; we list them as notSubscribed.
import {
  type McpServer,
  ProtocolError,
  ProtocolErrorCode,
  type ReadResourceResult,
  ResourceTemplate,
} from "@modelcontextprotocol/server";
import type { ServerDeps } from "../deps.js";
import { isO365Error } from "../errors.js";
import { CONTENT_TYPE_DESCRIPTIONS } from "../management/content-types.js";
import { contentTypeStates } from "../management/subscription-states.js";
import { CONTENT_TYPES, type ContentType, type Subscription, type Webhook } from "../management/types.js";

export const SUBSCRIPTIONS_URI = "o365://subscriptions";
export const SUBSCRIPTION_TEMPLATE = "o365://subscriptions/{contentType}";

export interface SubscriptionState {
  contentType: ContentType;
  status: "enabled" | "disabled" | "notSubscribed" | string;
  webhook: Webhook | null;
  description: string;
}

export function subscriptionUri(contentType: string): string {
  return `${SUBSCRIPTIONS_URI}/${contentType}`;
}

function findContentType(value: string): ContentType | undefined {
  const lower = decodeURIComponent(value).trim().toLowerCase();
  return CONTENT_TYPES.find((ct) => ct.toLowerCase() === lower);
}

/** Every content type, in the documented order, with its state (the API matches types case-insensitively). */
export function subscriptionStates(list: Subscription[]): SubscriptionState[] {
  return contentTypeStates(list).map(({ contentType, subscription }) => ({
    contentType,
    status: subscription?.status ?? "notSubscribed",
    webhook: subscription?.webhook ?? null,
    description: CONTENT_TYPE_DESCRIPTIONS[contentType],
  }));
}

async function readStates(deps: ServerDeps, signal: AbortSignal): Promise<SubscriptionState[]> {
  try {
    return subscriptionStates(await deps.management.listSubscriptions({ signal }));
  } catch (e) {
    // A resource read has no isError result: the JSON-RPC error carries the message and the fix.
    const text = isO365Error(e) ? e.toUserText() : `Could not list subscriptions: ${(e as Error).message}`;
    throw new ProtocolError(ProtocolErrorCode.InternalError, text);
  }
}

function json(uri: string, value: unknown): ReadResourceResult {
  return { contents: [{ uri, mimeType: "application/json", text: JSON.stringify(value, null, 2) }] };
}

export function registerSubscriptionResources(server: McpServer, deps: ServerDeps): void {
  server.registerResource(
    "subscriptions",
    SUBSCRIPTIONS_URI,
    {
      title: "Audit feed subscriptions",
      description:
        "Every Management Activity API content type with its subscription status (enabled, disabled, " +
        "notSubscribed) and webhook. Live: read from the tenant on each read; subscribe to hear about changes.",
      mimeType: "application/json",
    },
    async (uri, ctx) => {
      const states = await readStates(deps, ctx.mcpReq.signal);
      return json(uri.href, { subscriptions: states, readAt: deps.now().toISOString() });
    },
  );

  server.registerResource(
    "subscription",
    new ResourceTemplate(SUBSCRIPTION_TEMPLATE, {
      list: async () => ({
        resources: CONTENT_TYPES.map((ct) => ({
          uri: subscriptionUri(ct),
          name: `subscription ${ct}`,
          description: CONTENT_TYPE_DESCRIPTIONS[ct],
          mimeType: "application/json",
        })),
      }),
      complete: {
        contentType: (value) => {
          const prefix = value.toLowerCase();
          return CONTENT_TYPES.filter((ct) => ct.toLowerCase().startsWith(prefix));
        },
      },
    }),
    {
      title: "One content type's subscription",
      description: "Subscription status and webhook of one content type (name matched case-insensitively).",
      mimeType: "application/json",
    },
    async (uri, variables, ctx) => {
      const raw = String(variables.contentType ?? "");
      const contentType = findContentType(raw);
      if (!contentType) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `Unknown content type "${raw.slice(0, 80)}" in ${uri.href}; use one of: ${CONTENT_TYPES.join(", ")}`,
        );
      }
      const states = await readStates(deps, ctx.mcpReq.signal);
      const state = states.find((s) => s.contentType === contentType);
      return json(uri.href, { ...state, readAt: deps.now().toISOString() });
    },
  );
}
