// start_subscription: POST subscriptions/start (o365-api.md 1.5.1); AF20024 "already enabled" is success.
import { z } from "zod";
import { normalizeContentType } from "../src/management/content-types.js";
import { defineTool } from "../src/mcp/tool-definition.js";
import { invalidInput } from "../src/shape/input.js";
import { resultFields } from "../src/shape/page.js";
import { parseTime } from "../src/time.js";

function checkWebhookAddress(address: string): string {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    throw invalidInput(
      "INVALID_WEBHOOK",
      `webhook.address "${address.slice(0, 100)}" is not a URL.`,
      "Give an absolute https:// URL.",
    );
  }
  if (url.protocol !== "https:") {
    throw invalidInput(
      "INVALID_WEBHOOK",
      `webhook.address must use HTTPS, not ${url.protocol.replace(":", "")}.`,
      "The Management Activity API only delivers to https:// endpoints (AF20021 otherwise).",
    );
  }
  return url.toString();
}

export const startSubscription = defineTool({
  name: "start_subscription",
  title: "Start an audit feed subscription",
  description:
    "Starts or updates one content type's subscription, optionally with an HTTPS webhook (validated by Microsoft at once). Use it for AF20022 (none) or AF20023 (disabled), or to change a webhook; already enabled is a success. Limits: one start per 15 minutes per tenant; first content can take 12 h. Changes the tenant.",
  input: {
    contentType: z
      .string()
      .describe(
        "Audit.AzureActiveDirectory, Audit.Exchange, Audit.SharePoint, Audit.General or DLP.All (case-insensitive)",
      ),
    webhook: z
      .object({
        address: z.string().describe("HTTPS URL; must answer the validation POST with 200"),
        authId: z.string().optional().describe("Sent back in the Webhook-AuthID header"),
        expiration: z.string().optional().describe("ISO-8601 UTC; notifications stop after it"),
      })
      .optional()
      .describe("Omit to poll with list_available_content"),
  },
  output: {
    contentType: z.string().describe("Content type of the subscription"),
    status: z.string().describe("Subscription status after the call (enabled)"),
    alreadyEnabled: z.boolean().describe("True when it was already enabled with the same settings (AF20024)"),
    webhook: z
      .object({
        status: z.string().optional().describe("Webhook status"),
        address: z.string().describe("Webhook address"),
        expiration: z.string().nullable().optional().describe("Webhook expiration"),
      })
      .nullable()
      .describe("Webhook after the call, or null"),
    ...resultFields("notes"),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const contentType = normalizeContentType(args.contentType);
    let webhook: { address: string; authId?: string; expiration?: string | null } | undefined;
    if (args.webhook) {
      const expiration = args.webhook.expiration
        ? parseTime(args.webhook.expiration, "webhook.expiration")
        : undefined;
      if (expiration && expiration.getTime() <= ctx.deps.now().getTime()) {
        throw invalidInput(
          "INVALID_WEBHOOK",
          `webhook.expiration ${expiration.toISOString()} is in the past.`,
          "Give a future expiration, or omit it for a webhook that never expires.",
        );
      }
      webhook = {
        address: checkWebhookAddress(args.webhook.address),
        ...(args.webhook.authId === undefined ? {} : { authId: args.webhook.authId }),
        ...(expiration ? { expiration: expiration.toISOString() } : {}),
      };
    }
    const { subscription, alreadyEnabled } = await ctx.deps.management.startSubscription(
      contentType,
      webhook,
      {
        signal: ctx.signal,
        onEvent: ctx.onHttpEvent,
      },
    );
    await ctx.subscriptionsChanged(contentType);
    const notes = alreadyEnabled
      ? [`${contentType} was already enabled with these settings (AF20024): nothing changed.`]
      : [
          `${contentType} is subscribed. New content can take up to 12 hours to appear; Microsoft allows one start request per 15 minutes.`,
        ];
    return {
      contentType: subscription.contentType || contentType,
      status: subscription.status,
      alreadyEnabled,
      webhook: subscription.webhook
        ? {
            status: subscription.webhook.status,
            address: subscription.webhook.address,
            expiration: subscription.webhook.expiration ?? null,
          }
        : null,
      notes,
    };
  },
  render(result) {
    const webhook = result.webhook;
    return {
      header: `${result.contentType}: ${result.status}${result.alreadyEnabled ? " (already enabled)" : ""}.`,
      notes: result.notes,
      sections: [
        {
          rows: webhook
            ? [{ webhook: webhook.address, status: webhook.status, expires: webhook.expiration }]
            : [],
        },
      ],
    };
  },
});
