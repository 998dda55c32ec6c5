// list_subscriptions: GET subscriptions/list (o365-api.md 1.5.4), plus the content types never subscribed.
import { z } from "zod";
import { CONTENT_TYPE_DESCRIPTIONS } from "../src/management/content-types.js";
import { unsubscribedContentTypes } from "../src/management/subscription-states.js";
import { defineTool } from "../src/mcp/tool-definition.js";

const webhookShape = z
  .object({
    status: z.string().optional().describe("enabled, disabled (after delivery failures) or expired"),
    address: z.string().describe("HTTPS endpoint that receives notifications"),
    authId: z.string().nullable().optional().describe("Value echoed in the Webhook-AuthID header"),
    expiration: z.string().nullable().optional().describe("When notifications stop; null = never"),
  })
  .nullable()
  .describe("Webhook of the subscription, or null when it has none (or it is not validated yet)");

export const listSubscriptions = defineTool({
  name: "list_subscriptions",
  title: "List audit feed subscriptions",
  description:
    "Subscription state (enabled, disabled, none) and webhook of each audit content type. Use it when the audit feed returns nothing or AF20022/AF20023, or to see what search_audit_log can search. Up to 60 s old unless refresh: true. Untrusted: webhook addresses, authId.",
  input: {
    refresh: z.boolean().optional().describe("Read now instead of the 60 s cache"),
  },
  output: {
    subscriptions: z
      .array(
        z.object({
          contentType: z.string().describe("Content type name"),
          status: z
            .string()
            .describe("enabled or disabled; a disabled subscription cannot list or fetch content"),
          webhook: webhookShape,
        }),
      )
      .describe("Subscriptions the tenant has (enabled or disabled)"),
    notSubscribed: z
      .array(z.string())
      .describe("Content types with no subscription at all; start_subscription enables them"),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const subs = await ctx.deps.management.listSubscriptions({
      refresh: args.refresh === true,
      signal: ctx.signal,
      onEvent: ctx.onHttpEvent,
    });
    return {
      subscriptions: subs.map((s) => ({
        contentType: s.contentType,
        status: s.status,
        webhook: s.webhook
          ? {
              status: s.webhook.status,
              address: s.webhook.address,
              authId: s.webhook.authId ?? null,
              expiration: s.webhook.expiration ?? null,
            }
          : null,
      })),
      notSubscribed: unsubscribedContentTypes(subs),
    };
  },
  render(result) {
    const enabled = result.subscriptions.filter((s) => s.status === "enabled").length;
    const rows = result.subscriptions.map((s) => ({
      contentType: s.contentType,
      status: s.status,
      webhook: s.webhook ? `${s.webhook.status ?? "?"} ${s.webhook.address}` : "none",
      webhookExpires: s.webhook?.expiration ?? undefined,
    }));
    const missing = result.notSubscribed.map(
      (ct) =>
        `Not subscribed: ${ct} (${CONTENT_TYPE_DESCRIPTIONS[ct as keyof typeof CONTENT_TYPE_DESCRIPTIONS] ?? ""})`,
    );
    return {
      header: `${result.subscriptions.length} subscriptions (${enabled} enabled), ${result.notSubscribed.length} content types not subscribed.`,
      notes: missing,
      sections: [{ rows, empty: "No subscriptions: start one with start_subscription." }],
    };
  },
});
